"""The rules of a dialogue on the model: a contract unit only, who reads and writes,
and follow-ups that cannot start overdue but can become so."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dialogues.models import Dialogue, FollowUp
from dus.models import Role, Unit
from tests.factories import make_dialogue, make_unit, make_user

pytestmark = pytest.mark.django_db


def test_it_refuses_a_unit_that_is_not_a_contract_unit(director, group_manager):
    secretariat = make_unit(kind=Unit.Kind.SECRETARIAT, name="Fagsekretariat Kultur")
    dialogue = Dialogue(
        unit=secretariat,
        scheduled_at=timezone.now(),
        contract_holder=director,
        director=director,
        head_of_department=group_manager,
        created_by=group_manager,
    )
    with pytest.raises(ValidationError) as error:
        dialogue.full_clean()
    assert error.value.message_dict["unit"] == [
        "Fagsekretariat Kultur er ikke en kontraktenhed. "
        "Kontraktholderdialoger holdes kun med kontraktenheder."
    ]


def test_it_lets_only_the_participants_and_group_management_read(
    dialogue, contract_holder, director, group_manager, staff_member, outsider, coordinator
):
    other_manager = make_user(Role.GROUP_MANAGEMENT)
    readers = [contract_holder, director, group_manager, other_manager]
    assert all(dialogue.can_read(user) for user in readers)
    assert not any(dialogue.can_read(user) for user in [staff_member, outsider, coordinator])


def test_it_lets_staff_and_group_management_schedule(
    contract_holder, director, group_manager, staff_member, outsider
):
    assert all(Dialogue.can_schedule(u) for u in [director, group_manager, staff_member])
    assert not any(Dialogue.can_schedule(u) for u in [contract_holder, outsider])


def test_it_lets_the_contract_holder_prepare_until_the_dialogue_is_held(
    held_dialogue, contract_holder, director
):
    assert held_dialogue.can_prepare(contract_holder)
    assert not held_dialogue.can_prepare(director)
    held_dialogue.mark_held()
    held_dialogue.save()
    assert held_dialogue.is_held and held_dialogue.held_at is not None
    assert not held_dialogue.can_prepare(contract_holder)


def test_it_records_notes_only_from_the_dialogues_start(
    dialogue, contract_holder, director, staff_member
):
    assert not dialogue.can_record_notes(director)
    dialogue.scheduled_at = timezone.now() - dt.timedelta(minutes=1)
    assert dialogue.can_record_notes(director) and dialogue.can_record_notes(contract_holder)
    assert not dialogue.can_record_notes(staff_member)


def test_it_keeps_the_history_of_the_notes(held_dialogue):
    held_dialogue.notes_operations = "Driften kører."
    held_dialogue.save()
    held_dialogue.notes_operations = "Driften kører stabilt."
    held_dialogue.save()
    assert [h.notes_operations for h in held_dialogue.history.all()[:2]] == [
        "Driften kører stabilt.",
        "Driften kører.",
    ]


def test_it_refuses_a_new_follow_up_due_in_the_past_but_lets_an_old_one_become_overdue(
    held_dialogue, contract_holder
):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    follow_up = FollowUp(
        dialogue=held_dialogue,
        what="Send budgetoverblik",
        owner=contract_holder,
        due_on=yesterday,
        created_by=contract_holder,
    )
    with pytest.raises(ValidationError) as error:
        follow_up.full_clean()
    assert error.value.message_dict["due_on"] == ["Vælg i dag eller en senere dato."]
    follow_up.due_on = timezone.localdate()
    follow_up.full_clean()
    follow_up.save()
    assert not follow_up.is_overdue
    FollowUp.objects.filter(pk=follow_up.pk).update(due_on=yesterday)
    follow_up.refresh_from_db()
    follow_up.full_clean()  # an existing follow-up may be overdue
    assert follow_up.is_overdue
    follow_up.mark_done(contract_holder)
    assert follow_up.is_done and not follow_up.is_overdue
    assert follow_up.done_by == contract_holder


def test_it_counts_a_dialogue_in_its_local_calendar_year():
    new_year = timezone.make_aware(dt.datetime(2026, 1, 1, 0, 30))  # 23:30 UTC on 31 Dec
    dialogue = make_dialogue(scheduled_at=new_year)
    assert list(Dialogue.objects.in_year(2026)) == [dialogue]
    assert not Dialogue.objects.in_year(2025).exists()
