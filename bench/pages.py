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
        "lists": 10,
    },
    "large": {
        "entries": 1_000,  # on the measured initiative
        "initiatives": 2_000,  # in the measured cluster
        "owned": 300,  # by the measuring user
        "members": 2_000,  # of the measured cluster
        "changes": 500,  # to the initiative, its cluster and its mission each
        # Clusters of the mission (and portfolios), upcoming and held gatherings, the
        # initiatives a held gathering set going, decisions on and spread from the
        # initiative, reminders of the review, former external actors of the cluster.
        "lists": 2_000,
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
    held: object = None  # a held Ledertræf that set initiatives going (build_lists)


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


def build_lists(size: str, world: World) -> None:
    """The other lists that only grow, `lists` rows each: clusters of the mission,
    upcoming and held gatherings, a held gathering that set the cluster's initiatives
    going (each inspired by the measured one, its spread), reviews that each decided
    on the measured initiative, a reminder of the scheduled review to each member, and
    former external actors of the cluster. Built after the other pages are measured:
    the filters' <select>s of every cluster (dashboard, learning list) are not bounded
    here, and 2,000 clusters would measure them instead."""
    from django.utils import timezone

    from dialogues.models import Adoption, AgendaItem, Gathering
    from missions.models import Actor, Cluster, Membership
    from portfolio.models import Initiative, Reminder, Review, ReviewDecision

    n = SIZES[size]["lists"]
    now = timezone.now()
    today = timezone.localdate()
    Cluster.objects.bulk_create(
        Cluster(mission=world.mission, name=f"Klynge {size} {i}", purpose="At mødes.")
        for i in range(n - 1)
    )
    Gathering.objects.bulk_create(
        Gathering(
            title=f"Ledertræf {size} {i}",
            date=today + timedelta(days=(i + 1) * (1 if upcoming else -1)),
            starts_at="13:00",
            ends_at="16:00",
            place="Rådhuset",
            state=Gathering.State.PUBLISHED if upcoming else Gathering.State.HELD,
            created_by=world.user,
        )
        for upcoming in (True, False)
        for i in range(n)
    )
    world.held = Gathering.objects.create(
        title=f"Afholdt Ledertræf {size}",
        date=today - timedelta(days=1),
        starts_at="13:00",
        ends_at="16:00",
        place="Rådhuset",
        state=Gathering.State.HELD,
        created_by=world.user,
    )
    item = AgendaItem.objects.create(
        gathering=world.held,
        kind=AgendaItem.Kind.INITIATIVE,
        initiative=world.initiative,
        title=world.initiative.title,
    )
    others = Initiative.objects.filter(cluster=world.cluster).exclude(pk=world.initiative.pk)
    others.update(inspired_by=world.initiative)
    Adoption.objects.bulk_create(
        (Adoption(agenda_item=item, initiative=other) for other in others), batch_size=1000
    )
    reviews = Review.objects.bulk_create(
        (
            Review(
                cluster=world.cluster,
                scheduled_at=now - timedelta(weeks=i + 1),
                state=Review.State.CLOSED,
                created_by=world.user,
            )
            for i in range(n)
        ),
        batch_size=1000,
    )
    ReviewDecision.objects.bulk_create(
        (
            ReviewDecision(
                review=review,
                initiative=world.initiative,
                decision=ReviewDecision.Decision.CONTINUE,
                rationale="Kaffevognen virker.",
                decided_by=world.user,
            )
            for review in reviews
        ),
        batch_size=1000,
    )
    due = world.review.scheduled_at - timedelta(days=7)
    members = Membership.objects.filter(cluster=world.cluster, person__isnull=False)
    Reminder.objects.bulk_create(
        (
            Reminder(
                kind=Reminder.Kind.REVIEW,
                review=world.review,
                recipient_id=person_id,
                due_at=due,
                next_attempt_at=due,
            )
            for person_id in members.values_list("person_id", flat=True)[:n]
        ),
        batch_size=1000,
    )
    actors = Actor.objects.bulk_create(
        (Actor(name=f"Borger {size} {i}", kind="citizen") for i in range(n)), batch_size=1000
    )
    Membership.objects.bulk_create(
        (
            Membership(
                cluster=world.cluster,
                actor=actor,
                role=Membership.Role.EXTERNAL,
                ended_at=now - timedelta(days=i + 1),
            )
            for i, actor in enumerate(actors)
        ),
        batch_size=1000,
    )


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# The pages --------------------------------------------------------------------


def page(key: str, label: str, url: str, contains: bytes, query: dict | None = None):
    """A GET of the page, which must answer 200 with `contains`."""
    return run.Scenario(
        key,
        label,
        lambda client, i: client.get(url, query or {}),
        lambda r: run._expect(r, contains=contains),
    )


def pages(world: World) -> list[run.Scenario]:
    """The pages measured before build_lists."""
    from django.urls import reverse

    return [
        page("portfolio", "portfolio page",
             reverse("portfolio:portfolio_detail", args=[world.cluster.pk]), b'id="ranking"'),
        page("mine", "Mine indsatser", reverse("portfolio:my_initiatives"), b"<h1"),
        page("learning", "learning list", reverse("dialogues:learning_list"), b"dus-learnings"),
        page("candidates", "agenda candidates",
             reverse("dialogues:gathering_detail", args=[world.gathering.pk]),
             b'id="pool-heading"'),
        page("search", "search results", reverse("frame:search"), b"results-initiatives",
             {"q": WORD}),
    ]  # fmt: skip


def list_pages(world: World) -> list[run.Scenario]:
    """The pages measured after build_lists."""
    from django.urls import reverse

    return [
        page("initiative", "initiative page", world.initiative.get_absolute_url(),
             b'id="spread-rows"'),
        page("cluster", "cluster page",
             reverse("missions:cluster_detail", args=[world.cluster.pk]), b'id="former-actors"'),
        page("review", "review page", reverse("portfolio:review_detail", args=[world.review.pk]),
             b'id="reminder-rows"'),
        page("mission", "mission page",
             reverse("missions:mission_detail", args=[world.mission.pk]),
             b'id="mission-clusters"'),
        page("portfolios", "portfolio list", reverse("portfolio:portfolio_list"),
             b'id="portfolio-rows"'),
        page("gatherings", "gathering list", reverse("dialogues:gathering_list"),
             b'id="past-rows"'),
        page("held", "held Ledertræf", world.held.get_absolute_url(), b'id="adoption-list"'),
    ]  # fmt: skip


def measure(world: World, scenarios: list[run.Scenario]) -> dict[str, run.Result]:
    from django.test import Client

    run.RUNS = RUNS
    client = Client()
    client.force_login(world.user)
    results = {}
    for scenario in scenarios:
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
    print("The time in the database at both sizes, and the dominant queries of the large page:")
    for key, label in labels.items():
        s, g = small[key], large[key]
        print(f"  {label}: {s.sql_median:.1f} → {g.sql_median:.1f} ms of {g.median:.1f}")
        for ms, times, sql in g.dominant(2):
            print(f"      {ms:6.2f} ms {'×' + str(times) if times > 1 else '  '} {run._short(sql)}")
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
        results, worlds = {}, {}
        for size in SIZES:
            clock = time.perf_counter()
            worlds[size] = world = build(size)
            analyze()
            print(f"{size}: built in {time.perf_counter() - clock:.1f} s: {SIZES[size]}")
            results[size] = measure(world, pages(world))
        # The other lists after both sizes' pages above: a held gathering changes which
        # candidates the builder offers, 2,000 clusters the filters of the learning list.
        for size, world in worlds.items():
            clock = time.perf_counter()
            build_lists(size, world)
            analyze()
            print(f"{size}: lists built in {time.perf_counter() - clock:.1f} s")
            results[size] |= measure(world, list_pages(world))
        print(f"\n{vendor}: 3 warm-ups and {RUNS} measured runs per page, in-process.\n")
        labels = {s.key: s.label for s in pages(world) + list_pages(world)}
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
