"""The house style for dates (dus/formats/): Danish as Danish authorities write it, and
English formats kept in the English UI."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format, time_format

WHEN = dt.datetime(2026, 11, 28, 10, 0)


def render(source: str, value=WHEN) -> str:
    return Template(source).render(Context({"d": value}))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ d|date }}", "28. november 2026"),
        ('{{ d|date:"SHORT_DATE_FORMAT" }}', "28. nov. 2026"),
        ('{{ d|date:"DATETIME_FORMAT" }}', "28. november 2026 kl. 10.00"),
        ('{{ d|date:"SHORT_DATETIME_FORMAT" }}', "28. nov. 2026 kl. 10.00"),
        ('{{ d|date:"WEEKDAY_DATE_FORMAT" }}', "lørdag den 28. november 2026"),
        ('{{ d|date:"WEEKDAY_DATETIME_FORMAT" }}', "lørdag den 28. november 2026 kl. 10.00"),
        ("{{ d|time }}", "10.00"),
    ],
)
def test_it_writes_danish_dates_as_danish_authorities_do(source, expected):
    with translation.override("da"):
        assert render(source) == expected


def test_it_abbreviates_the_months_as_dansk_sprognaevn_does():
    with translation.override("da"):
        months = [date_format(dt.date(2026, m, 1), "SHORT_DATE_FORMAT") for m in range(1, 13)]
    assert [m.split(" ")[1] for m in months] == [
        "jan.", "feb.", "mar.", "apr.", "maj", "jun.",
        "jul.", "aug.", "sep.", "okt.", "nov.", "dec.",
    ]  # fmt: skip


def test_it_writes_a_time_with_a_full_stop():
    with translation.override("da"):
        assert time_format(dt.time(9, 5)) == "09.05"


def test_it_keeps_english_formats_in_the_english_ui():
    with translation.override("en"):
        assert render("{{ d|date }}") == "Nov. 28, 2026"
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}') == "Nov. 28, 2026"
        assert (
            render('{{ d|date:"WEEKDAY_DATETIME_FORMAT" }}') == "Saturday, Nov. 28, 2026, 10 a.m."
        )
        assert render("{{ d|time }}") == "10 a.m."
