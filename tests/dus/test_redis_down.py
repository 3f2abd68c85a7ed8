"""Redis stopped (issue 15, point 8), against a Redis server of the test's own.

- The web: with the cache in that Redis and Celery's broker pointed at it, every page a
  crawl reaches and every POST form on those pages answers without a 5xx while it is
  stopped (the dashboard computes its figures; signing in, out and a logbook entry
  work), and the cache is used again once Redis is back.
- The reminders: a real Celery worker and beat on that Redis, and an SMTP server; a
  reminder that falls due while Redis is stopped goes out once it is back, once.

Marked `postgres` too: they run in CI's PostgreSQL run (the production set-up), once.
"""

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import redis
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from dus import cache as forgiving_cache
from dus.celery import app as celery_app
from missions.models import Cluster, Membership
from portfolio.models import LogEntry, Reminder, Review
from portfolio.reminders import sync_review_reminders
from tests.crawl import crawl_html
from tests.dus.test_get_walk import _world
from tests.factories import PASSWORD, make_cluster, make_initiative, make_user
from tests.form_walk import post_forms
from tests.services import PrivateRedis, PrivateSMTP, stop_process

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.faults("redis", "smtp"), pytest.mark.postgres]


@pytest.fixture(scope="module")
def private_redis():
    server = PrivateRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_in_use(private_redis, monkeypatch):
    """The cache and Celery's broker in the private Redis, as in production."""
    monkeypatch.setattr(forgiving_cache, "RETRY_SECONDS", 0.2)
    caches = {
        "default": {
            "BACKEND": "dus.cache.RedisCache",
            "LOCATION": private_redis.url,
            "KEY_PREFIX": "dus",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
    conf = celery_app.conf
    before = (conf.broker_url, conf.task_always_eager)
    conf.broker_url, conf.task_always_eager = private_redis.url, False
    try:
        with override_settings(CACHES=caches):
            yield private_redis
    finally:
        conf.broker_url, conf.task_always_eager = before
        if private_redis.process is None:
            private_redis.start()


def _keys(server: PrivateRedis) -> int:
    return redis.Redis.from_url(server.url).dbsize()


@pytest.mark.django_db
def test_every_page_and_every_form_answer_without_a_5xx_while_redis_is_stopped(redis_in_use):
    manager = _world()
    client = Client()
    client.force_login(manager)
    assert client.get(reverse("portfolio:dashboard")).status_code == 200
    assert _keys(redis_in_use) > 0  # the dashboard's figures went into Redis

    redis_in_use.stop()
    answers: list[tuple[str, str, int]] = []

    def get(path):
        response = client.get(path)
        answers.append(("GET", path, response.status_code))
        return response

    pages = crawl_html(client, per_name=1, get=get)
    assert reverse("portfolio:dashboard") in pages
    forms = [f for f in post_forms(pages) if not f.action.startswith("/log-ud/")]
    for form in forms:
        data: dict[str, list[str]] = {}
        for name, value in form.data:
            data.setdefault(name, []).append(value)
        response = client.post(form.action, data)
        answers.append(("POST", form.action, response.status_code))
        if response.status_code == 302 and response["Location"].startswith("/log-ind/"):
            client.force_login(manager)  # a form that signed out (none should)
    running = make_initiative(Cluster.objects.first(), owner=manager, status="running")
    entries = LogEntry.objects.count()
    response = client.post(
        reverse("portfolio:entry_add", args=[running.pk]),
        {"kind": "progress", "text": "Skrevet mens Redis var nede."},
    )
    answers.append(("POST", "entry_add", response.status_code))
    assert LogEntry.objects.count() == entries + 1
    assert client.post(reverse("logout")).status_code == 302
    wrong = {"username": manager.username, "password": "forkert"}
    assert client.post(reverse("login"), wrong).status_code == 200
    right = {"username": manager.username, "password": PASSWORD}
    assert client.post(reverse("login"), right).status_code == 302
    dashboard = client.get(reverse("portfolio:dashboard"))
    answers.append(("GET", "dashboard after signing in again", dashboard.status_code))

    errors = [answer for answer in answers if answer[2] >= 500]
    assert not errors, errors
    posted = [status for method, _path, status in answers if method == "POST"]
    print(f"{len(pages)} pages, {len(forms)} forms ({sum(s < 400 for s in posted)} accepted)")
    assert len(pages) > 30
    assert len(forms) > 20
    assert sum(status < 400 for status in posted) > 15

    redis_in_use.start()
    time.sleep(0.3)  # the cache tries Redis again after RETRY_SECONDS
    # As a worker that has no copy of the figures (dus.cache keeps them per process too):
    # it misses in the new, empty Redis and puts them there.
    forgiving_cache.forget_versioned()
    assert client.get(reverse("portfolio:dashboard")).status_code == 200
    assert _keys(redis_in_use) > 0  # in use again


SEND_TIMEOUT = 90


@pytest.mark.django_db(transaction=True)
def test_a_reminder_due_while_redis_is_stopped_goes_out_once_when_it_is_back(
    private_redis, frame, settings
):
    from django.db import connection

    smtp = PrivateSMTP()
    smtp.start()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dus.settings",
        "DEBUG": "false",
        "SECRET_KEY": "worker-test-" + "x" * 40,
        "ALLOWED_HOSTS": "localhost",
        "SITE_URL": "https://dus.example.dk",
        # The worker sees this test's database: the test commits (transaction=True).
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": private_redis.url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "REMINDER_INTERVAL_SECONDS": "1",
        "PYTHONPATH": str(ROOT),
    }
    folder = Path(tempfile.mkdtemp(prefix="dus-redis-down-"))
    log_path = folder / "celery.log"
    processes = []
    try:
        with log_path.open("w") as log:
            celery = [sys.executable, "-m", "celery", "-A", "dus"]
            for arguments in (
                ["worker", "-P", "solo", "--without-gossip", "--without-mingle"],
                ["beat", "-s", str(folder / "beat-schedule")],
            ):
                processes.append(
                    subprocess.Popen(
                        [*celery, *arguments, "--loglevel=info"],
                        cwd=ROOT,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
        _wait(lambda: " ready." in log_path.read_text(), processes, log_path, "worker ready")

        private_redis.stop()
        ann = make_user(username="ann", email="ann@example.dk")
        bo = make_user(username="bo", email="bo@example.dk")
        cluster = make_cluster(coordinators=[ann])
        Membership.objects.create(cluster=cluster, person=bo, role="member")
        review = Review.objects.create(
            cluster=cluster, scheduled_at=timezone.now() + dt.timedelta(hours=20), created_by=ann
        )
        sync_review_reminders(review)  # due now: the reminder a day before
        time.sleep(3)  # beat's passes while Redis is away: nothing can reach the worker
        assert smtp.inbox.messages == []
        assert set(Reminder.objects.values_list("status", flat=True)) == {"pending"}

        private_redis.start()
        back = time.monotonic()
        _wait(lambda: len(smtp.inbox.messages) >= 2, processes, log_path, "the reminders")
        took = time.monotonic() - back
        time.sleep(3)  # a few more passes: nothing more may arrive
    finally:
        for process in processes:
            stop_process(process, seconds=30)
        smtp.stop()
    assert smtp.inbox.recipients == ["ann@example.dk", "bo@example.dk"], log_path.read_text()
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}
    print(f"reminders out {took:.1f} s after Redis was back")


def _wait(condition, processes, log_path: Path, what: str) -> None:
    deadline = time.monotonic() + SEND_TIMEOUT
    while not condition():
        assert all(p.poll() is None for p in processes), log_path.read_text()
        assert time.monotonic() < deadline, (
            f"no {what} in {SEND_TIMEOUT} s:\n{log_path.read_text()}"
        )
        time.sleep(0.2)
