"""Benchmark of the portfolio pages on PostgreSQL: query counts, server time, sizes.

Run with `make bench` (or `.venv/bin/python bench/run.py`); see bench/README.md.
Exits 1 if a target fails, 2 if the benchmark itself could not run.
"""

import os
import re
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dus_bench"
WARMUPS = 3
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
TIME_TARGET_MS = 50.0
SIZE_TARGET = 10 * 1024
HTMX = ("d", "e")
VERBOSE = os.environ.get("BENCH_VERBOSE") == "1"


class BenchError(Exception):
    """A response that cannot be trusted (wrong status, sign-in redirect, wrong content)."""


# The database ----------------------------------------------------------------


def _admin_connection(url: str):
    """A connection to the server's `postgres` database, and the bench database's name."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(url)
    name = params.get("dbname")
    if not name or name == "postgres":
        raise BenchError(f"BENCH_DATABASE_URL must name a database of its own: {url}")
    params["dbname"] = "postgres"
    return psycopg.connect(**params, autocommit=True), name


def recreate_database(url: str) -> None:
    from psycopg import sql

    connection, name = _admin_connection(url)
    with connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    from psycopg import sql

    connection, name = _admin_connection(url)
    with connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def setup_django(url: str) -> None:
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-not-secret-" + "k" * 40,
            "ALLOWED_HOSTS": "testserver,localhost",
            "SITE_URL": "http://localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "DJANGO_SETTINGS_MODULE": "bench.settings",
        }
    )
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    # WhiteNoise looks for STATIC_ROOT, which only collectstatic makes; not needed here.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


# Measuring -------------------------------------------------------------------


@dataclass
class Result:
    queries: list[int] = field(default_factory=list)
    times: list[float] = field(default_factory=list)  # ms
    sizes: list[int] = field(default_factory=list)
    sql: dict[str, list[float]] = field(default_factory=dict)  # normalised SQL → ms per run
    sql_times: list[float] = field(default_factory=list)  # ms in the database per run
    last: list[dict] = field(default_factory=list)  # the last run's captured queries

    @property
    def query_count(self) -> str:
        low, high = min(self.queries), max(self.queries)
        return str(low) if low == high else f"{low}-{high}"

    @property
    def median(self) -> float:
        ordered = sorted(self.times)
        middle = len(ordered) // 2
        return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]  # nearest rank

    @property
    def size(self) -> int:
        return max(self.sizes)

    @property
    def sql_median(self) -> float:
        return sorted(self.sql_times)[len(self.sql_times) // 2]

    def dominant(self, count: int = 2) -> list[tuple[float, int, str]]:
        """The queries taking the most time: mean ms per request, count per request."""
        runs = len(self.times)
        means = [(sum(t) / runs, len(t) // runs, sql) for sql, t in self.sql.items()]
        return sorted(means, reverse=True)[:count]


@dataclass
class Scenario:
    key: str
    label: str
    send: object  # (client, prepared) -> response
    check: object  # (response) -> None, raises BenchError
    prepare: object = None  # (i) -> prepared, outside the clock; default: i itself


def _normalise(sql: str) -> str:
    sql = re.sub(r"'(?:[^']|'')*'", "'?'", sql)
    return re.sub(r"\b\d+\b", "?", sql)


def _short(sql: str, width: int = 120) -> str:
    """The SQL without its select list and join conditions, cut to `width`."""
    depth = 0
    for index, char in enumerate(sql):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and sql.startswith(" FROM ", index) and sql.startswith("SELECT"):
            sql = "SELECT … " + sql[index + 1 :]
            break
    sql = sql.replace('"', "")
    sql = re.sub(r"(?:INNER|LEFT OUTER) JOIN (\S+(?: \w+)?) ON \([^()]*\)", r"JOIN \1", sql)
    return sql if len(sql) <= width else sql[: width - 1] + "…"


def measure(client, scenario: Scenario) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = Result()
    for i in range(WARMUPS + RUNS):
        prepared = scenario.prepare(i) if scenario.prepare else i
        timed: list[tuple[str, float]] = []

        def clock(execute, sql, params, many, context, timed=timed):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timed.append((sql, (time.perf_counter() - start) * 1000))

        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(clock):
            start = time.perf_counter()
            response = scenario.send(client, prepared)
            elapsed = (time.perf_counter() - start) * 1000
        scenario.check(response)
        if i < WARMUPS:
            continue
        result.queries.append(len(captured.captured_queries))
        result.times.append(elapsed)
        result.sizes.append(len(response.content))
        result.last = captured.captured_queries
        # The wrapper times each statement precisely (the debug log rounds to 1 ms);
        # BEGIN and COMMIT pass only through the log.
        timed += [
            (q["sql"], float(q["time"]) * 1000)
            for q in captured.captured_queries
            if q["sql"] in ("BEGIN", "COMMIT", "ROLLBACK")
        ]
        result.sql_times.append(sum(ms for _sql, ms in timed))
        for sql, ms in timed:
            result.sql.setdefault(_normalise(sql), []).append(ms)
    return result


def _expect(response, status: int = 200, contains: bytes = b"", count=None, htmx=False):
    if response.status_code != status:
        where = response.headers.get("Location", "")
        raise BenchError(f"status {response.status_code} {where}".strip())
    content = response.content
    if b'name="password"' in content:
        raise BenchError("the sign-in page was answered")
    if contains and contains not in content:
        raise BenchError(f"{contains!r} not in the response")
    if count is not None:
        needle, expected = count
        found = content.count(needle)
        if found != expected:
            raise BenchError(f"{found} × {needle!r}, expected {expected}")
    if htmx:
        if b"<html" in content:
            raise BenchError("a whole page was answered to htmx")
        if "dus:announce" not in response.headers.get("HX-Trigger", ""):
            raise BenchError("no dus:announce event")
        if b"alert-error" in content:
            raise BenchError("the fragment shows an error")


def scenarios(fx) -> list[Scenario]:
    from django.urls import reverse

    from portfolio.models import Initiative
    from portfolio.views.initiatives import LOGBOOK_PAGE

    cluster_url = reverse("portfolio:portfolio_detail", args=[fx.cluster.pk])
    mine_url = reverse("portfolio:my_initiatives")
    detail_url = reverse("portfolio:initiative_detail", args=[fx.detail.pk])
    entry_url = reverse("portfolio:entry_add", args=[fx.logged.pk])
    rank_url = reverse("portfolio:portfolio_rank", args=[fx.cluster.pk])
    in_cluster = Initiative.objects.filter(cluster=fx.cluster)
    active = in_cluster.active().count()
    owned = Initiative.objects.filter(owner=fx.user).count()
    entries = min(fx.detail.log_entries.count(), LOGBOOK_PAGE)  # the logbook's first page
    row = f'<li id="row-{fx.logged.pk}"'.encode()

    def rank_direction(i: int) -> str:
        """Up from second place, down from first: the initiative keeps moving."""
        rank = Initiative.objects.values_list("rank", flat=True).get(pk=fx.ranked.pk)
        return "down" if rank == 1 else "up"

    return [
        Scenario(
            "a",
            "(a) cluster portfolio GET",
            lambda client, i: client.get(cluster_url),
            lambda r: _expect(
                r, contains=b'id="ranking"', count=(b'class="dus-rank-item"', active)
            ),
        ),
        Scenario(
            "b",
            "(b) Mine indsatser GET",
            lambda client, i: client.get(mine_url),
            lambda r: _expect(r, count=(b'class="dus-mine-row"', owned)),
        ),
        Scenario(
            "c",
            "(c) initiative page GET",
            lambda client, i: client.get(detail_url),
            lambda r: _expect(
                r, contains=b'id="logbook"', count=(b'<li class="dus-entry ', entries)
            ),
        ),
        Scenario(
            "d",
            "(d) logbook entry POST (htmx row)",
            lambda client, i: client.post(
                entry_url,
                {"kind": "progress", "text": f"Benchmark {i}: vi mødtes og justerede planen."},
                headers={"HX-Request": "true", "HX-Target": f"row-{fx.logged.pk}"},
            ),
            lambda r: _expect(r, contains=row, htmx=True),
        ),
        Scenario(
            "e",
            "(e) move up/down POST (htmx)",
            lambda client, direction: client.post(
                rank_url, {"move": f"{fx.ranked.pk}:{direction}"}, headers={"HX-Request": "true"}
            ),
            lambda r: _expect(r, contains=b'id="rank-1" ', htmx=True),
            prepare=rank_direction,
        ),
    ]


def run_phase(name: str, fx) -> dict[str, Result]:
    from django.test import Client

    client = Client()
    client.force_login(fx.user)
    results = {}
    for scenario in scenarios(fx):
        try:
            results[scenario.key] = measure(client, scenario)
        except BenchError as error:
            raise BenchError(f"{name} {scenario.label}: {error}") from None
    return results


def describe(fx) -> str:
    from missions.models import Cluster
    from portfolio.models import Initiative, LogEntry

    in_cluster = Initiative.objects.filter(cluster=fx.cluster)
    return (
        f"{Cluster.objects.count()} clusters, {Initiative.objects.count()} initiatives, "
        f"{LogEntry.objects.count()} entries; measured cluster {in_cluster.count()} "
        f"({in_cluster.active().count()} active), user owns "
        f"{Initiative.objects.filter(owner=fx.user).count()}, initiative page "
        f"{fx.detail.log_entries.count()} entries"
    )


# Report ----------------------------------------------------------------------


def report(small: dict[str, Result], large: dict[str, Result], labels: dict[str, str]) -> bool:
    head = f"{'scenario':<36}{'queries':>13}{'median ms':>17}{'p95 ms':>17}{'bytes':>19}"
    sub = f"{'':<36}{'small':>7}{'large':>6}" + f"{'small':>9}{'large':>8}" * 2
    sub += f"{'small':>10}{'large':>9}"
    print(head)
    print(sub)
    for key, label in labels.items():
        s, g = small[key], large[key]
        print(
            f"{label:<36}{s.query_count:>7}{g.query_count:>6}"
            f"{s.median:>9.1f}{g.median:>8.1f}{s.p95:>9.1f}{g.p95:>8.1f}"
            f"{s.size:>10,}{g.size:>9,}"
        )
    print()
    print("Time in the database (large, median ms per request) and the dominant queries:")
    for key, label in labels.items():
        result = large[key]
        print(f"  {label[:3]} {result.sql_median:5.1f} ms of {result.median:.1f} ms")
        for ms, times, sql in result.dominant():
            print(f"      {ms:5.2f} ms {'×' + str(times) if times > 1 else '  '} {_short(sql)}")
    if VERBOSE:
        for key, label in labels.items():
            print(f"\n{label} (large), every query of the last run:")
            for query in large[key].last:
                print(f"  {_short(query['sql'], 300)}")
    print()

    checks = []
    same = [
        k for k in labels if small[k].queries != large[k].queries or "-" in small[k].query_count
    ]
    checks.append(
        (
            not same,
            "query count of every scenario is the same in small and large"
            + (f" (differs: {', '.join(same)})" if same else ""),
        )
    )
    for key in HTMX:
        worst = max(small[key].median, large[key].median)
        checks.append(
            (
                worst < TIME_TARGET_MS,
                f"{labels[key]}: median server time {worst:.1f} ms < {TIME_TARGET_MS:.0f} ms",
            )
        )
    for key in HTMX:
        size = max(small[key].size, large[key].size)
        checks.append(
            (size < SIZE_TARGET, f"{labels[key]}: fragment {size:,} bytes < {SIZE_TARGET:,}")
        )
    for ok, text in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    return all(ok for ok, _text in checks)


def main() -> int:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    keep = os.environ.get("BENCH_KEEP") == "1"
    started = time.perf_counter()
    try:
        _admin_connection(url)[0].close()
    except BenchError as error:
        print(f"ERROR  {error}", file=sys.stderr)
        return 2
    recreate_database(url)
    try:
        setup_django(url)
        from bench import data

        print(f"Database {url} migrated in {time.perf_counter() - started:.1f} s")

        clock = time.perf_counter()
        fx = data.build_small()
        data.analyze()
        print(f"small: built in {time.perf_counter() - clock:.1f} s: {describe(fx)}")
        small = run_phase("small", fx)

        clock = time.perf_counter()
        data.grow_large(fx)
        data.analyze()
        print(f"large: built in {time.perf_counter() - clock:.1f} s: {describe(fx)}")
        large = run_phase("large", fx)

        print(f"{WARMUPS} warm-ups and {RUNS} measured runs per scenario; times in ms.\n")
        labels = {s.key: s.label for s in scenarios(fx)}
        passed = report(small, large, labels)
        print(f"\nTotal {time.perf_counter() - started:.0f} s")
        return 0 if passed else 1
    except BenchError as error:
        print(f"ERROR  {error}", file=sys.stderr)
        return 2
    finally:
        from django.db import connections

        connections.close_all()
        if keep:
            print(f"Kept the database ({url}).")
        else:
            drop_database(url)


if __name__ == "__main__":
    sys.exit(main())
