"""The presenters of a gathering are told by the portfolio's reminders (a kind the
dialogues app registers): when the agenda is published, and a few days before."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portfolio.models import Reminder, Review
from portfolio.reminders import send_due_reminders, sync_review_reminders
from tests.factories import make_cluster, make_entry, make_gathering, make_initiative

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")
PUBLISHED_AT = dt.datetime(2026, 5, 4, 10, 0, tzinfo=CPH)
KIND = "gathering_presenter"
Status = Reminder.Status


@pytest.fixture
def travel():
    with time_machine.travel(PUBLISHED_AT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def gathering(travel, staff_member, contract_holder, coordinator):
    """On 14 May 2026 at 13:00: two learnings by Maja, one by Jonas, and a pause."""
    gathering = make_gathering(created_by=staff_member, date=dt.date(2026, 5, 14))
    for author in (contract_holder, contract_holder, coordinator):
        entry = make_entry(make_initiative(owner=author), kind="learning", share=True)
        gathering.add_candidate(entry=entry, by=staff_member)
    gathering.add_free_item(title="Pause", duration_minutes=15, by=staff_member)
    return gathering


def _rows(gathering):
    return Reminder.objects.filter(kind=KIND, target_id=gathering.pk)


def test_it_plans_two_reminders_per_presenter_when_published(
    gathering, staff_member, contract_holder, coordinator
):
    assert not _rows(gathering).exists()
    gathering.publish(by=staff_member)
    rows = _rows(gathering)
    assert sorted((r.recipient.username, r.due_at) for r in rows) == sorted(
        (person.username, due)
        for person in (contract_holder, coordinator)
        for due in (PUBLISHED_AT, dt.datetime(2026, 5, 11, 13, 0, tzinfo=CPH))
    )
    assert {r.status for r in rows} == {Status.PENDING}
    assert all(r.review is None for r in rows)


def test_it_sends_the_published_one_at_once_and_the_other_days_before(
    gathering, staff_member, contract_holder, mailoutbox, travel
):
    gathering.publish(by=staff_member)
    send_due_reminders()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        r.recipient.email for r in _rows(gathering).filter(due_at=PUBLISHED_AT)
    )
    maja = next(m for m in mailoutbox if m.to == [contract_holder.email])
    assert maja.subject == f"Du har et oplæg på {gathering} den 14. maj 2026"
    assert "13.00–13.15" in maja.body and "13.15–13.30" in maja.body  # her two items
    assert "13:30–13:45" not in maja.body  # Jonas's
    assert "Pause" not in maja.body
    assert not maja.alternatives  # plain text, as before
    send_due_reminders()  # a second pass sends nothing again
    assert len(mailoutbox) == 2

    travel.move_to(dt.datetime(2026, 5, 11, 12, 59, tzinfo=CPH))
    send_due_reminders()
    assert len(mailoutbox) == 2  # not due yet
    travel.move_to(dt.datetime(2026, 5, 11, 13, 0, tzinfo=CPH))
    send_due_reminders()
    send_due_reminders()
    assert len(mailoutbox) == 4
    assert mailoutbox[-1].subject.startswith("Påmindelse: ")
    assert set(_rows(gathering).values_list("status", flat=True)) == {Status.SENT}


def test_it_cancels_the_unsent_reminders_when_the_gathering_is_held(
    gathering, staff_member, mailoutbox, travel
):
    gathering.publish(by=staff_member)
    send_due_reminders()
    gathering.mark_held(by=staff_member)
    travel.move_to(dt.datetime(2026, 5, 12, 9, 0, tzinfo=CPH))
    send_due_reminders()
    assert len(mailoutbox) == 2
    assert sorted(_rows(gathering).values_list("status", flat=True)) == [
        Status.CANCELLED,
        Status.CANCELLED,
        Status.SENT,
        Status.SENT,
    ]


def test_it_follows_a_moved_gathering(gathering, staff_member, coordinator, travel):
    gathering.publish(by=staff_member)
    gathering.date = dt.date(2026, 5, 7)
    gathering.save()
    travel.move_to(dt.datetime(2026, 5, 4, 12, 0, tzinfo=CPH))
    send_due_reminders()
    before = _rows(gathering).filter(recipient=coordinator).exclude(due_at=PUBLISHED_AT)
    assert [r.due_at for r in before] == [dt.datetime(2026, 5, 4, 13, 0, tzinfo=CPH)]
    assert before.get().status == Status.PENDING


def test_it_skips_someone_who_no_longer_presents(gathering, staff_member, coordinator):
    gathering.publish(by=staff_member)
    gathering.items.filter(presenter=coordinator).update(presenter=None)
    send_due_reminders()
    row = _rows(gathering).get(recipient=coordinator, due_at=PUBLISHED_AT)
    assert (row.status, row.skip_reason) == (Status.SKIPPED, Reminder.SkipReason.NOT_RECIPIENT)


def test_it_plans_no_days_before_reminder_when_published_at_short_notice(staff_member, travel):
    gathering = make_gathering(created_by=staff_member, date=dt.date(2026, 5, 6))
    gathering.add_free_item(
        title="Oplæg", duration_minutes=30, presenter=staff_member, by=staff_member
    )
    gathering.publish(by=staff_member)
    assert [r.due_at for r in _rows(gathering)] == [PUBLISHED_AT]


def test_it_keeps_a_review_s_reminders_apart_from_a_gathering_s(
    gathering, staff_member, coordinator
):
    cluster = make_cluster(coordinators=[coordinator])
    review = Review.objects.create(
        cluster=cluster, scheduled_at=PUBLISHED_AT + dt.timedelta(days=10), created_by=coordinator
    )
    sync_review_reminders(review)
    gathering.publish(by=staff_member)
    assert review.reminders.count() == 2
    assert set(review.reminders.all()) == set(Reminder.objects.filter(kind="review"))
    assert _rows(gathering).count() == 4
