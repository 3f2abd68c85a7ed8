"""Benchmark of the pages whose lists only grow (issue 16): HTML size, in-process median
and query count of each page at 10 rows and at 2,000 rows.

Run with `.venv/bin/python bench/pages.py [sqlite|postgres|both]` (default both, each in
a process of its own); see bench/README.md ("Pages that stay small"). Exits 1 if a
target fails, 2 if the benchmark itself could not run.
"""

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402
from bench.run import BenchError  # noqa: E402

DEFAULT_URLS = {
    "sqlite": "sqlite:////tmp/dus_bench_pages.sqlite3",
    "postgres": "postgres://postgres@127.0.0.1:5432/dus_bench_pages",
}
RUNS = int(os.environ.get("BENCH_RUNS", "10"))
SIZE_TARGET = 150 * 1024  # bytes of the larger page's HTML
GROWTH_TARGET = 2.0  # the larger page's median within this many times the small one's
WORD = "kaffevogn"  # in every initiative's title and every logbook entry: search finds all

# What "10 rows" and "2,000 rows" hold (issue 16).
SIZES = {
    "small": {
        "entries": 10,
        "initiatives": 10,
        "owned": 10,
        "members": 10,
        "changes": 10,
    },
    "large": {
        "entries": 1_000,  # on the measured initiative
        "initiatives": 2_000,  # in the measured cluster
        "owned": 300,  # by the measuring user
        "members": 2_000,  # of the measured cluster
        "changes": 500,  # to the initiative, its cluster and its mission each
    },
}


@dataclass
class World:
    """The objects one size's pages are measured on."""

    user: object
    mission: object
    cluster: object
    initiative: object
    review: object
    gathering: object


# The data ---------------------------------------------------------------------


def build(size: str) -> World:
    """A mission with a cluster of `initiatives` initiatives (`owned` of them the user's,
    a fifth of them scaled, so they are candidates for Ledertræf), `members` members, a
    measured initiative with `entries` logbook entries (every other one a learning
    flagged for Ledertræf), `changes` changes to the initiative, cluster and mission,
    a scheduled review and a Ledertræf being prepared."""
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from dialogues.models import Gathering
    from dus.models import Role, Track, Unit, User
    from missions.models import Cluster, Membership, Mission
    from portfolio.models import Initiative, LogEntry, Review, Status

    n = SIZES[size]
    now = timezone.now()
    unit = Unit.objects.create(name=f"Kontraktenhed {size}", kind=Unit.Kind.CONTRACT_UNIT)
    user = User.objects.create(
        username=f"bench-{size}", first_name="Karen", last_name=size.title(), password="!"
    )
    user.unit = unit
    user.save()
    for role in (Role.GROUP_MANAGEMENT, Role.STAFF):
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    mission = Mission.objects.create(
        track=Track.objects.order_by("number").first(),
        title=f"Mission {size}",
        statement="Flere borgere skal mødes.",
        ambition="At mødes oftere.",
    )
    cluster = Cluster.objects.create(mission=mission, name=f"Klynge {size}", purpose="At mødes.")
    people = User.objects.bulk_create(
        User(username=f"bench-{size}-{i}", first_name="Medlem", last_name=f"{i}", password="!")
        for i in range(n["members"] - 1)
    )
    bulk_create_with_history(
        [Membership(cluster=cluster, person=user, role=Membership.Role.COORDINATOR)]
        + [Membership(cluster=cluster, person=p, role=Membership.Role.MEMBER) for p in people],
        Membership,
        batch_size=1000,
    )
    owners = [user if i < n["owned"] else people[i % len(people)] for i in range(n["initiatives"])]
    statuses = [Status.SCALED if i % 5 == 4 else Status.RUNNING for i in range(n["initiatives"])]
    initiatives = bulk_create_with_history(
        [
            Initiative(
                cluster=cluster,
                owner=owner,
                created_by=owner,
                unit=unit,
                title=f"Kaffevogn {size} {i + 1}",
                what="Vi kører kaffevognen ud til borgerne.",
                hypothesis="Vi tror at flere kommer.",
                status=status,
                status_changed_at=now - timedelta(days=1),
                rank=i + 1,
            )
            for i, (owner, status) in enumerate(zip(owners, statuses, strict=True))
        ],
        Initiative,
        batch_size=1000,
    )
    initiative = initiatives[0]
    LogEntry.objects.bulk_create(
        (
            LogEntry(
                initiative=initiative,
                author=user,
                kind=LogEntry.Kind.LEARNING if i % 2 else LogEntry.Kind.PROGRESS,
                share=bool(i % 2),
                text=f"Kaffevognen holdt ved skolen, gang {i}. Vi lærte noget om tiderne.",
                created_at=now - timedelta(hours=i + 1),
            )
            for i in range(n["entries"])
        ),
        batch_size=1000,
    )
    for i in range(n["changes"]):
        initiative.what = f"Vi kører kaffevognen ud, runde {i}."
        initiative.save()
        cluster.purpose = f"At mødes, runde {i}."
        cluster.save()
        mission.statement = f"Flere borgere skal mødes, runde {i}."
        mission.save()
    initiative.refresh_from_db()
    review = Review.objects.create(
        cluster=cluster, scheduled_at=now + timedelta(days=14), created_by=user
    )
    gathering = Gathering.objects.create(
        title=f"Ledertræf {size}",
        date=(now + timedelta(days=30)).date(),
        starts_at="13:00",
        ends_at="16:00",
        place="Rådhuset",
        created_by=user,
    )
    return World(user, mission, cluster, initiative, review, gathering)


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# The pages --------------------------------------------------------------------


def pages(world: World) -> list[run.Scenario]:
    from django.urls import reverse

    def page(key: str, label: str, url: str, contains: bytes, query: dict | None = None):
        return run.Scenario(
            key,
            label,
            lambda client, i: client.get(url, query or {}),
            lambda r: run._expect(r, contains=contains),
        )

    pk = world.initiative.pk
    return [
        page("initiative", "initiative page", reverse("portfolio:initiative_detail", args=[pk]),
             b'id="logbook"'),
        page("portfolio", "portfolio page",
             reverse("portfolio:portfolio_detail", args=[world.cluster.pk]), b'id="ranking"'),
        page("cluster", "cluster page",
             reverse("missions:cluster_detail", args=[world.cluster.pk]), b'id="members"'),
        page("mine", "Mine indsatser", reverse("portfolio:my_initiatives"), b"<h1"),
        page("review", "review page", reverse("portfolio:review_detail", args=[world.review.pk]),
             b"<h1"),
        page("learning", "learning list", reverse("dialogues:learning_list"), b"dus-learnings"),
        page("candidates", "agenda candidates",
             reverse("dialogues:gathering_detail", args=[world.gathering.pk]),
             b'id="pool-heading"'),
        page("search", "search results", reverse("frame:search"), b"results-initiatives",
             {"q": WORD}),
        page("mission", "mission page",
             reverse("missions:mission_detail", args=[world.mission.pk]), b'id="history"'),
    ]  # fmt: skip


def measure(world: World) -> dict[str, run.Result]:
    from django.test import Client

    run.RUNS = RUNS
    client = Client()
    client.force_login(world.user)
    results = {}
    for scenario in pages(world):
        try:
            results[scenario.key] = run.measure(client, scenario)
        except BenchError as error:
            raise BenchError(f"{scenario.label}: {error}") from None
    return results


# Report -----------------------------------------------------------------------


def report(vendor: str, small: dict, large: dict, labels: dict[str, str]) -> bool:
    print(f"{'page':<20}{'queries':>15}{'median ms':>19}{'HTML bytes':>22}")
    print(f"{'':<20}{'small':>8}{'large':>7}{'small':>10}{'large':>9}{'small':>11}{'large':>11}")
    for key, label in labels.items():
        s, g = small[key], large[key]
        print(
            f"{label:<20}{s.query_count:>8}{g.query_count:>7}{s.median:>10.1f}{g.median:>9.1f}"
            f"{s.size:>11,}{g.size:>11,}"
        )
    print()
    passed = True
    for key, label in labels.items():
        s, g = small[key], large[key]
        checks = [
            (g.size < SIZE_TARGET, f"{g.size / 1024:.0f} KB < {SIZE_TARGET // 1024} KB"),
            (
                g.median <= GROWTH_TARGET * s.median,
                f"median {g.median:.1f} ms ≤ {GROWTH_TARGET:g}× {s.median:.1f} ms",
            ),
            (s.queries == g.queries, f"queries {s.query_count} = {g.query_count}"),
        ]
        for ok, text in checks:
            passed &= ok
            print(f"{'PASS' if ok else 'FAIL'}  {vendor:<8} {label}: {text}")
    return passed


def main_one(vendor: str) -> int:
    url = os.environ.get(f"BENCH_PAGES_{vendor.upper()}_URL", DEFAULT_URLS[vendor])
    started = time.perf_counter()
    if vendor == "postgres":
        run.recreate_database(url)
    else:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    try:
        run.setup_django(url)
        print(f"{vendor}: {url} migrated in {time.perf_counter() - started:.1f} s")
        results = {}
        for size in SIZES:
            clock = time.perf_counter()
            world = build(size)
            analyze()
            print(f"{size}: built in {time.perf_counter() - clock:.1f} s: {SIZES[size]}")
            results[size] = measure(world)
        print(f"\n{vendor}: 3 warm-ups and {RUNS} measured runs per page, in-process.\n")
        labels = {s.key: s.label for s in pages(world)}
        passed = report(vendor, results["small"], results["large"], labels)
        print(f"\nTotal {time.perf_counter() - started:.0f} s")
        return 0 if passed else 1
    except BenchError as error:
        print(f"ERROR  {error}", file=sys.stderr)
        return 2
    finally:
        from django.db import connections

        connections.close_all()
        if os.environ.get("BENCH_KEEP") != "1":
            if vendor == "postgres":
                run.drop_database(url)
            else:
                Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)


def main() -> int:
    which = sys.argv[1] if len(sys.argv) > 1 else "both"
    if which in DEFAULT_URLS:
        return main_one(which)
    if which != "both":
        print("usage: bench/pages.py [sqlite|postgres|both]", file=sys.stderr)
        return 2
    codes = [subprocess.call([sys.executable, __file__, vendor]) for vendor in DEFAULT_URLS]
    return max(codes)


if __name__ == "__main__":
    sys.exit(main())
