"""A gathering's agenda: start times from the gathering's start, the overrun warning,
adding from the pool (once), free items, and reordering that keeps positions 1..n."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dialogues.models import AgendaItem, Gathering
from portfolio.reminders import send_due_reminders
from tests.factories import make_entry, make_gathering, make_initiative

pytestmark = pytest.mark.django_db
ALREADY = "Det er allerede på dagsordenen."
END_BEFORE_START = "Sluttidspunktet skal ligge efter starttidspunktet."


@pytest.fixture
def gathering(staff_member):
    return make_gathering(created_by=staff_member)


def _free(gathering, by, *specs):
    return [gathering.add_free_item(title=t, duration_minutes=m, by=by) for t, m in specs]


def _titles(gathering):
    return [item.title for item in gathering.agenda()]


def test_it_gives_each_item_its_start_time(gathering, staff_member):
    _free(gathering, staff_member, ("Velkomst", 10), ("Oplæg", 45), ("Pause", 20))
    agenda = gathering.agenda()
    assert [(i.title, i.starts, i.ends) for i in agenda] == [
        ("Velkomst", dt.time(13, 0), dt.time(13, 10)),
        ("Oplæg", dt.time(13, 10), dt.time(13, 55)),
        ("Pause", dt.time(13, 55), dt.time(14, 15)),
    ]
    assert gathering.overruns() == 0


def test_it_warns_when_the_agenda_runs_past_the_end(gathering, staff_member):
    _free(gathering, staff_member, ("Workshop", 120), ("Opsamling", 60))
    assert gathering.overruns() == 0  # exactly to 16:00
    _free(gathering, staff_member, ("Ekstra", 25))
    assert gathering.overruns() == 25


def test_it_adds_a_learning_with_its_author_as_presenter(gathering, staff_member):
    entry = make_entry(make_initiative(), kind="learning", share=True)
    item = gathering.add_candidate(entry=entry, by=staff_member)
    assert item.kind == AgendaItem.Kind.LEARNING
    assert item.presenter == entry.author
    assert item.title == entry.initiative.title
    assert item.position == 1


def test_it_adds_an_initiative_with_its_owner_as_presenter(gathering, staff_member):
    initiative = make_initiative(status="scaled")
    item = gathering.add_candidate(initiative=initiative, by=staff_member)
    assert item.presenter == initiative.owner


def test_it_refuses_a_candidate_already_on_the_agenda(gathering, staff_member):
    entry = make_entry(make_initiative(), kind="learning", share=True)
    gathering.add_candidate(entry=entry, by=staff_member)
    with pytest.raises(ValidationError) as refused:
        gathering.add_candidate(entry=entry, by=staff_member)
    assert refused.value.messages == [ALREADY]
    assert gathering.items.count() == 1


@pytest.mark.parametrize("minutes", [0, 241, 600])
def test_it_refuses_a_duration_outside_1_to_240_minutes(gathering, staff_member, minutes):
    with pytest.raises(ValidationError) as refused:
        gathering.add_free_item(title="Pause", duration_minutes=minutes, by=staff_member)
    assert "duration_minutes" in refused.value.message_dict
    assert not gathering.items.exists()


def test_it_refuses_an_end_before_the_start(staff_member):
    gathering = Gathering(
        title="T",
        date=dt.date(2026, 3, 1),
        starts_at=dt.time(14),
        ends_at=dt.time(13),
        place="R",
        created_by=staff_member,
    )
    with pytest.raises(ValidationError) as refused:
        gathering.full_clean()
    assert refused.value.message_dict["ends_at"] == [END_BEFORE_START]


def test_it_moves_an_item_and_keeps_positions_1_to_n(gathering, staff_member):
    a, _b, c = _free(gathering, staff_member, ("A", 10), ("B", 10), ("C", 10))
    assert gathering.move(c, -1, by=staff_member) == 2
    assert _titles(gathering) == ["A", "C", "B"]
    assert gathering.move(a, -1, by=staff_member) == 1  # already first: stays
    positions = list(gathering.items.order_by("position").values_list("position", flat=True))
    assert positions == [1, 2, 3]


def test_it_reorders_the_whole_agenda(gathering, staff_member):
    a, b, c = _free(gathering, staff_member, ("A", 10), ("B", 10), ("C", 10))
    gathering.reorder([c.pk, a.pk, b.pk], by=staff_member)
    assert _titles(gathering) == ["C", "A", "B"]
    with pytest.raises(ValidationError):
        gathering.reorder([c.pk, a.pk], by=staff_member)  # one missing
    with pytest.raises(ValidationError):
        gathering.reorder([c.pk, a.pk, a.pk], by=staff_member)  # one twice


def test_it_removes_an_item_and_closes_the_gap(gathering, staff_member):
    _a, b, _c = _free(gathering, staff_member, ("A", 10), ("B", 10), ("C", 10))
    removed = b.pk
    gathering.remove(b, by=staff_member)
    assert [(i.title, i.position) for i in gathering.items.order_by("position")] == [
        ("A", 1),
        ("C", 2),
    ]
    # The history keeps the removed item.
    assert AgendaItem.history.filter(id=removed, history_type="-").exists()


def test_it_freezes_the_agenda_once_published(gathering, staff_member):
    (a,) = _free(gathering, staff_member, ("A", 10))
    gathering.publish(by=staff_member)
    with pytest.raises(ValidationError):
        gathering.add_free_item(title="B", duration_minutes=10, by=staff_member)
    with pytest.raises(ValidationError):
        gathering.remove(a, by=staff_member)
    assert gathering.version == 2


def test_it_tells_the_presenters_when_published(
    gathering, staff_member, contract_holder, mailoutbox, django_capture_on_commit_callbacks
):
    entry = make_entry(make_initiative(owner=contract_holder), kind="learning", share=True)
    gathering.add_candidate(entry=entry, by=staff_member)
    _free(gathering, staff_member, ("Pause", 15))
    with django_capture_on_commit_callbacks(execute=True):
        gathering.publish(by=staff_member)
    send_due_reminders()  # the reminders' pass sends what publishing planned
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [contract_holder.email]
    assert "13.00" in message.body and entry.initiative.title in message.body
    assert "\n" not in message.subject
