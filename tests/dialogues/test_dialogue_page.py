"""The dialogue's page: its three participants and group management read it; the
contract holder prepares beside the unit's initiatives and learnings; the notes are
recorded per theme afterwards. Everyone else gets 404."""

import pytest
from django.urls import reverse

from dialogues.models import Dialogue
from portfolio.models import LogEntry
from tests.factories import make_entry, make_initiative

pytestmark = pytest.mark.django_db

PREPARATION = {
    "prep_operations": "Driften er stabil; sygefraværet er faldet.",
    "prep_development": "Vi afprøver skærmfri frikvarterer.",
    "prep_contribution": "Jeg er tovholder i klyngen om ensomhed.",
}
NOTES = {
    "notes_operations": "Aftalt at følge sygefraværet.",
    "notes_development": "Godt forløb; del erfaringerne.",
    "notes_contribution": "Fortsætter som tovholder.",
}


def _page(dialogue):
    return reverse("dialogues:dialogue_detail", args=[dialogue.pk])


def test_it_shows_the_dialogue_to_its_participants_and_group_management(
    client, dialogue, contract_holder, director, group_manager
):
    for user in [contract_holder, director, group_manager]:
        client.force_login(user)
        page = client.get(_page(dialogue)).content.decode()
        assert "Stilling Skole" in page and "Forberedelse" in page


def test_it_answers_404_to_everyone_else_on_read_and_write(
    client, held_dialogue, staff_member, outsider, coordinator
):
    urls = [
        reverse(name, args=[held_dialogue.pk])
        for name in [
            "dialogues:dialogue_prepare",
            "dialogues:dialogue_notes",
            "dialogues:follow_up_create",
        ]
    ]
    for user in [staff_member, outsider, coordinator]:
        client.force_login(user)
        assert client.get(_page(held_dialogue)).status_code == 404
        for url in urls:
            assert client.post(url, PREPARATION | NOTES).status_code == 404
    held_dialogue.refresh_from_db()
    assert held_dialogue.version == 1 and held_dialogue.prep_operations == ""


def test_it_shows_the_units_initiatives_and_recent_learnings_beside_the_form(
    client, dialogue, contract_holder
):
    mine = make_initiative(unit=dialogue.unit, title="Skærmfri frikvarterer", status="running")
    other = make_initiative(title="Andres prøvehandling")
    for n in range(12):
        make_entry(mine, kind=LogEntry.Kind.LEARNING, text=f"Læring nummer {n:02}")
    make_entry(mine, kind=LogEntry.Kind.PROGRESS, text="Bare fremdrift")
    make_entry(other, kind=LogEntry.Kind.LEARNING, text="Andres læring")
    client.force_login(contract_holder)
    response = client.get(_page(dialogue))
    page = response.content.decode()
    assert "Skærmfri frikvarterer" in page and "I gang" in page
    assert "Andres prøvehandling" not in page and "Andres læring" not in page
    assert "Bare fremdrift" not in page
    assert [e.text for e in response.context["learnings"]][:2] == [
        "Læring nummer 11",
        "Læring nummer 10",
    ]
    assert len(response.context["learnings"]) == 10
    assert 'name="prep_operations"' in page


def test_it_saves_the_contract_holders_preparation(client, dialogue, contract_holder):
    client.force_login(contract_holder)
    response = client.post(
        reverse("dialogues:dialogue_prepare", args=[dialogue.pk]), PREPARATION | {"read_version": 1}
    )
    assert response.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.prep_development == PREPARATION["prep_development"]
    assert dialogue.prepared_at is not None and dialogue.version == 2


def test_it_keeps_the_preparation_of_someone_who_saved_too_late(client, dialogue, contract_holder):
    client.force_login(contract_holder)
    url = reverse("dialogues:dialogue_prepare", args=[dialogue.pk])
    client.post(url, PREPARATION | {"read_version": 1})
    response = client.post(url, PREPARATION | {"prep_operations": "Mit nye", "read_version": 1})
    assert response.status_code == 409
    assert "Mit nye" in response.content.decode()
    dialogue.refresh_from_db()
    assert dialogue.prep_operations == PREPARATION["prep_operations"]


def test_it_refuses_a_reader_who_is_not_the_contract_holder_the_preparation(
    client, dialogue, director
):
    client.force_login(director)
    page = client.get(_page(dialogue)).content.decode()
    assert 'name="prep_operations"' not in page
    response = client.post(
        reverse("dialogues:dialogue_prepare", args=[dialogue.pk]), PREPARATION | {"read_version": 1}
    )
    assert response.status_code == 403
    dialogue.refresh_from_db()
    assert dialogue.prep_operations == ""


def test_it_refuses_control_characters_in_the_preparation(client, dialogue, contract_holder):
    client.force_login(contract_holder)
    response = client.post(
        reverse("dialogues:dialogue_prepare", args=[dialogue.pk]),
        PREPARATION | {"prep_operations": "Drift\x1b", "read_version": 1},
    )
    assert response.status_code == 200
    assert "prep_operations" in response.context["prep_form"].errors
    dialogue.refresh_from_db()
    assert dialogue.prep_operations == ""


def test_it_records_the_notes_after_the_dialogue_and_marks_it_held(client, held_dialogue, director):
    client.force_login(director)
    response = client.post(
        reverse("dialogues:dialogue_notes", args=[held_dialogue.pk]), NOTES | {"read_version": 1}
    )
    assert response.status_code == 302
    held_dialogue.refresh_from_db()
    assert held_dialogue.state == Dialogue.State.HELD
    assert held_dialogue.notes_contribution == NOTES["notes_contribution"]
    assert held_dialogue.history.first().history_user == director


def test_it_refuses_notes_before_the_dialogue(client, dialogue, director):
    client.force_login(director)
    assert "notes_operations" not in client.get(_page(dialogue)).content.decode()
    response = client.post(
        reverse("dialogues:dialogue_notes", args=[dialogue.pk]), NOTES | {"read_version": 1}
    )
    assert response.status_code == 403
    dialogue.refresh_from_db()
    assert dialogue.state == Dialogue.State.SCHEDULED


def test_it_refuses_other_methods(client, held_dialogue, contract_holder):
    client.force_login(contract_holder)
    assert client.post(_page(held_dialogue)).status_code == 405
    for name in [
        "dialogues:dialogue_prepare",
        "dialogues:dialogue_notes",
        "dialogues:follow_up_create",
    ]:
        assert client.get(reverse(name, args=[held_dialogue.pk])).status_code == 405
