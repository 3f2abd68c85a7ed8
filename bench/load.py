"""Load benchmark of the dashboard: gunicorn serves the portal, wrk measures it.

Run with `.venv/bin/python bench/load.py`; see bench/README.md ("Load benchmark").
Exits 1 if a target fails, 2 if the benchmark itself could not run.
"""

import gzip
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402
from bench.run import BenchError  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dus_load"
USERNAME = "bench-ledelse"
PASSWORD = "bench-load-Ledelse-2024"  # a bench-only account in a throwaway database
SECRET_KEY = "bench-only-not-secret-" + "k" * 40
WORKERS = 2
WRK_THREADS, WRK_CONNECTIONS, WRK_DURATION = 2, 20, "10s"
WRK_TIMEOUT = "30s"  # wrk's default 2 s would drop slow answers from the latencies
QUERY_TARGET = 25
GZIP_TARGET = 60 * 1024
RATIO_TARGETS = {"c": 1.0, "d": 2.0}  # requests/s relative to (b), at least
HTMX_HEADERS = {"HX-Request": "true", "HX-Target": "panels"}


# The data ---------------------------------------------------------------------


@dataclass
class Data:
    fx: object
    manager: object
    problem: int  # pk of hard problem 3
    per_page: int  # the initiatives' changelist rows per page
    initiatives: int = 0
    queries: dict[str, dict[str, run.Result]] = field(default_factory=dict)  # phase → key


def _dashboard_scenarios(problem: int) -> list[run.Scenario]:
    def whole(response) -> None:
        run._expect(response, contains=b'id="panels"')
        if b"<html" not in response.content:
            raise BenchError("the dashboard answered without the page around the panels")

    def fragment(response) -> None:
        run._expect(response, contains=b'id="panels"')
        if b"<html" in response.content:
            raise BenchError("a whole page was answered to htmx")

    return [
        run.Scenario("c", "(c) dashboard", lambda client, i: client.get("/dashboard/"), whole),
        run.Scenario(
            "d",
            "(d) dashboard, problem 3, htmx",
            lambda client, i: client.get("/dashboard/", {"problem": problem}, headers=HTMX_HEADERS),
            fragment,
        ),
    ]


def count_queries(data: Data, phase: str) -> None:
    """The dashboard in-process (test client), with every query counted and timed."""
    from django.test import Client

    client = Client()
    client.force_login(data.manager)
    data.queries[phase] = {}
    for scenario in _dashboard_scenarios(data.problem):
        try:
            data.queries[phase][scenario.key] = run.measure(client, scenario)
        except BenchError as error:
            raise BenchError(f"{phase} in-process {scenario.label}: {error}") from None


def vacuum_analyze() -> None:
    """Planner statistics and the visibility map, as autovacuum would leave them after
    the bulk inserts (bench/run.py only analyzes)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


# The server -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with the bench settings on 127.0.0.1, stopped by its PID."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed in stop)
            prefix="dus-load-gunicorn-", suffix=".log", delete=False
        )
        self.process: subprocess.Popen | None = None

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "bench.settings",
                "DATABASE_URL": self.url,
                "CONN_MAX_AGE": "60",
                "DEBUG": "false",
                "SECRET_KEY": SECRET_KEY,
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "SITE_URL": f"http://127.0.0.1:{self.port}",
                "SECURE_SSL_REDIRECT": "false",
                "SESSION_COOKIE_SECURE": "false",
                "CSRF_COOKIE_SECURE": "false",
                "SECURE_HSTS_SECONDS": "0",
                "PYTHONWARNINGS": "ignore:No directory at",
            }
        )
        return env

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "dus.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--chdir",
            str(ROOT),
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env(),
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited with {self.process.returncode}:\n{self.tail()}")
            try:
                status, _headers, _body = fetch(self.port, "/healthz", timeout=2)
            except OSError:
                time.sleep(0.2)
                continue
            if status == 200:
                return
            raise BenchError(f"/healthz answered {status}:\n{self.tail()}")
        raise BenchError(f"gunicorn did not answer within 30 s:\n{self.tail()}")

    def tail(self, lines: int = 20) -> str:
        self.log.flush()
        text = Path(self.log.name).read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


# HTTP -------------------------------------------------------------------------


def fetch(
    port: int,
    path: str,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 60,
) -> tuple[int, Message, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST" if body else "GET", path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def _cookies(headers: Message) -> dict[str, str]:
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(port: int) -> str:
    """Posts the sign-in form as a browser would; answers the session cookie."""
    status, headers, body = fetch(port, "/log-ind/")
    if status != 200:
        raise BenchError(f"GET /log-ind/ answered {status}")
    csrf = _cookies(headers).get("csrftoken")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not csrf or not token:
        raise BenchError("the sign-in page gave no CSRF cookie or token")
    form = {
        "username": USERNAME,
        "password": PASSWORD,
        "csrfmiddlewaretoken": token.group(1).decode(),
        "next": "/dashboard/",
    }
    status, headers, _body = fetch(
        port,
        "/log-ind/",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "Referer": f"http://127.0.0.1:{port}/log-ind/",
        },
        body=urlencode(form).encode(),
    )
    session = _cookies(headers).get("sessionid")
    if status != 302 or not session:
        raise BenchError(f"signing in answered {status} without a session")
    return session


# Scenarios and wrk --------------------------------------------------------------


@dataclass
class Scenario:
    key: str
    label: str
    path: str
    check: Callable[[bytes], None]  # raises BenchError
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Load:
    status: int
    size: int
    gzip_size: int
    rps: float
    median: float  # ms
    p99: float  # ms
    requests: int


def _need(body: bytes, present=(), absent=(), count=None) -> None:
    if b'name="password"' in body:
        raise BenchError("the sign-in page was answered")
    for needle in present:
        if needle not in body:
            raise BenchError(f"{needle!r} not in the response")
    for needle in absent:
        if needle in body:
            raise BenchError(f"{needle!r} in the response")
    if count is not None:
        needle, expected = count
        if (found := body.count(needle)) != expected:
            raise BenchError(f"{found} × {needle!r}, expected {expected}")


def scenarios(data: Data) -> list[Scenario]:
    rows = min(data.per_page, data.initiatives)
    return [
        Scenario("a", "(a) /healthz (SELECT 1)", "/healthz", lambda b: _need(b, [b"ok\n"])),
        Scenario(
            "b",
            f"(b) admin initiatives, {data.per_page}/page",
            "/admin/portfolio/initiative/",
            lambda b: _need(
                b, [b'id="result_list"', b'id="changelist"'], count=(b'"_selected_action"', rows)
            ),
        ),
        Scenario(
            "c",
            "(c) dashboard",
            "/dashboard/",
            lambda b: _need(b, [b"<html", b'id="panels"', b'id="panel-coverage"']),
        ),
        Scenario(
            "d",
            "(d) dashboard ?problem=3, htmx",
            f"/dashboard/?problem={data.problem}",
            lambda b: _need(b, [b'id="panels"', b'id="panel-coverage"'], absent=[b"<html"]),
            HTMX_HEADERS,
        ),
        Scenario(
            "e",
            "(e) search ?q=borgere",
            "/soeg/?q=borgere",
            lambda b: _need(b, [b'id="results-initiatives"', b'id="results-entries"', b"<mark>"]),
        ),
    ]


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str, unit: str) -> float:
    return float(value) * _UNITS[unit]


def wrk(port: int, scenario: Scenario, session: str) -> tuple[float, float, float, int]:
    """requests/s, median ms, p99 ms and the number of requests."""
    headers = {"Cookie": f"sessionid={session}", **scenario.headers}
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{WRK_DURATION}"]
    command += ["--timeout", WRK_TIMEOUT, "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{scenario.path}")
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    out = done.stdout
    if done.returncode != 0:
        raise BenchError(f"wrk exited with {done.returncode}: {done.stderr.strip()}")
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        raise BenchError(f"wrk saw {match.group(1)} error responses:\n{out}")
    if match := re.search(r"Socket errors: (.*)", out):
        raise BenchError(f"wrk saw socket errors ({match.group(1)}):\n{out}")
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in ", out)
    percentiles = {
        int(p): _ms(v, u)
        for p, v, u in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
    }
    if not rps or not total or 50 not in percentiles or 99 not in percentiles:
        raise BenchError(f"could not read wrk's output:\n{out}")
    return float(rps.group(1)), percentiles[50], percentiles[99], int(total.group(1))


def measure_load(port: int, session: str, data: Data) -> dict[str, Load]:
    results = {}
    for scenario in scenarios(data):
        headers = {"Cookie": f"sessionid={session}", **scenario.headers}
        status, response_headers, body = fetch(port, scenario.path, headers=headers)
        print(f"  {scenario.label:<36} check: {status}, {len(body):,} bytes", end="", flush=True)
        if status != 200:
            where = response_headers.get("Location", "")
            raise BenchError(f"{scenario.label}: status {status} {where}".strip())
        try:
            scenario.check(body)
        except BenchError as error:
            raise BenchError(f"{scenario.label}: {error}") from None
        rps, median, p99, requests = wrk(port, scenario, session)
        print(f"; wrk {requests:,} requests")
        results[scenario.key] = Load(
            status, len(body), len(gzip.compress(body)), rps, median, p99, requests
        )
    return results


# Report -----------------------------------------------------------------------


def report(data: Data, load: dict[str, Load]) -> bool:
    labels = {s.key: s.label for s in scenarios(data)}
    print()
    print(f"{'scenario':<38}{'bytes':>9}{'req/s':>10}{'median ms':>11}{'p99 ms':>10}")
    for key, label in labels.items():
        r = load[key]
        print(f"{label:<38}{r.size:>9,}{r.rps:>10.1f}{r.median:>11.1f}{r.p99:>10.1f}")
    ratios = {k: load[k].rps / load["b"].rps for k in "cde"}
    print("ratios of req/s: " + ", ".join(f"{k}/b {v:.2f}" for k, v in ratios.items()))
    print()

    small, large = data.queries["small"], data.queries["large"]
    print("Dashboard in-process (test client), large data, median ms and the dominant queries:")
    for key, result in large.items():
        print(
            f"  ({key}) {small[key].query_count} queries small, {result.query_count} large; "
            f"{result.median:.1f} ms, {result.sql_median:.1f} ms of it in the database"
        )
        for ms, times, sql in result.dominant(3):
            print(f"      {ms:6.2f} ms {'×' + str(times) if times > 1 else '  '} {run._short(sql)}")
    print()

    counts = {phase: max(results["c"].queries) for phase, results in data.queries.items()}
    same = small["c"].queries == large["c"].queries and "-" not in small["c"].query_count
    compressed = load["c"].gzip_size
    checks = [
        (
            same and counts["large"] <= QUERY_TARGET,
            f"dashboard queries constant and <= {QUERY_TARGET}: "
            f"small {small['c'].query_count}, large {large['c'].query_count}",
        ),
        *(
            (ratios[k] >= target, f"{labels[k][:3]}/(b) req/s {ratios[k]:.2f} >= {target:.1f}")
            for k, target in RATIO_TARGETS.items()
        ),
        (
            compressed < GZIP_TARGET,
            f"dashboard HTML {compressed:,} bytes gzip ({load['c'].size:,} raw) "
            f"< {GZIP_TARGET:,} (60 KB)",
        ),
    ]
    for ok, text in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    return all(ok for ok, _text in checks)


# Main -------------------------------------------------------------------------


def main() -> int:
    url = os.environ.get("BENCH_LOAD_DATABASE_URL", DEFAULT_URL)
    keep = os.environ.get("BENCH_KEEP") == "1"
    run.RUNS = int(os.environ.get("BENCH_RUNS", "10"))
    started = time.perf_counter()
    if not shutil.which("wrk"):
        print("ERROR  wrk is not installed: apt-get install -y wrk", file=sys.stderr)
        return 2
    try:
        run._admin_connection(url)[0].close()
    except BenchError as error:
        print(f"ERROR  {error}", file=sys.stderr)
        return 2
    run.recreate_database(url)
    server = None
    try:
        run.setup_django(url)
        from django.contrib import admin
        from django.db import connections

        from bench import data as builder
        from dus.models import HardProblem
        from missions.models import Mission
        from portfolio.models import Initiative

        print(f"Database {url} migrated in {time.perf_counter() - started:.1f} s")
        clock = time.perf_counter()
        fx = builder.build_small()
        manager = builder.build_manager(USERNAME, PASSWORD)
        vacuum_analyze()
        problem = HardProblem.objects.get(plan__slug=builder.PLAN_SLUG, number=3)
        data = Data(
            fx=fx,
            manager=manager,
            problem=problem.pk,
            per_page=admin.site.get_model_admin(Initiative).list_per_page,
        )
        print(f"small: built in {time.perf_counter() - clock:.1f} s")
        count_queries(data, "small")

        clock = time.perf_counter()
        builder.grow_large(fx)
        vacuum_analyze()
        data.initiatives = Initiative.objects.count()
        print(
            f"large: built in {time.perf_counter() - clock:.1f} s: {Mission.objects.count()} "
            f"missions, {run.describe(fx)}"
        )
        count_queries(data, "large")
        connections.close_all()

        server = Server(url)
        server.start()
        session = sign_in(server.port)
        print(
            f"gunicorn dus.wsgi, {WORKERS} workers, on 127.0.0.1:{server.port} "
            f"({os.cpu_count()} CPUs); signed in as {USERNAME} (group management, superuser); "
            f"InitiativeAdmin.list_per_page = {data.per_page}"
        )
        print(
            f"wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{WRK_DURATION} --timeout {WRK_TIMEOUT} "
            "--latency, each after a checked request:"
        )
        load = measure_load(server.port, session, data)
        passed = report(data, load)
        print(f"\nTotal {time.perf_counter() - started:.0f} s")
        return 0 if passed else 1
    except BenchError as error:
        print(f"ERROR  {error}", file=sys.stderr)
        if server is not None and server.process is not None:
            print(f"gunicorn's log:\n{server.tail()}", file=sys.stderr)
        return 2
    finally:
        if server is not None:
            server.stop()
        from django.db import connections

        connections.close_all()
        if keep:
            print(f"Kept the database ({url}).")
        else:
            run.drop_database(url)


if __name__ == "__main__":
    sys.exit(main())
