"""Lookups the portal corrects: `__in` on integer fields, `exact` on foreign keys, and
`icontains` on SQLite.

`__in` on integer fields leaves out the values the database cannot hold.

Django already answers `exact`, `lt`, `gt` ... with an out-of-range integer as "no
match" (IntegerFieldOverflow); `in` it passes on, and SQLite's driver then raises
OverflowError. A multi-select posted with a 20-digit id (every ModelMultipleChoiceField
asks `pk__in`) answered 500 instead of "not a valid choice". Registered on
IntegerField, and so on every integer field and primary key, when `dus` is ready.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import CharField, ForeignKey, IntegerField, TextField
from django.db.models.fields.related_lookups import RelatedExact
from django.db.models.lookups import IContains, In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


@ForeignKey.register_lookup
class ForeignKeyExact(RelatedExact):
    """`exact` on a foreign key to an integer id: an id the database cannot hold matches
    nothing, as Django's own IntegerFieldOverflow does for the id itself. Without it, an
    address with a 20-digit id in its foreign-key part
    (`/vurderinger/1/beslutninger/9223372036854775808/tilbagekald/`, looked up as
    `initiative_id=...`) answered 500 on SQLite, whose driver raises OverflowError."""

    def process_rhs(self, compiler, connection):
        target = getattr(self.lhs.output_field, "target_field", None)
        if isinstance(self.rhs, int) and isinstance(target, IntegerField):
            low, high = connection.ops.integer_field_range(target.get_internal_type())
            if (low is not None and self.rhs < low) or (high is not None and self.rhs > high):
                raise EmptyResultSet
        return super().process_rhs(compiler, connection)


# The SQLite function that folds case in every alphabet, registered on each new SQLite
# connection (dus.apps): SQLite's own LIKE and lower() fold ASCII letters only.
FOLD = "dus_fold"


def fold(value):
    """Lower case, in every alphabet ("Ældre" and "ældre" alike); other values as
    they are. Python's re.IGNORECASE marks the same matches (dus.search)."""
    return value.lower() if isinstance(value, str) else value


def register_fold(sender, connection, **kwargs) -> None:
    """On a new SQLite connection: `dus_fold(text)`, deterministic, for `icontains`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD, 1, fold, deterministic=True)


@CharField.register_lookup
@TextField.register_lookup
class UnicodeIContains(IContains):
    """`icontains` that folds æ, ø, å (and every other letter) on SQLite too.

    SQLite's LIKE ignores case for ASCII letters only, so "Ældre" did not find
    "ældre". Both sides go through `dus_fold` there; PostgreSQL compares UPPER() of
    both, which already folds every letter in a UTF-8 database. A function rather
    than a stored folded column: nothing to keep in step when a text changes, and
    every `icontains` of the portal (search, colleague search, the admin) is right."""

    def as_sqlite(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        rhs_sql = self.get_rhs_op(connection, f"{FOLD}({rhs_sql})")
        return f"{FOLD}({lhs_sql}) {rhs_sql}", (*lhs_params, *rhs_params)
