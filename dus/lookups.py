"""`__in` on integer fields leaves out the values the database cannot hold.

Django already answers `exact`, `lt`, `gt` ... with an out-of-range integer as "no
match" (IntegerFieldOverflow); `in` it passes on, and SQLite's driver then raises
OverflowError. A multi-select posted with a 20-digit id (every ModelMultipleChoiceField
asks `pk__in`) answered 500 instead of "not a valid choice". Registered on
IntegerField, and so on every integer field and primary key, when `dus` is ready.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


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
