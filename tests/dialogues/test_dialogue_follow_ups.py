"""Follow-ups of a dialogue: added by its participants (what, who, by when), marked
done, and an overdue one stands out."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import FollowUp
from tests.factories import make_user

pytestmark = pytest.mark.django_db

TOKEN = "0b0b0b0b-0000-4000-8000-000000000002"


def _data(owner, days=14, **extra):
    due = timezone.localdate() + dt.timedelta(days=days)
    return {
        "what": "Del erfaringer på Ledertræf",
        "owner": getattr(owner, "pk", owner),
        "due_on": due.isoformat(),
        "submission": TOKEN,
    } | extra


def _add(dialogue):
    return reverse("dialogues:follow_up_create", args=[dialogue.pk])


def test_it_adds_a_follow_up_once(client, held_dialogue, director, contract_holder):
    client.force_login(director)
    response = client.post(_add(held_dialogue), _data(contract_holder))
    assert response["Location"].endswith("#follow-ups")
    client.post(_add(held_dialogue), _data(contract_holder))  # sent again
    follow_up = FollowUp.objects.get()
    assert (follow_up.owner, follow_up.created_by) == (contract_holder, director)


def test_it_refuses_a_follow_up_without_owner_or_in_the_past(
    client, held_dialogue, contract_holder
):
    client.force_login(contract_holder)
    response = client.post(_add(held_dialogue), _data("", submission=""))
    assert response.status_code == 200
    assert response.context["follow_up_form"].errors["owner"] == ["Vælg, hvem der følger op."]
    response = client.post(_add(held_dialogue), _data(contract_holder, days=-1, submission=""))
    assert response.context["follow_up_form"].errors["due_on"] == [
        "Vælg i dag eller en senere dato."
    ]
    page = response.content.decode()
    assert "Vælg i dag eller en senere dato." in page
    assert "Del erfaringer på Ledertræf" in page  # the input is kept
    assert not FollowUp.objects.exists()


def test_it_offers_only_the_three_participants_as_owners(client, held_dialogue, contract_holder):
    someone = make_user()
    client.force_login(contract_holder)
    response = client.post(_add(held_dialogue), _data(someone, submission=""))
    assert "owner" in response.context["follow_up_form"].errors
    assert not FollowUp.objects.exists()


def test_it_marks_a_follow_up_done_and_shows_an_overdue_one(
    client, held_dialogue, contract_holder, group_manager
):
    overdue = FollowUp.objects.create(
        dialogue=held_dialogue,
        what="Indsend handleplan",
        owner=contract_holder,
        due_on=timezone.localdate() - dt.timedelta(days=3),
        created_by=group_manager,
    )
    coming = FollowUp.objects.create(
        dialogue=held_dialogue,
        what="Besøg i klyngen",
        owner=group_manager,
        due_on=timezone.localdate() + dt.timedelta(days=3),
        created_by=group_manager,
    )
    client.force_login(contract_holder)
    page = client.get(held_dialogue.get_absolute_url()).content.decode()
    assert page.count("Overskredet") == 1
    response = client.post(reverse("dialogues:follow_up_done", args=[overdue.pk]))
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.is_done and overdue.done_by == contract_holder
    page = client.get(held_dialogue.get_absolute_url()).content.decode()
    assert "Overskredet" not in page and "Udført" in page
    assert not FollowUp.objects.get(pk=coming.pk).is_done


def test_it_answers_404_to_outsiders_and_405_to_get(
    client, held_dialogue, contract_holder, outsider, staff_member
):
    follow_up = FollowUp.objects.create(
        dialogue=held_dialogue,
        what="Indsend handleplan",
        owner=contract_holder,
        due_on=timezone.localdate(),
        created_by=contract_holder,
    )
    url = reverse("dialogues:follow_up_done", args=[follow_up.pk])
    for user in [outsider, staff_member]:
        client.force_login(user)
        assert client.post(url).status_code == 404
        assert client.post(_add(held_dialogue), _data(contract_holder)).status_code == 404
    client.force_login(contract_holder)
    assert client.get(url).status_code == 405
    assert not FollowUp.objects.get().is_done
    assert FollowUp.objects.count() == 1


def test_it_refuses_follow_ups_before_the_dialogue(client, dialogue, contract_holder):
    client.force_login(contract_holder)
    assert client.post(_add(dialogue), _data(contract_holder)).status_code == 403
    assert not FollowUp.objects.exists()
