"""Tools for the property-based test of every POST view (tests/dus/test_post_fuzz.py):
which forms a view binds to what it is sent, which fields it reads by hand, strategies of
good and hostile values for each, and a cheap count of the rows a request writes.

Field strategies come from the forms themselves: a probe sends the view an empty POST and
records every form and formset it binds (`recording`), so a new form, a new field or a
prefix is fuzzed without anyone listing it here.
"""

import datetime as dt
import inspect
import re
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.forms.formsets import BaseFormSet, ManagementForm
from hypothesis import strategies as st

# Text a person may type, in every script, but no lone surrogates: a browser cannot send
# those in UTF-8 (the test client cannot even encode them).
TEXT = st.characters(exclude_categories=["Cs"])
HUGE = 20_000  # characters: far beyond every field's limit, well within a request's

# Values that have each broken a web form somewhere: empty and blank, control characters,
# markup and script, format strings, numbers that are not plain ASCII integers or do not fit
# 64 bits, dates that do not exist or lie far away, and words that are not what a field holds.
HOSTILE_VALUES = [
    "",
    " ",
    "\t\r\n",
    "\x00",
    "a\x00b",
    "\x07\x08\x1b[31m",
    "a\x1fb\x7f",
    "line\u2028break\u2029",
    "\u202eevil",
    "\ufeff",
    "👩\u200d👩\u200d👧🇩🇰",
    "Ærø Østergård Åbyhøj",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ request }}{% debug %}",
    "%s %(name)s {0} %n",
    "' OR 1=1 --",
    "../../etc/passwd",
    "0",
    "-1",
    "1.5",
    "1e308",
    "NaN",
    "Infinity",
    "0x10",
    "٣",
    "²",
    "١٢٣",
    "9" * 30,
    str(2**63),
    str(2**64),
    str(-(2**63) - 1),
    "true",
    "null",
    "[]",
    "{}",
    "2024-02-30",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2024-13-01",
    "25:61",
    "23:59:60",
    "up",
    ":",
    "1:up:down",
    "a@b",
    "x" * 201,
]
HOSTILE = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    st.text(TEXT, max_size=40),
    st.builds(lambda c, n: c * n, st.sampled_from(["x", "ø", "€", "\x00", "9"]), st.just(HUGE)),
)

# Names a form does not have, that a curious person adds (no mass assignment).
EXTRA_NAMES = [
    "id",
    "pk",
    "status",
    "rank",
    "owner",
    "cluster",
    "created_by",
    "version",
    "state",
    "is_superuser",
    "groups",
    "next",
    "submission",
    "read_version",
    "__proto__",
    "a" * 300,
    "ø",
    "x[]",
]


def _flat_choices(field) -> list[str]:
    values = []
    for value, label in getattr(field, "choices", []):
        if isinstance(label, list | tuple):  # an optgroup
            values.extend(str(v) for v, _label in label)
        elif value not in ("", None):
            values.append(str(getattr(value, "value", value)))
    return values


def _as_sent(field, value):
    """An initial value as a browser would send it."""
    if value is None:
        return None
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple | models.QuerySet):
        return [_as_sent(field, v) for v in value]
    if isinstance(field, forms.BooleanField):
        return "on" if value else None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


def _bounds(field) -> tuple[int | None, int | None]:
    low, high = getattr(field, "min_value", None), getattr(field, "max_value", None)
    return low, high


# A file the portal takes (the organisation import's example), to spoil cell by cell.
DOCS = Path(__file__).resolve().parents[1] / "docs"
SAMPLE_FILE = (DOCS / "organisation-eksempel.csv").read_text(encoding="utf-8")


@st.composite
def csv_files(draw) -> SimpleUploadedFile:
    """The sample file with some of its cells (the header's too) replaced by anything,
    in one of the encodings and separators a spreadsheet writes."""
    rows = [line.split(";") for line in SAMPLE_FILE.splitlines()]
    for _ in range(draw(st.integers(0, 4))):
        row = draw(st.integers(0, len(rows) - 1))
        cell = draw(st.integers(0, len(rows[row]) - 1))
        rows[row][cell] = draw(HOSTILE)
    sep = draw(st.sampled_from([";", ",", "\t"]))
    text = "\r\n".join(sep.join(row) for row in rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    content = text.encode(encoding, errors="replace")
    return SimpleUploadedFile("organisation.csv", content, content_type="text/csv")


def good_values(field, other_ids: list[int]) -> st.SearchStrategy:
    """Values of the field's own type that it may well accept."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        ids = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:50]]
        return st.lists(st.sampled_from(ids), min_size=1, max_size=4) if ids else st.just([])
    if isinstance(field, forms.ModelChoiceField):
        ids = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:50]]
        return st.sampled_from(ids) if ids else st.just("")
    if isinstance(field, forms.MultipleChoiceField):
        choices = _flat_choices(field)
        if not choices:
            return st.just([])
        return st.lists(st.sampled_from(choices), min_size=1, max_size=3)
    if isinstance(field, forms.ChoiceField):
        choices = _flat_choices(field)
        return st.sampled_from(choices) if choices else st.just("")
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", None])
    if isinstance(field, forms.IntegerField):
        low, high = _bounds(field)
        low = -5 if low is None else low
        high = max(low, 500) if high is None else high
        return st.integers(low, high).map(str)
    if isinstance(field, forms.DecimalField | forms.FloatField):
        return st.integers(0, 1000).map(str)
    if isinstance(field, forms.DateTimeField):
        return st.datetimes(dt.datetime(2022, 1, 1), dt.datetime(2030, 12, 31)).map(
            lambda d: d.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(field, forms.DateField):
        today = dt.date.today()
        span = dt.timedelta(days=3 * 365)
        return st.dates(today - span, today + span).map(dt.date.isoformat)
    if isinstance(field, forms.TimeField):
        return st.times().map(lambda t: t.strftime("%H:%M"))
    if isinstance(field, forms.EmailField):
        return st.sampled_from(["navn@skanderborg.dk", "a.b-c@example.com", ""])
    if isinstance(field, forms.UUIDField):
        return st.uuids().map(str)
    if isinstance(field, forms.FileField):
        return csv_files()
    if isinstance(field, forms.CharField):
        limit = field.max_length or 200
        size = st.integers(1 if field.required else 0, min(limit, 60))
        return size.flatmap(lambda n: st.text(TEXT, min_size=n, max_size=n))
    return st.text(TEXT, max_size=20)


def bad_values(field, other_ids: list[int]) -> st.SearchStrategy:
    """Values of a wrong type, out of range, too long, or ids of objects of other kinds."""
    ids = st.sampled_from(other_ids).map(str) if other_ids else st.just("1")
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return st.lists(st.one_of(ids, HOSTILE), min_size=0, max_size=4)
    if isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
        return st.one_of(ids, HOSTILE)
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        low, high = _bounds(field)
        out = [str(low - 1)] if low is not None else []
        out += [str(high + 1)] if high is not None else []
        return st.one_of(
            st.sampled_from(out or ["-1"]),
            st.integers().map(str),
            st.floats().map(str),
            HOSTILE,
        )
    if isinstance(field, forms.DateTimeField | forms.DateField):
        return st.one_of(
            st.dates().map(dt.date.isoformat),
            st.datetimes().map(lambda d: d.isoformat()),
            HOSTILE,
        )
    if isinstance(field, forms.TimeField):
        return st.one_of(st.sampled_from(["24:00", "12:60", "-1:00", "noon"]), HOSTILE)
    if isinstance(field, forms.FileField):
        return st.one_of(
            st.just(SimpleUploadedFile("organisation.csv", b"")),
            st.binary(min_size=1, max_size=2000).map(
                lambda b: SimpleUploadedFile("\x00ø<script>.csv", b)
            ),
            HOSTILE,
        )
    if isinstance(field, forms.CharField) and field.max_length:
        return st.one_of(st.just("y" * (field.max_length + 1)), HOSTILE)
    return HOSTILE


@st.composite
def form_data(draw, fields: dict, initial: dict, other_ids: list[int]) -> dict:
    """A submission of a form's fields (prefixed names to fields): as it was shown, with
    good values, with one field spoiled, or with every field drawn anyhow."""
    style = draw(st.sampled_from(["valid", "one_bad", "chaos"]))
    names = sorted(fields)
    spoiled = draw(st.sampled_from(names)) if names and style == "one_bad" else None
    data = {}
    for name in names:
        field = fields[name]
        if style == "chaos" or name == spoiled:
            kind = draw(st.sampled_from(["bad", "hostile", "missing", "good"]))
        else:
            kind = draw(st.sampled_from(["initial", "good"]))
            # A new object's form shows its fields empty: a good value instead, so that a
            # valid submission of a create form reaches the view's save path.
            if kind == "initial" and initial.get(name) in (None, "", []):
                kind = "good"
        if kind == "initial":
            value = initial.get(name)
        elif kind == "good":
            value = draw(good_values(field, other_ids))
        elif kind == "bad":
            value = draw(bad_values(field, other_ids))
        elif kind == "hostile":
            value = draw(HOSTILE)
        else:
            value = None
        if value is not None:
            data[name] = value
    return data


def raw_values(other_ids: list[int]) -> st.SearchStrategy:
    """For a field a view reads by hand: ids of any kind, "<id>:up", or anything."""
    ids = st.sampled_from(other_ids).map(str) if other_ids else st.just("1")
    return st.one_of(
        ids,
        st.tuples(ids, st.sampled_from(["up", "down", "left", ""])).map(":".join),
        HOSTILE,
    )


def extra_fields() -> st.SearchStrategy:
    return st.dictionaries(
        st.one_of(st.sampled_from(EXTRA_NAMES), st.text(TEXT, min_size=1, max_size=10)),
        HOSTILE,
        max_size=3,
    )


# --- What a view binds, and what it reads by hand ---------------------------------------


@contextmanager
def recording() -> Iterator[list]:
    """Every form and formset bound to data while the block runs, in order."""
    bound: list = []
    form_init, formset_init = forms.BaseForm.__init__, BaseFormSet.__init__

    def record_form(self, *args, **kwargs):
        form_init(self, *args, **kwargs)
        if self.is_bound:
            bound.append(self)

    def record_formset(self, *args, **kwargs):
        formset_init(self, *args, **kwargs)
        if self.is_bound:
            bound.append(self)

    forms.BaseForm.__init__, BaseFormSet.__init__ = record_form, record_formset
    try:
        yield bound
    finally:
        forms.BaseForm.__init__, BaseFormSet.__init__ = form_init, formset_init


def refused(bound: list) -> bool:
    """Whether a form or formset the view bound was checked and found wrong."""
    for thing in bound:
        if isinstance(thing, BaseFormSet):
            if thing._errors is not None and not thing.is_valid():
                return True
        elif thing._errors:
            return True
    return False


def fields_of(bound: list) -> tuple[dict, dict]:
    """The prefixed names of every field of the forms a view bound (a formset's forms as
    its unbound twin shows them, with its management form), and their initial values."""
    fields, initial = {}, {}

    def add(form):
        for name, field in form.fields.items():
            key = form.add_prefix(name)
            fields[key] = field
            initial[key] = _as_sent(field, form.get_initial_for_field(field, name))

    for thing in bound:
        if isinstance(thing, BaseFormSet):
            kwargs = {"prefix": thing.prefix}
            if hasattr(thing, "queryset"):
                kwargs["queryset"] = thing.queryset
            twin = type(thing)(**kwargs)
            add(twin.management_form)
            for form in twin.forms:
                add(form)
        elif not isinstance(thing, ManagementForm):  # the formset's twin adds its own
            add(thing)
    return fields, initial


POST_READ = re.compile(r"request\.POST\.(?:get|getlist)\(\s*[\"'](\w+)[\"']")
POST_LIST = re.compile(r"request\.POST\.getlist\(\s*[\"'](\w+)[\"']")


def innermost(view):
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    return getattr(view, "view_class", view)


def hand_read_fields(view) -> tuple[set[str], set[str]]:
    """The POST keys the view reads itself (`request.POST.get("move")`), in its own code
    or in a function of its module that it calls: (all of them, those read as lists)."""
    func = innermost(view)
    try:
        sources = [inspect.getsource(func)]
    except (OSError, TypeError):
        return set(), set()
    module = inspect.getmodule(func)
    for name in getattr(getattr(func, "__code__", None), "co_names", ()):
        helper = getattr(module, name, None)
        if inspect.isfunction(helper) and helper.__module__ == module.__name__:
            sources.append(inspect.getsource(helper))
    text = "\n".join(sources)
    return set(POST_READ.findall(text)), set(POST_LIST.findall(text))


def reads_input(view) -> bool:
    """Whether the view's own code reads the request's POST data or files at all."""
    try:
        source = inspect.getsource(innermost(view))
    except (OSError, TypeError):
        return False
    return "request.POST" in source or "request.FILES" in source


# --- Rows written -----------------------------------------------------------------------

WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@contextmanager
def rows_written() -> Iterator[dict]:
    """Rows each table had inserted, updated or deleted while the block ran, counted from
    the statements' own row counts: no query of its own. A statement undone later by a
    rolled-back savepoint still counts; the test looks at such a table's rows to be sure."""
    written: dict[str, int] = defaultdict(int)

    def count(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if match := WRITE.match(sql):
            rows = context["cursor"].rowcount
            # SQLite tells an INSERT ... RETURNING's row count only once its rows are read:
            # an insert that did not fail wrote at least one.
            if rows < 1 and match.group(0).lstrip()[:6].upper() == "INSERT":
                rows = 1
            if rows > 0:
                written[match.group(1)] += rows
        return result

    with connection.execute_wrapper(count):
        yield written


def new_token() -> str:
    return str(uuid.uuid4())
