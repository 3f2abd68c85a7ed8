"""The review reminder writes its dates in the house style (dus/formats/), in the subject
and in both bodies."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from portfolio.models import Review
from portfolio.reminders import send_due_reminders, sync_review_reminders
from tests.factories import make_cluster, make_initiative

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def test_it_writes_the_meeting_as_danish_authorities_do(coordinator, contract_holder):
    cluster = make_cluster(coordinators=[coordinator], members=[contract_holder])
    make_initiative(cluster, owner=contract_holder, status="running")
    with time_machine.travel(dt.datetime(2026, 11, 27, 10, 0, tzinfo=CPH), tick=False):
        review = Review.objects.create(
            cluster=cluster,
            scheduled_at=dt.datetime(2026, 11, 28, 10, 0, tzinfo=CPH),
            created_by=coordinator,
        )
        sync_review_reminders(review)
        send_due_reminders()
    message = next(m for m in mail.outbox if m.to == [contract_holder.email])
    assert " den 28. nov. 2026: " in message.subject
    assert "lørdag den 28. november 2026 kl. 10.00" in message.body
    assert "lørdag den 28. november 2026 kl. 10.00" in message.alternatives[0].content
    for other in ("28.11.2026", "10:00", "Nov"):
        assert other not in message.subject + message.body
