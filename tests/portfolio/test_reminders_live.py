"""Reminders against real services: two passes at once on PostgreSQL, and a real Celery
worker with beat on Redis sending through a real SMTP server."""

import datetime as dt
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

from missions.models import Membership
from portfolio import reminders
from portfolio.models import Reminder, Review
from tests.factories import make_cluster, make_user

ROOT = Path(__file__).resolve().parents[2]


class SlowBackend(EmailBackend):
    """The test outbox, slow enough that two passes overlap."""

    def send_messages(self, messages):
        time.sleep(0.01)
        return super().send_messages(messages)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_sends_each_reminder_once_when_two_passes_run_at_once(
    frame, coordinator, settings, monkeypatch
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.SlowBackend"}}
    monkeypatch.setattr(reminders, "BATCH_SIZE", 3)
    cluster = make_cluster(coordinators=[coordinator])
    for _n in range(24):
        Membership.objects.create(cluster=cluster, person=make_user(), role="member")
    review = Review.objects.create(
        cluster=cluster,
        scheduled_at=timezone.now() + dt.timedelta(hours=20),
        created_by=coordinator,
    )
    reminders.sync_review_reminders(review)
    start = threading.Barrier(2)
    errors = []

    def one_pass():
        try:
            start.wait()
            reminders.send_due_reminders()
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_pass) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == len(set(recipients)) == 25
    assert set(Reminder.objects.values_list("status", flat=True)) == {Reminder.Status.SENT}


SETUP = """
import datetime as dt
import django
django.setup()
from django.utils import timezone
from portfolio.models import Review
from portfolio.reminders import sync_review_reminders
from tests.factories import make_cluster, make_initiative, make_user
ann = make_user(username="ann", first_name="Ann", email="ann@example.dk")
bo = make_user(username="bo", first_name="Bo", email="bo@example.dk")
cluster = make_cluster(name="Sundt ungeliv", coordinators=[ann], members=[bo])
make_initiative(cluster, owner=bo, title="Fredagscafé", status="running")
review = Review.objects.create(
    cluster=cluster, scheduled_at=timezone.now() + dt.timedelta(hours=20),
    place="Rådhuset", created_by=ann,
)
sync_review_reminders(review)
# Twenty hours ahead is tomorrow or, early in the morning, later today.
day = "i morgen" if timezone.localdate(review.scheduled_at) > timezone.localdate() else "i dag"
print(day.replace(" ", "_"), review.pk)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.redis
def test_it_sends_reminders_from_a_celery_worker_and_beat_through_smtp(tmp_path):
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append((envelope.rcpt_tos, envelope.content))
            return "250 OK"

    inbox = Inbox()
    port = _free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    database = tmp_path / "dus.sqlite3"
    # The worker is another process: it cannot see the test database, so it and the
    # set-up share a database file of their own.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dus.settings",
        "DEBUG": "false",
        "SECRET_KEY": "worker-test-" + "x" * 40,
        "ALLOWED_HOSTS": "localhost",
        "SITE_URL": "https://dus.example.dk",
        "DATABASE_URL": f"sqlite:///{database}",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "REMINDER_INTERVAL_SECONDS": "1",
        "PYTHONPATH": str(ROOT),
    }
    processes = []
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=120,
        )
        day, review_pk = subprocess.run(
            [sys.executable, "-c", SETUP],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=60,
            capture_output=True,
            text=True,
        ).stdout.split()[-2:]
        # Worker and beat as two processes, as in docker-compose.yml. (A worker with an
        # embedded --beat sometimes fails to open Python 3.13's sqlite3 shelve for its
        # schedule in the forked beat process: "locking protocol".)
        log_file = (tmp_path / "worker.log").open("w")
        celery = [sys.executable, "-m", "celery", "-A", "dus"]
        processes = [
            subprocess.Popen(
                [*celery, *arguments, "--loglevel=info"],
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
            for arguments in (
                ["worker", "-P", "solo"],
                ["beat", "-s", str(tmp_path / "beat-schedule")],
            )
        ]
        deadline = time.monotonic() + 60
        while len(inbox.messages) < 2 and time.monotonic() < deadline:
            assert all(p.poll() is None for p in processes), (tmp_path / "worker.log").read_text()
            time.sleep(0.5)
        time.sleep(3)  # a few more passes: nothing more may arrive
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        smtp.stop()
    log = (tmp_path / "worker.log").read_text()
    assert sorted(to for tos, _ in inbox.messages for to in tos) == [
        "ann@example.dk",
        "bo@example.dk",
    ], log
    received = {
        tos[0]: message_from_bytes(content, policy=policy.default)
        for tos, content in inbox.messages
    }
    bo = received["bo@example.dk"]
    assert bo["Subject"].startswith("Porteføljevurdering af Sundt ungeliv den ")
    text = bo.get_body(("plain",)).get_content()
    assert f"Porteføljen i Sundt ungeliv vurderes {day.replace('_', ' ')}" in text
    assert f"https://dus.example.dk/vurderinger/{review_pk}/" in text
    assert "- Fredagscafé [opdatér før mødet]" in text
    assert "<strong>opdatér før mødet</strong>" in bo.get_body(("html",)).get_content()
    with sqlite3.connect(database) as db:
        statuses = db.execute("SELECT status FROM portfolio_reminder").fetchall()
    assert sorted(statuses) == [("sent",), ("sent",)]
