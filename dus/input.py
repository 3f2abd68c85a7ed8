"""Reading what a person typed, or tampered with, in a request.

Whole numbers and ids from query strings and form keys are read as ASCII digits
only: "²" passes `str.isdigit()` and then crashes `int()`, and "٣" would pass
both. Ids stay within the 64-bit range of every database (SQLite refuses larger
integers with an OverflowError).

Dates lie around the plans' period (`validate_date`, given to every date and
datetime field of the portal's forms by DesignSystemFormMixin): a date in year
9999 was accepted, and then date arithmetic on it failed with an OverflowError.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from dus.models import Plan

MAX_ID = 2**63 - 1
# Plans are planned years ahead, and initiatives and reviews may look back a while.
YEARS_BEFORE_PLANS, YEARS_AFTER_PLANS = 5, 10
# Without any plan (a fresh database): a fixed, generous range.
FALLBACK_RANGE = (dt.date(2000, 1, 1), dt.date(2100, 12, 31))


def parse_int(raw: str | None, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """The whole number written in ASCII digits from minimum to maximum, or None.

    Without bounds it reads an id."""
    raw = (raw or "").strip()
    if not (raw.isascii() and raw.isdecimal()) or len(raw) > len(str(maximum)):
        return None
    value = int(raw)
    return value if minimum <= value <= maximum else None


def date_range() -> tuple[dt.date, dt.date]:
    """The first and last date the portal accepts: from 1 January five years before the
    first plan starts to 31 December ten years after the last plan ends."""
    period = Plan.objects.period()
    if period is None:
        return FALLBACK_RANGE
    first, last = period
    return (
        dt.date(first.year - YEARS_BEFORE_PLANS, 1, 1),
        dt.date(last.year + YEARS_AFTER_PLANS, 12, 31),
    )


def validate_date(value: dt.date | dt.datetime) -> None:
    """Refuse a date (or the date of a datetime) outside `date_range()`."""
    day = value.date() if isinstance(value, dt.datetime) else value
    first, last = date_range()
    if not first <= day <= last:
        raise ValidationError(
            _("Choose a date from %(first)s to %(last)s."),
            code="date_out_of_range",
            params={"first": date_format(first), "last": date_format(last)},
        )
