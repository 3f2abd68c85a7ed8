"""The exports are safe to open in a spreadsheet: text that looks like a formula stays
text, and a control character stored before the portal refused them is cleaned away."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import make_cluster, make_entry, make_initiative, make_user

pytestmark = pytest.mark.django_db

FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "+1+2",
    "-3+4",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def exported(group_manager):
    """Initiatives whose titles (and one owner's name) look like formulas, saved directly
    as a member could have done before, and one plain initiative with figures."""
    cluster = make_cluster(name="Klynge")
    evil = make_user(first_name="=cmd|' /C calc'!A0", last_name="")
    for n, title in enumerate(FORMULAS, start=1):
        make_initiative(cluster, owner=evil, title=title, rank=n)
    plain = make_initiative(cluster, title="Almindelig", rank=99, effort_hours=12)
    make_entry(plain, created_at=timezone.make_aware(dt.datetime(2026, 3, 2, 12)))
    return plain


def xlsx_rows(client):
    response = client.get(reverse("portfolio:initiative_export_xlsx"))
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(response.getvalue())).active.iter_rows(min_row=2))


def csv_rows(client):
    response = client.get(reverse("portfolio:initiative_export_csv"))
    assert response.status_code == 200
    text = response.getvalue().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))[1:]


def test_it_writes_formula_like_text_as_text_in_xlsx(client, exported, group_manager):
    client.force_login(group_manager)
    rows = {row[0].value: row for row in xlsx_rows(client)}
    for title in FORMULAS:
        cell = rows[title.replace("\r", "\n")][0]  # XML reads a carriage return as \n
        assert cell.data_type == "s", title  # "f" would be a live formula
        assert cell.quotePrefix  # and it stays text when edited in the spreadsheet
        owner = rows[cell.value][7]
        assert (owner.value, owner.data_type) == ("=cmd|' /C calc'!A0", "s")
    plain = rows["Almindelig"]
    assert (plain[9].value, plain[9].data_type) == (12, "n")
    assert plain[10].is_date and plain[10].value.date() == dt.date(2026, 3, 2)
    assert plain[10].number_format == "YYYY-MM-DD"  # ISO, as spreadsheets read dates
    assert not plain[0].quotePrefix


def test_it_prefixes_formula_like_text_with_an_apostrophe_in_csv(client, exported, group_manager):
    client.force_login(group_manager)
    rows = {row[0]: row for row in csv_rows(client)}
    assert set(rows) == {f"'{title}" for title in FORMULAS} | {"Almindelig"}
    assert rows['\'=HYPERLINK("http://x","y")'][7] == "'=cmd|' /C calc'!A0"
    assert rows["Almindelig"][9:11] == ["12", "2026-03-02"]


def test_it_cleans_control_characters_already_stored_out_of_the_export(client, group_manager):
    make_initiative(title="Bad\x1b[31mtitle\x02")
    client.force_login(group_manager)
    (row,) = xlsx_rows(client)
    assert row[0].value == "Bad[31mtitle"
    (row,) = csv_rows(client)
    assert row[0] == "Bad[31mtitle"
