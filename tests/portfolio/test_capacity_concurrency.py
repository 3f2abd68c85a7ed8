"""Two group managers setting capacities at once: a page read before someone else's save
does not undo it, and a unit both changed is refused next to its field, never overwritten."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dus.models import Unit
from tests.factories import make_group_manager, make_unit, make_user

pytestmark = pytest.mark.django_db

URL = reverse("portfolio:capacities")


@pytest.fixture
def units():
    return make_unit(name="Busy", capacity_hours=50), make_unit(name="Calm")


@pytest.fixture
def first(client):
    client.force_login(make_group_manager())
    return client


@pytest.fixture
def second():
    other = Client()
    other.force_login(make_user("group_management"))
    return other


def _form(page: str) -> dict[str, str]:
    """What the capacity page's form sends as it stands."""
    start = page.index('id="capacity-form"')
    form = page[start : page.index("</form>", start)]
    return {
        unescape(name): unescape(value)
        for tag in re.findall(r"<input[^>]*>", form)
        for name, value in [(_attr(tag, "name"), _attr(tag, "value"))]
        if name
    }


def _attr(tag: str, name: str) -> str:
    match = re.search(rf'\s{name}="([^"]*)"', tag)
    return match.group(1) if match else ""


def _field(data: dict, unit: Unit) -> str:
    """The name of the capacity field of `unit` in a form's data."""
    prefix = next(
        k[: -len("-id")] for k, v in data.items() if k.endswith("-id") and v == str(unit.pk)
    )
    return f"{prefix}-capacity_hours"


def _read_then_saved_by_other(first, second, unit: Unit, hours: str) -> dict:
    """The first reads the page, then the second saves `hours` for `unit`: the first's
    form as it was read."""
    stale = _form(first.get(URL).content.decode())
    fresh = _form(second.get(URL).content.decode())
    fresh[_field(fresh, unit)] = hours
    assert second.post(URL, fresh).status_code == 302
    return stale


def _hours(*units: Unit) -> tuple:
    return tuple(Unit.objects.get(pk=u.pk).capacity_hours for u in units)


def test_the_page_sends_back_the_capacity_it_showed(first, units):
    busy, calm = units
    data = _form(first.get(URL).content.decode())
    assert data[_field(data, busy).replace("capacity_hours", "read_hours")] == "50"
    assert data[_field(data, calm).replace("capacity_hours", "read_hours")] == ""


def test_a_page_read_before_another_save_leaves_that_save_standing(first, second, units):
    busy, calm = units
    stale = _form(first.get(URL).content.decode())
    fresh = _form(second.get(URL).content.decode())
    fresh[_field(fresh, busy)] = "70"
    assert second.post(URL, fresh).status_code == 302  # as _read_then_saved_by_other does

    stale[_field(stale, calm)] = "80"  # busy is sent as the page showed it: 50
    assert first.post(URL, stale).status_code == 302
    assert _hours(busy, calm) == (70, 80)


def test_a_unit_both_changed_is_refused_next_to_its_field_and_nothing_is_saved(
    first, second, units
):
    busy, calm = units
    stale = _read_then_saved_by_other(first, second, busy, "70")

    stale[_field(stale, busy)] = "60"
    stale[_field(stale, calm)] = "80"
    response = first.post(URL, stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Intet er gemt. Se de markerede felter nedenfor." in page
    row = next(tr for tr in page.split("<tr")[1:] if "Busy" in tr and "capacity_hours" in tr)
    assert "En anden har ændret kapaciteten til 70 timer, mens du redigerede." in row
    assert 'value="60"' in row  # what was typed stays
    assert _hours(busy, calm) == (70, None)

    again = _form(page)  # now read at 70: saving again keeps the figure typed
    assert again[_field(again, busy)] == "60"
    assert first.post(URL, again).status_code == 302
    assert _hours(busy, calm) == (60, 80)


def test_two_who_set_the_same_figure_agree(first, second, units):
    busy, _calm = units
    stale = _read_then_saved_by_other(first, second, busy, "70")
    records = busy.history.count()

    stale[_field(stale, busy)] = "70"
    assert first.post(URL, stale).status_code == 302
    assert _hours(busy) == (70,)
    assert busy.history.count() == records  # nothing to save: no record of a change


def test_it_says_so_when_the_other_emptied_the_capacity(first, second, units, settings):
    busy, _calm = units
    stale = _read_then_saved_by_other(first, second, busy, "")

    stale[_field(stale, busy)] = "60"
    page = first.post(URL, stale).content.decode()
    hours = settings.DEFAULT_CAPACITY_HOURS
    assert f"En anden har tømt kapaciteten (standarden på {hours} timer gælder)" in page
    assert _hours(busy) == (None,)


@pytest.mark.parametrize("read", ["abc", "٥٠", "9" * 40])
def test_a_read_capacity_that_is_no_number_is_as_if_none_was_sent(first, units, read):
    busy, _calm = units
    data = _form(first.get(URL).content.decode())
    data[_field(data, busy).replace("capacity_hours", "read_hours")] = read
    data[_field(data, busy)] = "65"
    assert first.post(URL, data).status_code == 302
    assert _hours(busy) == (65,)


@pytest.mark.postgres
def test_it_locks_the_units_from_reading_to_saving(first, units):
    data = _form(first.get(URL).content.decode())
    data[_field(data, units[0])] = "55"
    with CaptureQueriesContext(connection) as queries:
        assert first.post(URL, data).status_code == 302
    locked = [
        q["sql"] for q in queries if 'FROM "dus_unit"' in q["sql"] and "FOR UPDATE" in q["sql"]
    ]
    assert len(locked) == 1
