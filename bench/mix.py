"""Mixed load from five signed-in roles against gunicorn (issue 15, point 11).

Run with `make bench-mix` or `.venv/bin/python bench/mix.py`; see bench/README.md ("Mixed
load"). Exits 1 if a target fails, 2 if the benchmark itself could not run.

The benchmark data set (bench/data.py: 5,000 initiatives, 50,000 logbook entries) on
PostgreSQL, gunicorn with 2 workers (bench/load.py's Server), and for DURATION seconds 50
connections, 10 for each of five roles, each a closed loop (a request, its whole answer,
the next request, no pause) of that role's mix: the dashboard, cluster portfolios,
logbook entries, moves in a ranking (reorders) and search. Writes are htmx POSTs with
the session's CSRF token. The client is Python asyncio, one socket per request as
gunicorn's sync workers close each connection; every answer is checked (status 200, not
the sign-in page, the markup of its kind) and one that fails its check is an error.
A request's time runs from opening its connection to the last byte of the answer, so it
includes the wait for a free worker.
"""

import asyncio
import os
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import load, run  # noqa: E402
from bench.run import BenchError  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dus_mix"
DURATION = float(os.environ.get("BENCH_MIX_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("BENCH_MIX_CONNECTIONS", "50"))
P95_TARGET = 500.0  # ms
PASSWORD = "bench-mix-Adgang-2024"  # bench-only accounts in a throwaway database
TIMEOUT = 60.0  # seconds for one request before it counts as an error
SEARCH_WORDS = ["borgere", "skole", "frivillige", "morgenmad", "mentor", "kultur", "unge"]

# Each role's mix: kind → weight.
MIXES = {
    "direktion": {"dashboard": 3, "cluster": 4, "search": 3},
    "koncernledelse": {"dashboard": 3, "cluster": 3, "reorder": 2, "search": 2},
    "kontraktholder": {"cluster": 3, "entry": 5, "search": 2},
    "tovholder": {"cluster": 4, "entry": 3, "reorder": 3},
    "stab": {"dashboard": 2, "cluster": 4, "search": 4},
}


@dataclass
class Role:
    name: str
    username: str
    clusters: list[int]  # the portfolios it looks at
    loggable: list[int] = field(default_factory=list)  # initiatives it writes entries on
    ranked: list[tuple[int, int]] = field(default_factory=list)  # (cluster, initiative) moves
    cookie: str = ""
    csrf: str = ""


@dataclass
class Answer:
    role: str
    kind: str
    ms: float
    error: str = ""


# The data and the people ------------------------------------------------------------


def build_roles(fx) -> list[Role]:
    """Five people who sign in with PASSWORD: direction, group management, a contract
    holder who owns initiatives, the measured cluster's coordinator (bench/data.py's user)
    and staff; and what each of them touches."""
    from django.contrib.auth.models import Group
    from django.db.models import Count

    from dus.models import Role as R
    from dus.models import User
    from missions.models import Cluster
    from portfolio.models import Initiative

    def person(user, *roles) -> User:
        user.set_password(PASSWORD)
        user.save()
        for role in roles:
            user.groups.add(Group.objects.get_or_create(name=role.value)[0])
        return user

    def new(username: str, first: str, *roles) -> User:
        return person(User(username=username, first_name=first, last_name="Bench"), *roles)

    active = Initiative.objects.active()
    clusters = list(Cluster.objects.order_by("pk").values_list("pk", flat=True))
    sample = random.Random(15).sample(clusters, 40)
    owner_id = (
        active.exclude(owner=fx.user)
        .values("owner")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner")
        .first()["owner"]
    )
    holder = person(User.objects.get(pk=owner_id), R.CONTRACT_HOLDER)
    coordinator = person(fx.user, R.CONTRACT_HOLDER)
    # Moves of the second active initiative of a cluster: up from place 2, down from 1.
    gm_moves = [(c, active.filter(cluster_id=c).order_by("rank")[1].pk) for c in sample[:10]]
    own = active.filter(cluster=fx.cluster).order_by("rank")
    return [
        Role("direktion", new("bench-direktion", "Dina", R.DIRECTION).username, sample),
        Role(
            "koncernledelse",
            new("bench-koncern", "Knud", R.GROUP_MANAGEMENT).username,
            sample,
            ranked=gm_moves,
        ),
        Role(
            "kontraktholder",
            holder.username,
            sorted(set(active.filter(owner=holder).values_list("cluster_id", flat=True))),
            loggable=list(active.filter(owner=holder).values_list("pk", flat=True)),
        ),
        Role(
            "tovholder",
            coordinator.username,
            [fx.cluster.pk],
            loggable=list(own.values_list("pk", flat=True)),
            ranked=[(fx.cluster.pk, own[1].pk)],
        ),
        Role("stab", new("bench-stab", "Sif", R.STAFF).username, sample),
    ]


# HTTP over asyncio ----------------------------------------------------------------


async def http(port: int, method: str, path: str, headers: dict[str, str], body: bytes = b""):
    """(status, headers with lower-case names, body) of one request on its own socket."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body:
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        raw = await reader.read()
    finally:
        writer.close()
    head, _sep, content = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    found: dict[str, list[str]] = {}
    for line in header_lines:
        name, _colon, value = line.partition(":")
        found.setdefault(name.strip().lower(), []).append(value.strip())
    if "chunked" in found.get("transfer-encoding", [""])[0]:
        content = _dechunk(content)
    return int(status_line.split()[1]), found, content


def _dechunk(data: bytes) -> bytes:
    out, rest = [], data
    while rest:
        size_line, _sep, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out.append(rest[:size])
        rest = rest[size + 2 :]
    return b"".join(out)


def _set_cookies(headers: dict[str, list[str]]) -> dict[str, str]:
    cookies = {}
    for value in headers.get("set-cookie", []):
        name, _eq, rest = value.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    return cookies


async def sign_in(port: int, role: Role) -> None:
    """The sign-in form, as a browser posts it; keeps the session and CSRF cookies."""
    status, headers, body = await http(port, "GET", "/log-ind/", {})
    csrf = _set_cookies(headers).get("csrftoken")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not csrf or not token:
        raise BenchError(f"the sign-in page answered {status} without a CSRF cookie and token")
    form = {"username": role.username, "password": PASSWORD}
    form["csrfmiddlewaretoken"] = token.group(1).decode()
    status, headers, _body = await http(
        port,
        "POST",
        "/log-ind/",
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "Referer": f"http://127.0.0.1:{port}/log-ind/",
        },
        urlencode(form).encode(),
    )
    cookies = _set_cookies(headers)
    if status != 302 or "sessionid" not in cookies:
        raise BenchError(f"signing in as {role.name} answered {status} without a session")
    role.csrf = cookies.get("csrftoken", csrf)  # rotated at sign-in
    role.cookie = f"csrftoken={role.csrf}; sessionid={cookies['sessionid']}"


# The requests of each kind -------------------------------------------------------


def request_for(kind: str, role: Role, rng: random.Random, n: int):
    """(method, path, extra headers, body, check) for one request of the kind."""
    htmx = {"HX-Request": "true", "X-CSRFToken": role.csrf}
    form = {"Content-Type": "application/x-www-form-urlencoded", **htmx}
    if kind == "dashboard":
        return "GET", "/dashboard/", {}, b"", [b'id="panels"']
    if kind == "cluster":
        return "GET", f"/portefoeljer/{rng.choice(role.clusters)}/", {}, b"", [b'id="ranking"']
    if kind == "search":
        path = f"/soeg/?q={rng.choice(SEARCH_WORDS)}"
        return "GET", path, {}, b"", [b'id="results-initiatives"']
    if kind == "entry":
        pk = rng.choice(role.loggable)
        text = f"Belastningsprøve {n}: vi mødtes med borgerne og justerede planen."
        body = urlencode({"kind": "progress", "text": text}).encode()
        return "POST", f"/indsatser/{pk}/logbog/", form, body, [b'id="logbook"']
    if kind == "reorder":
        cluster, pk = rng.choice(role.ranked)
        direction = rng.choice(["up", "down"])
        body = urlencode({"move": f"{pk}:{direction}"}).encode()
        return "POST", f"/portefoeljer/{cluster}/flyt/", form, body, []
    raise ValueError(kind)


async def one(port: int, role: Role, kind: str, rng: random.Random, n: int) -> Answer:
    method, path, headers, body, needles = request_for(kind, role, rng, n)
    start = time.perf_counter()
    try:
        status, answer_headers, content = await asyncio.wait_for(
            http(port, method, path, {"Cookie": role.cookie, **headers}, body), TIMEOUT
        )
    except (OSError, TimeoutError, ValueError, IndexError) as error:
        ms = (time.perf_counter() - start) * 1000
        return Answer(role.name, kind, ms, f"{type(error).__name__}: {error}")
    ms = (time.perf_counter() - start) * 1000
    error = ""
    if status != 200:
        error = f"status {status} {answer_headers.get('location', [''])[0]}".strip()
    elif b'name="password"' in content:
        error = "the sign-in page"
    elif missing := [n for n in needles if n not in content]:
        error = f"{missing[0]!r} not in the answer"
    elif method == "POST" and "dus:announce" not in answer_headers.get("hx-trigger", [""])[0]:
        error = "no dus:announce event (refused?)"
    return Answer(role.name, kind, ms, f"{method} {path}: {error}" if error else "")


async def connection_loop(port, role, rng, until, answers, counter) -> None:
    kinds, weights = zip(*MIXES[role.name].items(), strict=True)
    while time.perf_counter() < until:
        kind = rng.choices(kinds, weights)[0]
        answers.append(await one(port, role, kind, rng, next(counter)))


async def drive(port: int, roles: list[Role]) -> tuple[list[Answer], float]:
    import itertools

    for role in roles:
        await sign_in(port, role)
    counter = itertools.count(1)
    # Warm-up: every kind of every role once, checked; an error here stops the run.
    for role in roles:
        for kind in MIXES[role.name]:
            answer = await one(port, role, kind, random.Random(0), next(counter))
            if answer.error:
                raise BenchError(f"warm-up, {role.name} {kind}: {answer.error}")
    answers: list[Answer] = []
    start = time.perf_counter()
    until = start + DURATION
    tasks = [
        connection_loop(port, roles[i % len(roles)], random.Random(i), until, answers, counter)
        for i in range(CONNECTIONS)
    ]
    await asyncio.gather(*tasks)
    return answers, time.perf_counter() - start


# Report --------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def report(answers: list[Answer], seconds: float, cpu: float, loads: tuple) -> bool:
    print()
    head = f"{'':<16}{'requests':>9}{'errors':>8}{'median ms':>11}{'p95 ms':>9}{'p99 ms':>9}"
    print(head + f"{'max ms':>9}")

    def row(label: str, group: list[Answer]) -> None:
        ms = [a.ms for a in group]
        errors = sum(1 for a in group if a.error)
        print(
            f"{label:<16}{len(group):>9,}{errors:>8}{statistics.median(ms):>11.1f}"
            f"{percentile(ms, 95):>9.1f}{percentile(ms, 99):>9.1f}{max(ms):>9.1f}"
        )

    for kind in ("dashboard", "cluster", "entry", "reorder", "search"):
        row(kind, [a for a in answers if a.kind == kind])
    print()
    for role in MIXES:
        row(role, [a for a in answers if a.role == role])
    row("all", answers)
    errors = [a for a in answers if a.error]
    p95 = percentile([a.ms for a in answers], 95)
    print()
    print(
        f"{len(answers):,} requests in {seconds:.1f} s: {len(answers) / seconds:.1f} requests/s "
        f"over {CONNECTIONS} connections; the load generator used {cpu:.1f} s of CPU "
        f"({cpu / seconds * 100:.0f} % of one core)"
    )
    print(f"Load average of the machine before and after: {loads[0]} / {loads[1]}")
    for answer in errors[:10]:
        print(f"  error: {answer.role} {answer.kind}: {answer.error}")
    checks = [
        (not errors, f"0 errors: {len(errors)} of {len(answers):,} requests failed"),
        (p95 < P95_TARGET, f"p95 {p95:.1f} ms < {P95_TARGET:.0f} ms"),
    ]
    print()
    for ok, text in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    return all(ok for ok, _text in checks)


def _loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    url = os.environ.get("BENCH_MIX_DATABASE_URL", DEFAULT_URL)
    keep = os.environ.get("BENCH_KEEP") == "1"
    started = time.perf_counter()
    try:
        run._admin_connection(url)[0].close()
    except BenchError as error:
        print(f"ERROR  {error}", file=sys.stderr)
        return 2
    run.recreate_database(url)
    server = None
    try:
        run.setup_django(url)
        from django.db import connections

        from bench import data as builder
        from portfolio.models import Initiative, LogEntry

        print(f"Database {url} migrated in {time.perf_counter() - started:.1f} s")
        clock = time.perf_counter()
        fx = builder.build_small()
        builder.grow_large(fx)
        roles = build_roles(fx)
        load.vacuum_analyze()
        print(
            f"Data built in {time.perf_counter() - clock:.1f} s: {Initiative.objects.count():,} "
            f"initiatives, {LogEntry.objects.count():,} logbook entries"
        )
        connections.close_all()
        server = load.Server(url)
        server.start()
        print(
            f"gunicorn dus.wsgi, {load.WORKERS} workers, on 127.0.0.1:{server.port} "
            f"({os.cpu_count()} CPUs), cache in {server.env()['REDIS_URL']}; "
            f"{CONNECTIONS} connections for {DURATION:.0f} s, "
            f"{CONNECTIONS // len(roles)} per role:"
        )
        for role in roles:
            mix = ", ".join(f"{kind} {weight}" for kind, weight in MIXES[role.name].items())
            print(f"  {role.name:<16}({role.username}): {mix}")
        loads = [_loadavg()]
        cpu = time.process_time()
        answers, seconds = asyncio.run(drive(server.port, roles))
        cpu = time.process_time() - cpu
        loads.append(_loadavg())
        server.stop()
        server = None
        passed = report(answers, seconds, cpu, tuple(loads))
        print(f"\nTotal {time.perf_counter() - started:.0f} s")
        return 0 if passed else 1
    except BenchError as error:
        print(f"ERROR  {error}", file=sys.stderr)
        if server is not None:
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
