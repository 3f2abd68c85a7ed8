"""The list by unit and year: which contract units have had their dialogue, which
have one scheduled and which have none; in a constant number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Dialogue
from dus.models import Role, Unit
from tests.factories import make_dialogue, make_unit, make_user

pytestmark = pytest.mark.django_db

URL = reverse("dialogues:dialogue_list")


def _this_year(month: int, day: int = 15) -> dt.datetime:
    return timezone.make_aware(dt.datetime(timezone.localdate().year, month, day, 10))


@pytest.fixture
def world(contract_holder, director, group_manager):
    held = make_dialogue(
        unit=contract_holder.unit,
        contract_holder=contract_holder,
        director=director,
        head_of_department=group_manager,
        scheduled_at=_this_year(2),
        state=Dialogue.State.HELD,
    )
    coming = make_dialogue(unit=make_unit(name="Hjemmeplejen Syd"), director=director)
    without = make_unit(name="Kultur og Fritid")
    make_unit(name="Økonomi og Styring", kind=Unit.Kind.STAFF)
    last_year = make_dialogue(
        unit=without, scheduled_at=_this_year(6).replace(year=timezone.localdate().year - 1)
    )
    return {"held": held, "coming": coming, "without": without, "last_year": last_year}


def test_it_shows_which_contract_units_have_had_their_dialogue_this_year(
    client, world, staff_member
):
    client.force_login(staff_member)
    response = client.get(URL)
    page = response.content.decode()
    rows = {row["unit"].name: row for row in response.context["rows"]}
    assert set(rows) == {"Stilling Skole", "Hjemmeplejen Syd", "Kultur og Fritid"}
    assert rows["Stilling Skole"]["held"] and not rows["Hjemmeplejen Syd"]["held"]
    assert rows["Kultur og Fritid"]["dialogues"] == []
    assert "1 af 3 kontraktenheder har haft deres dialog" in page
    assert "Afholdt" in page and "Planlagt" in page and "Ingen dialog" in page
    # Staff see when, but may not open a dialogue.
    assert world["held"].get_absolute_url() not in page
    assert f"?enhed={world['without'].pk}" in page


def test_it_shows_another_year(client, world, group_manager):
    client.force_login(group_manager)
    year = timezone.localdate().year - 1
    response = client.get(URL, {"aar": year})
    rows = {row["unit"].name: row for row in response.context["rows"]}
    assert [d for d, _readable in rows["Kultur og Fritid"]["dialogues"]] == [world["last_year"]]
    assert world["last_year"].get_absolute_url() in response.content.decode()
    assert client.get(URL, {"aar": "x"}).context["year"] == timezone.localdate().year


def test_it_shows_a_participant_only_their_own_dialogues(client, world, contract_holder, outsider):
    client.force_login(contract_holder)
    response = client.get(URL)
    assert [row["unit"].name for row in response.context["rows"]] == ["Stilling Skole"]
    assert world["held"].get_absolute_url() in response.content.decode()
    assert "Planlæg en dialog" not in response.content.decode()
    client.force_login(outsider)
    assert client.get(URL).context["rows"] == []


def test_it_refuses_post(client, outsider):
    client.force_login(outsider)
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("extra", [0, 40])
def test_it_uses_a_constant_number_of_queries(
    client, world, director, django_assert_max_num_queries, extra
):
    for n in range(extra):
        unit = make_unit(leader=make_user(Role.CONTRACT_HOLDER))
        if n % 2:
            make_dialogue(unit=unit, director=director, scheduled_at=_this_year(3))
    client.force_login(director)
    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200
