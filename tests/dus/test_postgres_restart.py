"""PostgreSQL restarted during traffic (issue 15, point 9), against a cluster of the test's
own: gunicorn with 2 workers and persistent connections (CONN_MAX_AGE=60) serves a page
that reads the database and /healthz to a few threads of clients, before, during and
after `pg_ctl restart`. Requests fail only while the server is down; the first ones after
it is up already succeed, because Django checks a persistent connection before reusing
it (CONN_HEALTH_CHECKS, set through dj-database-url in dus/settings.py), and the same
worker processes answer: nothing was restarted but PostgreSQL.

Marked `postgres` too: it runs in CI's PostgreSQL run, once.
"""

import http.client
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.services import PrivateCluster, free_port, stop_process

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.faults("postgres"), pytest.mark.postgres]
PASSWORD = "restart-test-password"
SETUP = f"""
import django
django.setup()
from django.core.management import call_command
from dus.models import User
call_command("migrate", "--no-input", verbosity=0)
User.objects.create_user("driftstest", password={PASSWORD!r})
"""


def _request(port: int, path: str, cookie: str = "", body: dict | None = None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        all_headers = {"Cookie": cookie, **(headers or {})}
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(
            "GET" if body is None else "POST",
            path,
            body=None if body is None else urlencode(body),
            headers=all_headers,
        )
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def _cookies(headers) -> dict[str, str]:
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def _sign_in(port: int) -> str:
    _status, headers, body = _request(port, "/log-ind/")
    csrf = _cookies(headers)["csrftoken"]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = {"username": "driftstest", "password": PASSWORD, "csrfmiddlewaretoken": token}
    status, headers, _body = _request(port, "/log-ind/", f"csrftoken={csrf}", form)
    assert status == 302, status
    return f"sessionid={_cookies(headers)['sessionid']}"


def _workers(master: int) -> set[int]:
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.add(int(stat.parent.name))
    return children


@pytest.fixture(scope="module")
def cluster():
    cluster = PrivateCluster()
    try:
        cluster.init()
        cluster.start()
        cluster.create_database("dus")
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(scope="module")
def gunicorn(cluster):
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")},
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": cluster.url("dus"),
        "CONN_MAX_AGE": "60",
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=env, check=True, timeout=300)
    log = tempfile.NamedTemporaryFile(prefix="dus-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "dus.wsgi", "--workers", "2"),
            *("--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, Path(log.name).read_text()
            try:
                if _request(port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, Path(log.name).read_text()
            time.sleep(0.2)
        yield process, port, Path(log.name)
    finally:
        stop_process(process)
        log.close()
        Path(log.name).unlink(missing_ok=True)


def _answered(answers, since: float) -> int:
    """The fewest answers of one path among those begun after `since`."""
    counts = {"/": 0, "/healthz": 0}
    for start, _end, path, _status in list(answers):
        if start > since:
            counts[path] += 1
    return min(counts.values())


def _until(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_the_workers_recover_by_themselves_when_postgresql_restarts(cluster, gunicorn):
    process, port, log = gunicorn
    session = _sign_in(port)
    workers = _workers(process.pid)
    assert len(workers) == 2
    answers: list[tuple[float, float, str, int | str]] = []  # start, end, path, status
    stop = threading.Event()

    paused = threading.Event()
    busy = [0]
    lock = threading.Lock()

    def client(path: str) -> None:
        while not stop.is_set():
            with lock:
                if paused.is_set():
                    start = None
                else:
                    busy[0] += 1
                    start = time.monotonic()
            if start is None:
                time.sleep(0.02)
                continue
            try:
                status, _headers, body = _request(port, path, session)
                if status == 200 and path != "/healthz" and b'name="password"' in body:
                    status = "the sign-in page"
            except OSError as error:
                status = type(error).__name__
            answers.append((start, time.monotonic(), path, status))
            with lock:
                busy[0] -= 1
            time.sleep(0.02)

    # The front page reads the session, the user and the portfolio's figures.
    threads = [threading.Thread(target=client, args=(p,)) for p in ("/", "/", "/healthz")]
    for thread in threads:
        thread.start()
    _until(lambda: _answered(answers, since=0) >= 3)
    down = time.monotonic()
    cluster.stop("fast")
    time.sleep(1)
    cluster.start()
    up = time.monotonic()
    _until(lambda: _answered(answers, since=up) >= 3)
    # Again, with the workers idle while it is down: their persistent connections are now
    # stale, and the first request of each must find that out before using one (without
    # health checks it fails, and only the next one works).
    paused.set()
    _until(lambda: busy[0] == 0)
    cluster.stop("fast")
    cluster.start()
    again = time.monotonic()
    paused.clear()
    _until(lambda: _answered(answers, since=again) >= 4)
    stop.set()
    for thread in threads:
        thread.join()

    before = [a for a in answers if a[1] < down]
    after = [a for a in answers if a[0] > up]
    failed = [a for a in answers if a[3] != 200]
    idle_restart = [a for a in answers if a[0] > again]
    assert all(a[3] == 200 for a in before), before
    assert all(a[3] == 200 for a in after), [a for a in after if a[3] != 200]
    # What failed, failed while PostgreSQL was down (a request that began just before it
    # went down may end in the window too).
    assert all(a[1] >= down and a[0] <= up for a in failed), failed
    assert all(a[3] == 200 for a in idle_restart), idle_restart
    assert {path for *_times, path, _status in after} == {"/", "/healthz"}
    assert _workers(process.pid) == workers, log.read_text()
    assert process.poll() is None
    print(
        f"{len(answers)} requests; PostgreSQL down {up - down:.1f} s; {len(failed)} failed, "
        f"all in that window; {len(after)} after it, all 200, from the same 2 workers "
        f"(and {len(idle_restart)} after a restart while they were idle)"
    )
