"""The range of dates the portal accepts: 5 years before the first plan starts to 10
years after the last one ends, or 2000..2100 when there is no plan."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dus.input import date_range, validate_date
from dus.models import HardProblem, Plan, StrategyTrack, Track

pytestmark = pytest.mark.django_db


def test_it_spans_the_plans_with_a_margin():
    assert date_range() == (dt.date(2019, 1, 1), dt.date(2035, 12, 31))
    Plan.objects.create(
        title="DUS 2026-27",
        slug="dus-2026-27",
        vision="V",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2027, 12, 31),
    )
    assert date_range() == (dt.date(2019, 1, 1), dt.date(2037, 12, 31))


def test_it_falls_back_to_a_fixed_range_without_plans():
    for model in (HardProblem, StrategyTrack, Track, Plan):
        model.objects.all().delete()
    assert date_range() == (dt.date(2000, 1, 1), dt.date(2100, 12, 31))


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (dt.date(2019, 1, 1), True),
        (dt.date(2035, 12, 31), True),
        (dt.datetime(2035, 12, 31, 23, 59, tzinfo=dt.UTC), True),
        (dt.date(2018, 12, 31), False),
        (dt.date(2036, 1, 1), False),
        (dt.date.max, False),
        (dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC), False),
    ],
)
def test_it_validates_dates_and_datetimes(value, valid):
    if valid:
        validate_date(value)
    else:
        with pytest.raises(ValidationError) as error:
            validate_date(value)
        assert error.value.code == "date_out_of_range"
