"""SMTP down (issue 15, point 10): the sending pass against a real SMTP server of the test's
own (aiosmtpd), stopped and started again. While it is away the reminders stay pending,
however many passes run, with no try counted against them; when it is back each goes
out once."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from portfolio.models import Reminder, Review
from portfolio.reminders import send_due_reminders, sync_review_reminders
from tests.factories import make_cluster, make_user
from tests.services import PrivateSMTP

pytestmark = [pytest.mark.django_db, pytest.mark.faults("smtp")]
Status = Reminder.Status


@pytest.fixture
def smtp(settings):
    server = PrivateSMTP()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    yield server
    server.stop()


def test_it_keeps_reminders_pending_while_smtp_is_down_and_sends_each_once_when_it_is_back(
    smtp, settings
):
    settings.REMINDER_MAX_ATTEMPTS = 2
    people = [make_user(email=f"p{n}@example.dk") for n in range(5)]
    cluster = make_cluster(coordinators=people[:1], members=people[1:])
    review = Review.objects.create(
        cluster=cluster,
        scheduled_at=timezone.now() + dt.timedelta(hours=20),
        created_by=people[0],
    )
    sync_review_reminders(review)
    assert Reminder.objects.filter(status=Status.PENDING).count() == 5

    # Down for longer than all the tries a refused address would get, pass after pass.
    for hours in range(4):
        with time_machine.travel(timezone.now() + dt.timedelta(hours=hours), tick=False):
            counts = send_due_reminders()
        assert counts == {Status.PENDING: 5}
    rows = list(Reminder.objects.values_list("status", "attempts", "last_error"))
    assert {(status, attempts) for status, attempts, _error in rows} == {(Status.PENDING, 0)}
    assert all("Connection refused" in error or "ConnectionRefused" in error for *_, error in rows)

    smtp.start()
    with time_machine.travel(timezone.now() + dt.timedelta(hours=4), tick=False):
        assert send_due_reminders() == {Status.SENT: 5}
        assert send_due_reminders() == {}
    assert smtp.inbox.recipients == sorted(p.email for p in people)
    assert set(Reminder.objects.values_list("status", "attempts", "last_error")) == {
        (Status.SENT, 1, "")
    }
