"""Scheduling a dialogue: staff and group management, a contract unit only, once."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Dialogue
from dus.models import Unit
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

URL = reverse("dialogues:dialogue_create")


@pytest.fixture
def data(contract_holder, director, group_manager):
    day = timezone.localdate() + dt.timedelta(days=14)
    return {
        "unit": contract_holder.unit.pk,
        "date": day.isoformat(),
        "time": "13:00",
        "place": "Skolens mødelokale",
        "contract_holder": "",
        "director": director.pk,
        "head_of_department": group_manager.pk,
        "submission": "0b0b0b0b-0000-4000-8000-000000000001",
    }


def test_it_lets_staff_schedule_a_dialogue_with_the_units_leader(
    client, staff_member, data, contract_holder, director
):
    client.force_login(staff_member)
    assert client.get(URL).status_code == 200
    response = client.post(URL, data)
    dialogue = Dialogue.objects.get()
    assert (dialogue.unit, dialogue.contract_holder, dialogue.director) == (
        contract_holder.unit,
        contract_holder,
        director,
    )
    assert timezone.localtime(dialogue.scheduled_at).time() == dt.time(13, 0)
    assert dialogue.created_by == staff_member
    # Staff may not read the dialogue: they are sent back to the list of the year.
    year = timezone.localtime(dialogue.scheduled_at).year
    assert response["Location"] == f"{reverse('dialogues:dialogue_list')}?aar={year}"


def test_it_sends_group_management_to_the_dialogue(client, group_manager, data):
    client.force_login(group_manager)
    response = client.post(URL, data)
    assert response["Location"] == Dialogue.objects.get().get_absolute_url()


def test_it_makes_one_dialogue_of_a_form_sent_twice(client, staff_member, data):
    client.force_login(staff_member)
    client.post(URL, data)
    client.post(URL, data)
    assert Dialogue.objects.count() == 1


def test_it_prefills_the_unit_and_its_leader_from_the_list(client, staff_member, contract_holder):
    client.force_login(staff_member)
    form = client.get(URL, {"enhed": contract_holder.unit.pk}).context["form"]
    assert form.initial == {"unit": contract_holder.unit, "contract_holder": contract_holder}


def test_it_offers_only_contract_units(client, staff_member, contract_holder):
    make_unit(kind=Unit.Kind.SECRETARIAT, name="Fagsekretariat Kultur")
    client.force_login(staff_member)
    page = client.get(URL).content.decode()
    assert "Stilling Skole" in page
    assert "Fagsekretariat Kultur" not in page


def test_it_refuses_a_unit_that_is_not_a_contract_unit_with_a_danish_message(
    client, staff_member, data
):
    secretariat = make_unit(kind=Unit.Kind.SECRETARIAT, name="Fagsekretariat Kultur")
    client.force_login(staff_member)
    response = client.post(URL, data | {"unit": secretariat.pk, "contract_holder": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["unit"] == [
        "Fagsekretariat Kultur er ikke en kontraktenhed. "
        "Kontraktholderdialoger holdes kun med kontraktenheder."
    ]
    assert "er ikke en kontraktenhed" in response.content.decode()
    assert not Dialogue.objects.exists()


def test_it_asks_for_the_contract_holder_when_the_unit_has_no_leader(client, staff_member, data):
    unit = make_unit(name="Kultur og Fritid")
    client.force_login(staff_member)
    response = client.post(URL, data | {"unit": unit.pk})
    assert "contract_holder" in response.context["form"].errors
    assert not Dialogue.objects.exists()


def test_it_refuses_people_who_do_not_schedule(client, contract_holder, outsider, data):
    for user in [contract_holder, outsider]:
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, data).status_code == 403
    assert not Dialogue.objects.exists()


def test_it_refuses_other_methods(client, staff_member):
    client.force_login(staff_member)
    assert client.put(URL).status_code == 405
