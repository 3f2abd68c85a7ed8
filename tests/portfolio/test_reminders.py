"""Reminders before portfolio reviews and the weekly digest: due times, recipients, and
the sending pass (once each, retries, moved reviews, opt-out)."""

import datetime as dt
import smtplib
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from dus.models import Role
from missions.models import Membership
from portfolio.models import Reminder, Review
from portfolio.reminders import (
    review_due_times,
    review_recipients,
    send_due_reminders,
    sync_review_reminders,
)
from portfolio.tasks import send_reminders
from tests.factories import make_cluster, make_entry, make_initiative, make_user

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")
Status = Reminder.Status


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CPH)


class RefusingBackend(EmailBackend):
    """The test outbox, but the server refuses the addresses in `refused`."""

    refused: set[str] = set()

    def send_messages(self, messages):
        for message in messages:
            if set(message.to) & self.refused:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        return super().send_messages(messages)


@pytest.fixture
def refusing(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
    RefusingBackend.refused = set()
    yield RefusingBackend.refused
    RefusingBackend.refused = set()


@pytest.fixture
def cluster(coordinator, contract_holder):
    return make_cluster(coordinators=[coordinator], members=[contract_holder])


def make_review(cluster, when, **kwargs):
    kwargs.setdefault("created_by", cluster.memberships.first().person)
    return Review.objects.create(cluster=cluster, scheduled_at=when, **kwargs)


def test_it_keeps_the_wall_clock_time_across_the_switch_to_summer_time():
    # Summer time starts on 29 March 2026 at 02:00.
    seven, one = review_due_times(local(2026, 3, 30, 10, 0))
    assert seven == local(2026, 3, 23, 10, 0)
    assert one == local(2026, 3, 29, 10, 0)
    assert seven.astimezone(dt.UTC).hour == 9  # CET, UTC+1
    assert local(2026, 3, 30, 10, 0).astimezone(dt.UTC).hour == 8  # CEST, UTC+2


def test_it_sends_each_reminder_when_it_is_due_across_a_daylight_saving_change(
    cluster, coordinator, contract_holder
):
    with time_machine.travel(local(2026, 3, 20, 12, 0), tick=False):
        review = make_review(cluster, local(2026, 3, 30, 10, 0))
        sync_review_reminders(review)
    assert {r.due_at for r in Reminder.objects.all()} == {
        local(2026, 3, 23, 10, 0),
        local(2026, 3, 29, 10, 0),
    }
    assert Reminder.objects.count() == 4  # two people, two days
    with time_machine.travel(local(2026, 3, 23, 9, 59), tick=False):
        send_due_reminders()
    assert mail.outbox == []
    with time_machine.travel(local(2026, 3, 23, 10, 0), tick=False):
        send_due_reminders()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [coordinator.email, contract_holder.email]
    )
    assert "om 7 dage" in mail.outbox[0].body
    with time_machine.travel(local(2026, 3, 29, 10, 0), tick=False):
        send_due_reminders()
    assert len(mail.outbox) == 4
    assert "i morgen" in mail.outbox[-1].body


def test_it_reminds_members_and_owners_each_once(cluster, coordinator, contract_holder):
    owner = make_user(username="ejer")
    make_initiative(cluster, owner=owner, status="running")
    make_initiative(cluster, owner=contract_holder, status="running")  # member and owner
    make_initiative(
        cluster,
        owner=make_user(username="stoppet"),
        status="stopped",
        stop_reason="Virkede ikke",
        stop_learning="Noget",
    )
    former = make_user(username="tidligere")
    Membership.objects.create(
        cluster=cluster, person=former, role="member", ended_at=timezone.now()
    )
    review = make_review(cluster, timezone.now() + dt.timedelta(days=30))
    assert set(review_recipients(review)) == {coordinator, contract_holder, owner}
    sync_review_reminders(review)
    assert Reminder.objects.filter(due_at=Reminder.objects.first().due_at).count() == 3


def test_it_sends_each_reminder_once_when_the_pass_runs_twice(cluster):
    review = make_review(cluster, timezone.now() + dt.timedelta(hours=20))
    sync_review_reminders(review)
    send_due_reminders()
    send_due_reminders()
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 2
    assert set(Reminder.objects.values_list("status", flat=True)) == {Status.SENT}


def test_it_retries_only_the_refused_recipient_and_gives_up_after_the_last_try(
    cluster, coordinator, contract_holder, refusing, settings
):
    settings.REMINDER_MAX_ATTEMPTS = 2
    refusing.add(contract_holder.email)
    review = make_review(cluster, timezone.now() + dt.timedelta(hours=20))
    sync_review_reminders(review)
    send_due_reminders()
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    refused = Reminder.objects.get(recipient=contract_holder)
    assert (refused.status, refused.attempts) == (Status.PENDING, 1)
    assert "No such user" in refused.last_error
    assert refused.next_attempt_at > timezone.now()
    send_due_reminders()  # not yet time to try again
    assert Reminder.objects.get(pk=refused.pk).attempts == 1
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=6), tick=False):
        send_due_reminders()
    refused.refresh_from_db()
    assert (refused.status, refused.attempts) == (Status.FAILED, 2)
    assert len(mail.outbox) == 1  # the coordinator's reminder was not sent again


def test_it_sends_a_refused_reminder_once_the_server_accepts_it(cluster, contract_holder, refusing):
    refusing.add(contract_holder.email)
    review = make_review(cluster, timezone.now() + dt.timedelta(hours=20))
    sync_review_reminders(review)
    send_due_reminders()
    refusing.clear()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=6), tick=False):
        send_due_reminders()
    assert sorted(len(m.to) for m in mail.outbox) == [1, 1]
    reminder = Reminder.objects.get(recipient=contract_holder)
    assert (reminder.status, reminder.attempts, reminder.last_error) == (Status.SENT, 2, "")


def test_it_follows_a_moved_review(cluster, coordinator):
    review = make_review(cluster, local(2026, 5, 20, 10, 0))
    with time_machine.travel(local(2026, 5, 13, 10, 5), tick=False):
        sync_review_reminders(review)
        send_due_reminders()  # the 7-day reminders go out
        assert len(mail.outbox) == 2
        review.scheduled_at = local(2026, 5, 15, 14, 0)
        review.save()
        sync_review_reminders(review)
    rows = Reminder.objects.filter(recipient=coordinator)
    # The sent one stays as a record; the old date's 1-day one is gone; the new date
    # gets the latest due time already past (sent at once) and its 1-day one.
    assert sorted((r.due_at, r.status) for r in rows) == [
        (local(2026, 5, 8, 14, 0), Status.PENDING),
        (local(2026, 5, 13, 10, 0), Status.SENT),
        (local(2026, 5, 14, 14, 0), Status.PENDING),
    ]
    with time_machine.travel(local(2026, 5, 13, 10, 10), tick=False):
        send_due_reminders()
    assert len(mail.outbox) == 4
    assert "15. maj 2026" in mail.outbox[-1].body


def test_it_skips_a_recipient_without_an_email_address(cluster, coordinator):
    nameless = make_user(username="uden", email="")
    Membership.objects.create(cluster=cluster, person=nameless, role="member")
    review = make_review(cluster, timezone.now() + dt.timedelta(hours=20))
    sync_review_reminders(review)
    send_due_reminders()
    skipped = Reminder.objects.get(recipient=nameless)
    assert (skipped.status, skipped.skip_reason) == (Status.SKIPPED, "no_email")
    assert len(mail.outbox) == 2
    nameless.email = "uden@example.dk"
    nameless.save()
    send_due_reminders()  # the pass syncs the coming reviews, so the address counts now
    assert len(mail.outbox) == 3


def test_it_creates_no_reminders_for_a_review_without_members(coordinator):
    cluster = make_cluster()
    review = Review.objects.create(
        cluster=cluster, scheduled_at=timezone.now() + dt.timedelta(days=3), created_by=coordinator
    )
    sync_review_reminders(review)
    assert not Reminder.objects.exists()


def test_it_marks_initiatives_without_an_entry_since_the_previous_review(
    cluster, coordinator, contract_holder
):
    previous = make_review(
        cluster, timezone.now() - dt.timedelta(days=40), state=Review.State.CLOSED
    )
    fresh = make_initiative(cluster, owner=contract_holder, title="Fredagscafé", status="running")
    make_entry(fresh, created_at=previous.scheduled_at + dt.timedelta(days=1))
    old = make_initiative(cluster, owner=contract_holder, title="Gåbus", status="running")
    make_entry(old, created_at=previous.scheduled_at - dt.timedelta(days=1))
    make_initiative(cluster, owner=coordinator, title="Andres", status="running")
    review = make_review(cluster, timezone.now() + dt.timedelta(hours=20), place="Rådhuset")
    sync_review_reminders(review)
    send_due_reminders()
    message = next(m for m in mail.outbox if m.to == [contract_holder.email])
    assert message.subject.startswith("Porteføljevurdering af ")
    body = message.body
    assert "Rådhuset" in body
    assert f"http://testserver{review.get_absolute_url()}" in body
    assert f"http://testserver{fresh.get_absolute_url()}" in body
    assert "- Gåbus [opdatér før mødet]" in body
    assert "- Fredagscafé\n" in body
    assert "Andres" not in body
    html = message.alternatives[0].content
    assert "<strong>opdatér før mødet</strong>" in html


def test_it_sends_group_management_the_weekly_digest_on_monday_morning(
    group_manager, contract_holder, cluster
):
    make_initiative(cluster, title="Glemt indsats", status="running")
    make_review(cluster, local(2026, 6, 1, 9, 0))  # overdue on 8 June
    with time_machine.travel(local(2026, 6, 8, 6, 59), tick=False):
        send_due_reminders()
    assert mail.outbox == []
    with time_machine.travel(local(2026, 6, 8, 7, 3), tick=False):
        send_due_reminders()
        send_due_reminders()
    assert [m.to for m in mail.outbox] == [[group_manager.email]]
    digest = mail.outbox[0]
    assert digest.extra_headers["List-Unsubscribe"] == "<http://testserver/mine-indstillinger/>"
    assert "http://testserver/dashboard/" in digest.body
    assert cluster.name in digest.body  # the overdue review


def test_it_sends_no_digest_to_someone_who_turned_it_off(group_manager):
    other = make_user(Role.GROUP_MANAGEMENT, username="anden")
    group_manager.weekly_digest = False
    group_manager.save()
    with time_machine.travel(local(2026, 6, 8, 7, 3), tick=False):
        send_reminders.apply()  # the beat task, run here
    assert [m.to for m in mail.outbox] == [[other.email]]


def test_it_skips_a_planned_digest_when_turned_off_before_it_is_sent(group_manager, refusing):
    refusing.add(group_manager.email)
    with time_machine.travel(local(2026, 6, 8, 7, 3), tick=False):
        send_due_reminders()
    group_manager.weekly_digest = False
    group_manager.save()
    refusing.clear()
    with time_machine.travel(local(2026, 6, 8, 7, 30), tick=False):
        send_due_reminders()
    assert mail.outbox == []
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.skip_reason) == (Status.SKIPPED, "opted_out")


def test_it_counts_the_days_from_when_a_late_reminder_is_sent(cluster, contract_holder):
    review = make_review(cluster, timezone.now() + dt.timedelta(days=3))
    sync_review_reminders(review)  # the 7-day reminder is already due
    send_due_reminders()
    body = next(m for m in mail.outbox if m.to == [contract_holder.email]).body
    assert "om 3 dage" in body or "om 2 dage" in body  # near midnight the date turns
    assert "om 7 dage" not in body


def test_it_sends_reminders_for_a_cluster_whose_stored_name_has_a_line_break(cluster):
    # Stored before names were refused a line break; a subject with one cannot be sent.
    type(cluster).objects.filter(pk=cluster.pk).update(name="Trivsel\r\nBcc: x@example.dk\u2028")
    review = make_review(cluster, timezone.now() + dt.timedelta(hours=20))
    sync_review_reminders(review)
    send_due_reminders()
    assert set(Reminder.objects.values_list("status", flat=True)) == {Status.SENT}
    assert len(mail.outbox) == 2
    message = mail.outbox[0].message()
    assert message["Subject"].startswith("Porteføljevurdering af Trivsel Bcc: x@example.dk ")
    assert message["Bcc"] is None
