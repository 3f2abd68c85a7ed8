"""`html_datetime`: the machine-readable value of <time datetime> for dates and moments."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.template import Context, Template

from dus.templatetags.dus_tags import html_datetime


def test_it_writes_a_moment_in_local_time_to_the_second():
    moment = dt.datetime(2025, 3, 1, 8, 30, 5, 123456, tzinfo=dt.UTC)
    assert html_datetime(moment) == "2025-03-01T09:30:05+01:00"


def test_it_writes_a_summer_moment_with_its_offset():
    moment = dt.datetime(2025, 7, 1, 9, 0, 0, 999999, tzinfo=ZoneInfo("Europe/Copenhagen"))
    assert html_datetime(moment) == "2025-07-01T09:00:00+02:00"


def test_it_writes_a_date_as_a_date_and_nothing_for_none():
    assert html_datetime(dt.date(2025, 3, 1)) == "2025-03-01"
    assert html_datetime(None) == ""


def test_it_gives_the_days_since_partial_its_time_element():
    moment = dt.datetime(2025, 3, 1, 8, 30, 5, 123456, tzinfo=dt.UTC)
    html = Template('{% include "portfolio/_days_since.html" %}').render(Context({"when": moment}))
    assert '<time datetime="2025-03-01T09:30:05+01:00">' in html
