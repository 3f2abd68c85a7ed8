"""A plan-consistent data set for the benchmark, built with bulk_create.

`build_small` makes the measuring user (a coordinator who owns the measured
initiatives), a few units, colleagues, missions in the seeded tracks, three
clusters and 10 initiatives with about 100 logbook entries. `grow_large` adds to
it until there are 200 clusters over 40 missions, 5,000 initiatives and 50,000
logbook entries, keeping the measured pages at realistic sizes: the measured
cluster gets 25 initiatives like every other, and the user owns about 25.
"""

import itertools
import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from dus.models import HardProblem, Role, Track, Unit, User
from missions.models import Cluster, Membership, Mission
from portfolio.models import ACTIVE_STATUSES, Initiative, LogEntry, Review, ReviewDecision, Status

PLAN_SLUG = "dus-2024-25"
INITIATIVES_PER_CLUSTER = 25
LARGE_MISSIONS = 40
LARGE_CLUSTERS = 200
LARGE_INITIATIVES = 5_000
LARGE_ENTRIES = 50_000
LARGE_OWNED = 25
LARGE_PEOPLE = 400
LARGE_UNITS = 40
BATCH = 2_000

TITLES = [
    "Fælles morgenmad i dagtilbud",
    "Borgerpanel om trafiksikkerhed",
    "Ét telefonnummer til pårørende",
    "Lektiecafé på biblioteket",
    "Seniorer som læsevenner",
    "Sundhedstjek på arbejdspladsen",
    "Grønne fællesskaber i boligområdet",
    "Digital selvbetjening for erhverv",
    "Tværgående team om unge uden job",
    "Frivillige besøgsvenner",
    "Forenklet byggesagsbehandling",
    "Bevægelse i skoledagen",
    "Fælles indkøb af el-cykler",
    "Mentorordning for nye medarbejdere",
    "Kulturnat for alle",
]
SENTENCES = [
    "Vi mødtes med borgerne og justerede planen.",
    "Tre nye familier er kommet med siden sidst.",
    "Det var svært at finde lokaler, men skolen har lånt os en sal.",
    "Medarbejderne oplever mindre dobbeltarbejde.",
    "Vi har talt med foreningerne, og to vil gerne være med.",
    "Tallene fra første måned viser færre henvendelser.",
    "Vi mangler stadig en aftale med regionen.",
    "Borgerne bad om tider om aftenen, og det prøver vi nu.",
    "Vi lærte, at invitationen skal sendes i god tid.",
    "Evalueringen er i gang sammen med kontraktenheden.",
    "Det første hold er færdigt, og de fleste vil fortsætte.",
    "Reglen om mødepligt gjorde det svært; vi har søgt frisættelse.",
]
FIRST_NAMES = ["Anne", "Bo", "Camilla", "Dorthe", "Erik", "Frida", "Gustav", "Hanne", "Ida", "Jens"]
LAST_NAMES = ["Andersen", "Bech", "Christensen", "Dahl", "Eriksen", "Friis", "Holm", "Juhl"]
ENTRY_KINDS = [LogEntry.Kind.PROGRESS, LogEntry.Kind.LEARNING, LogEntry.Kind.OBSTACLE]
ENTRY_KINDS += [LogEntry.Kind.RESULT]
ENTRY_WEIGHTS = [55, 25, 12, 8]
STATUS_WEIGHTS = {
    Status.IDEA: 10,
    Status.PLANNED: 15,
    Status.RUNNING: 40,
    Status.EVALUATING: 10,
    Status.ANCHORED: 10,
    Status.SCALED: 5,
    Status.STOPPED: 10,
}


@dataclass
class Fixture:
    """The data set and the objects the scenarios measure."""

    user: User  # coordinator of `cluster`, owner of the measured initiatives
    cluster: Cluster  # (a) and (e)
    detail: Initiative  # (c)
    logged: Initiative  # (d)
    ranked: Initiative  # (e): active, second in `cluster`
    rng: random.Random
    units: list[Unit] = field(default_factory=list)
    people: list[User] = field(default_factory=list)
    missions: list[Mission] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    members: dict[int, set[int]] = field(default_factory=dict)  # cluster id → person ids
    coordinators: dict[int, int] = field(default_factory=dict)  # cluster id → person id
    seq: itertools.count = field(default_factory=lambda: itertools.count(1))

    def owned(self) -> int:
        return Initiative.objects.filter(owner=self.user).count()


# Building blocks -------------------------------------------------------------


def _text(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(low, high)))


def _units(fx: Fixture, count: int) -> list[Unit]:
    start = len(fx.units) + 1
    units = Unit.objects.bulk_create(
        Unit(
            name=f"Kontraktenhed {n}",
            kind=Unit.Kind.CONTRACT_UNIT,
            capacity_hours=fx.rng.choice([None, None, 120, 160, 240]),
        )
        for n in range(start, start + count)
    )
    fx.units += units
    return units


def _people(fx: Fixture, count: int) -> list[User]:
    rng = fx.rng
    people = []
    for _ in range(count):
        n = next(fx.seq)
        people.append(
            User(
                username=f"bench-person-{n}",
                first_name=rng.choice(FIRST_NAMES),
                last_name=f"{rng.choice(LAST_NAMES)} {n}",
                email=f"bench-person-{n}@example.dk",
                password="!",  # unusable: the benchmark signs in with force_login
                job_title="Konsulent",
                unit=rng.choice(fx.units),
            )
        )
    people = User.objects.bulk_create(people, batch_size=BATCH)
    staff = Group.objects.get_or_create(name=Role.STAFF.value)[0]
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=p.pk, group_id=staff.pk) for p in people], batch_size=BATCH
    )
    fx.people += people
    return people


def _missions(fx: Fixture, count: int) -> list[Mission]:
    rng = fx.rng
    tracks = list(Track.objects.filter(plan__slug=PLAN_SLUG).order_by("number"))
    problems = list(HardProblem.objects.filter(plan__slug=PLAN_SLUG).order_by("number"))
    start = len(fx.missions)
    missions = Mission.objects.bulk_create(
        Mission(
            track=tracks[n % len(tracks)],
            title=f"Mission {n + 1}: {rng.choice(TITLES).lower()}",
            statement=_text(rng, 2, 3),
            ambition=_text(rng, 3, 5),
            status=Mission.Status.ACTIVE,
        )
        for n in range(start, start + count)
    )
    Mission.problems.through.objects.bulk_create(
        Mission.problems.through(mission_id=m.pk, hardproblem_id=p.pk)
        for m in missions
        for p in rng.sample(problems, rng.randint(1, 3))
    )
    fx.missions += missions
    return missions


def _clusters(fx: Fixture, missions: list[Mission], count: int) -> list[Cluster]:
    rng = fx.rng
    today = timezone.localdate()
    start = len(fx.clusters)
    clusters = Cluster.objects.bulk_create(
        Cluster(
            mission=missions[i % len(missions)],
            name=f"Klynge {n + 1}",
            purpose=_text(rng, 2, 4),
            next_review_on=today + timedelta(days=rng.randint(7, 56)),
        )
        for i, n in enumerate(range(start, start + count))
    )
    fx.clusters += clusters
    return clusters


def _memberships(fx: Fixture, rows: list[tuple[Cluster, User, str]]) -> None:
    Membership.objects.bulk_create(
        [Membership(cluster=c, person=p, role=role) for c, p, role in rows], batch_size=BATCH
    )
    for cluster, person, role in rows:
        fx.members.setdefault(cluster.pk, set()).add(person.pk)
        if role == Membership.Role.COORDINATOR:
            fx.coordinators.setdefault(cluster.pk, person.pk)


def _staff_clusters(fx: Fixture, clusters: list[Cluster], size: int) -> None:
    """A coordinator and members for each cluster, from the colleagues."""
    rows = []
    for cluster in clusters:
        chosen = fx.rng.sample(fx.people, size)
        rows.append((cluster, chosen[0], Membership.Role.COORDINATOR))
        rows += [(cluster, person, Membership.Role.MEMBER) for person in chosen[1:]]
    _memberships(fx, rows)


def _initiative(fx: Fixture, cluster: Cluster, owner: User, status: str) -> Initiative:
    rng = fx.rng
    n = next(fx.seq)
    now = timezone.now()
    starts = timezone.localdate() - timedelta(days=rng.randint(20, 400))
    stopped = status == Status.STOPPED
    challenges = rng.random() < 0.15
    return Initiative(
        cluster=cluster,
        owner=owner,
        created_by=owner,
        unit=owner.unit,
        kind=rng.choices(Initiative.Kind.values, [60, 30, 10])[0],
        title=f"{rng.choice(TITLES)} {n}",
        what=_text(rng, 2, 6),
        hypothesis=f"Vi tror at {rng.choice(TITLES).lower()} vil føre til færre henvendelser.",
        starts_on=starts,
        ends_on=starts + timedelta(days=rng.randint(60, 500)) if rng.random() < 0.8 else None,
        effort_hours=rng.choice([None, 4, 8, 16, 20, 40, 80]),
        challenges_rules=challenges,
        challenged_rule="Mødepligt i dagtilbud" if challenges else "",
        partners=rng.choice(["", "", "Idrætsforeningen", "Region Midtjylland, VIA"]),
        status=status,
        status_before_stop=Status.RUNNING if stopped else "",
        stop_reason=_text(rng, 1, 2) if stopped else "",
        stop_learning=_text(rng, 1, 3) if stopped else "",
        stopped_at=now - timedelta(days=rng.randint(1, 90)) if stopped else None,
        status_changed_at=(
            None if status == Status.IDEA else now - timedelta(days=rng.randint(1, 200))
        ),
    )


def _create_initiatives(fx: Fixture, objs: list[Initiative]) -> list[Initiative]:
    objs = bulk_create_with_history(
        objs,
        Initiative,
        batch_size=BATCH,
        default_date=timezone.now() - timedelta(days=400),
    )
    problems = list(HardProblem.objects.filter(plan__slug=PLAN_SLUG))
    Initiative.problems.through.objects.bulk_create(
        (
            Initiative.problems.through(initiative_id=i.pk, hardproblem_id=p.pk)
            for i in objs
            for p in fx.rng.sample(problems, fx.rng.randint(1, 3))
        ),
        batch_size=BATCH,
    )
    return objs


def _random_statuses(rng: random.Random, count: int) -> list[str]:
    return rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()), k=count)


def _renumber_all() -> None:
    """Ranks 1..n within each cluster: the active initiatives first, in their order."""
    active = ", ".join(f"'{s}'" for s in ACTIVE_STATUSES)
    table = Initiative._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {table} AS i SET rank = o.place
            FROM (
                SELECT id, row_number() OVER (
                    PARTITION BY cluster_id
                    ORDER BY (status IN ({active})) DESC, rank, id
                ) AS place
                FROM {table}
            ) AS o
            WHERE i.id = o.id AND i.rank <> o.place
            """
        )


def _entries(fx: Fixture, initiatives: list[Initiative], total: int) -> None:
    """`total` logbook entries spread at random over the initiatives, dated over the
    last 300 days, written by the owner or a member of the cluster.

    Inserted without the trigger that keeps Initiative.last_entry_at in step row by row
    (hundreds of thousands of single-row updates); one statement sets it afterwards, as
    the trigger would have."""
    table = LogEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {TRIGGER}")
        try:
            _insert_entries(fx, initiatives, total)
        finally:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {TRIGGER}")
    _refresh_last_entry()


def _insert_entries(fx: Fixture, initiatives: list[Initiative], total: int) -> None:
    rng = fx.rng
    now = timezone.now()
    pool = [p.pk for p in fx.people]
    objs = []
    for initiative in rng.choices(initiatives, k=total):
        members = list(fx.members.get(initiative.cluster_id, ())) or pool
        author_id = initiative.owner_id if rng.random() < 0.7 else rng.choice(members)
        objs.append(
            LogEntry(
                initiative_id=initiative.pk,
                author_id=author_id,
                kind=rng.choices(ENTRY_KINDS, ENTRY_WEIGHTS)[0],
                text=_text(rng, 1, 5),
                share=rng.random() < 0.1,
                created_at=now - timedelta(minutes=rng.randint(60 * 30, 60 * 24 * 300)),
            )
        )
        if len(objs) >= BATCH:
            LogEntry.objects.bulk_create(objs)
            objs = []
    LogEntry.objects.bulk_create(objs)


TRIGGER = "portfolio_logentry_last_entry"  # portfolio migration 0008


def _refresh_last_entry() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {Initiative._meta.db_table} AS i SET last_entry_at = e.newest
            FROM (
                SELECT initiative_id, max(created_at) AS newest
                FROM {LogEntry._meta.db_table} GROUP BY initiative_id
            ) AS e
            WHERE i.id = e.initiative_id AND i.last_entry_at IS DISTINCT FROM e.newest
            """
        )


def _reviews(fx: Fixture, clusters: list[Cluster], closed_per_cluster: int, scheduled: bool):
    """Closed portfolio reviews in the past (with a decision on each active initiative)
    and, if asked, one scheduled review ahead."""
    rng = fx.rng
    now = timezone.now()
    reviews = []
    for cluster in clusters:
        coordinator_id = fx.coordinators[cluster.pk]
        for k in range(closed_per_cluster):
            when = now - timedelta(weeks=8 * (k + 1), hours=rng.randint(0, 48))
            reviews.append(
                Review(
                    cluster=cluster,
                    scheduled_at=when,
                    place="Rådhuset, mødelokale 2",
                    relevant_answer=_text(rng, 1, 3),
                    capacity_answer=_text(rng, 1, 3),
                    room_answer=_text(rng, 1, 2),
                    state=Review.State.CLOSED,
                    created_by_id=coordinator_id,
                    closed_at=when + timedelta(hours=2),
                    closed_by_id=coordinator_id,
                )
            )
        if scheduled:
            reviews.append(
                Review(
                    cluster=cluster,
                    scheduled_at=now + timedelta(days=rng.randint(7, 56)),
                    place="Rådhuset, mødelokale 1",
                    created_by_id=coordinator_id,
                )
            )
    reviews = Review.objects.bulk_create(reviews, batch_size=BATCH)
    closed = [r for r in reviews if r.state == Review.State.CLOSED]
    active = {}
    for pk, cluster_id in Initiative.objects.filter(
        cluster__in=clusters, status__in=ACTIVE_STATUSES
    ).values_list("pk", "cluster_id"):
        active.setdefault(cluster_id, []).append(pk)
    decisions = [
        ReviewDecision(
            review=review,
            initiative_id=pk,
            decision=rng.choices(["continue", "adjust"], [80, 20])[0],
            rationale=_text(rng, 0, 2),
            decided_by_id=review.created_by_id,
        )
        for review in closed
        for pk in active.get(review.cluster_id, [])
    ]
    ReviewDecision.objects.bulk_create(decisions, batch_size=BATCH)


# The two phases --------------------------------------------------------------


def build_small(seed: int = 2024) -> Fixture:
    """Ten initiatives in three clusters, about 100 logbook entries."""
    rng = random.Random(seed)
    unit = Unit.objects.create(name="Kontraktenhed Midt", kind=Unit.Kind.CONTRACT_UNIT)
    user = User.objects.create(
        username="bench-koordinator",
        first_name="Karen",
        last_name="Koordinator",
        email="karen@example.dk",
        password="!",
        job_title="Udviklingskonsulent",
        unit=unit,
    )
    user.groups.add(Group.objects.get_or_create(name=Role.STAFF.value)[0])
    fx = Fixture(
        user=user, cluster=None, detail=None, logged=None, ranked=None, rng=rng, units=[unit]
    )
    _units(fx, 3)
    _people(fx, 6)
    missions = _missions(fx, 2)
    clusters = _clusters(fx, [missions[0], missions[0], missions[1]], 3)
    measured, second, third = clusters
    fx.cluster = measured
    colleagues = fx.people
    _memberships(
        fx,
        [
            (measured, user, Membership.Role.COORDINATOR),
            (measured, colleagues[0], Membership.Role.MEMBER),
            (measured, colleagues[1], Membership.Role.MEMBER),
            (second, colleagues[2], Membership.Role.COORDINATOR),
            (second, user, Membership.Role.MEMBER),
            (second, colleagues[3], Membership.Role.MEMBER),
            (third, colleagues[4], Membership.Role.COORDINATOR),
            (third, user, Membership.Role.MEMBER),
            (third, colleagues[5], Membership.Role.MEMBER),
        ],
    )
    # (cluster, owner, status) in rank order; the user owns six of the ten.
    plan = [
        (measured, colleagues[0], Status.RUNNING),
        (measured, colleagues[1], Status.RUNNING),  # (e) moves this one
        (measured, user, Status.RUNNING),  # (c) shows this one
        (measured, user, Status.PLANNED),  # (d) logs on this one
        (measured, user, Status.IDEA),
        (measured, user, Status.STOPPED),
        (second, user, Status.EVALUATING),
        (second, colleagues[2], Status.ANCHORED),
        (third, colleagues[4], Status.PLANNED),
        (third, user, Status.IDEA),
    ]
    objs = [_initiative(fx, c, o, s) for c, o, s in plan]
    objs = _create_initiatives(fx, objs)
    _renumber_all()
    fx.ranked, fx.detail, fx.logged = objs[1], objs[2], objs[3]
    _entries(fx, objs, 96)
    # The user's own fresh entries on the measured page, still correctable.
    now = timezone.now()
    LogEntry.objects.bulk_create(
        LogEntry(
            initiative=fx.detail,
            author=user,
            kind=LogEntry.Kind.PROGRESS,
            text=_text(rng, 1, 3),
            created_at=now - timedelta(hours=h),
        )
        for h in (2, 5, 30, 50)
    )
    # One hard problem and a few changes in the measured initiative's history.
    detail = Initiative.objects.get(pk=fx.detail.pk)
    detail.problems.set(HardProblem.objects.filter(plan__slug=PLAN_SLUG, number=1))
    _edit(detail, user, (8, 16, 40))
    _reviews(fx, clusters, closed_per_cluster=1, scheduled=True)
    _backdate_initiatives()
    return fx


def grow_large(fx: Fixture) -> None:
    """Grow to 200 clusters over 40 missions, 5,000 initiatives, 50,000 entries."""
    rng = fx.rng
    _units(fx, LARGE_UNITS - len(fx.units))
    _people(fx, LARGE_PEOPLE - len(fx.people))
    _missions(fx, LARGE_MISSIONS - len(fx.missions))
    new_clusters = _clusters(fx, fx.missions, LARGE_CLUSTERS - len(fx.clusters))
    _staff_clusters(fx, new_clusters, 9)

    # Every cluster ends with 25 initiatives; the user ends owning about 25, some in
    # the measured cluster and one in each of a number of other clusters.
    counts = dict(Initiative.objects.values_list("cluster_id").annotate(n=Count("id")).order_by())
    owned_now = fx.owned()
    in_measured = 3
    spread = rng.sample(new_clusters, LARGE_OWNED - owned_now - in_measured)
    _memberships(fx, [(c, fx.user, Membership.Role.MEMBER) for c in spread])
    spread_ids = {c.pk for c in spread}

    objs = []
    for cluster in fx.clusters:
        missing = INITIATIVES_PER_CLUSTER - counts.get(cluster.pk, 0)
        members = [p for p in fx.people if p.pk in fx.members.get(cluster.pk, ())]
        members = [m for m in members if m.pk != fx.user.pk] or fx.people
        owners = [rng.choice(members) for _ in range(missing)]
        if cluster.pk == fx.cluster.pk:
            owners[:in_measured] = [fx.user] * in_measured
        elif cluster.pk in spread_ids:
            owners[0] = fx.user
        for owner, status in zip(owners, _random_statuses(rng, missing), strict=True):
            objs.append(_initiative(fx, cluster, owner, status))
    # New ranks go after the existing ones; _renumber_all closes the gaps.
    for obj in objs:
        obj.rank = 1_000 + next(fx.seq)
    created = _create_initiatives(fx, objs)
    _renumber_all()

    _reviews(fx, new_clusters, closed_per_cluster=3, scheduled=True)
    _reviews(fx, fx.clusters[:3], closed_per_cluster=2, scheduled=False)
    _backdate_initiatives()

    # The measured initiative lives on too: more entries, problems and changes.
    detail = Initiative.objects.get(pk=fx.detail.pk)
    now = timezone.now()
    LogEntry.objects.bulk_create(
        LogEntry(
            initiative=detail,
            author_id=rng.choice([fx.user.pk, *fx.members[fx.cluster.pk]]),
            kind=rng.choices(ENTRY_KINDS, ENTRY_WEIGHTS)[0],
            text=_text(rng, 1, 5),
            created_at=now - timedelta(days=days, hours=3),
        )
        for days in range(3, 200, 16)
    )
    detail.problems.add(*HardProblem.objects.filter(plan__slug=PLAN_SLUG, number__in=[2, 4, 6]))
    _edit(detail, fx.user, (20, 24))
    _entries(fx, created, LARGE_ENTRIES - LogEntry.objects.count())


def build_manager(username: str, password: str) -> User:
    """A member of group management who signs in with `password` (the load benchmark
    posts the sign-in form); also staff and superuser, so that the admin works."""
    user = User(
        username=username,
        first_name="Gitte",
        last_name="Gruppeledelse",
        email=f"{username}@example.dk",
        job_title="Kommunaldirektør",
        unit=Unit.objects.order_by("pk").first(),
        is_staff=True,
        is_superuser=True,
    )
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=Role.GROUP_MANAGEMENT.value)[0])
    return user


def _edit(initiative: Initiative, user: User, efforts) -> None:
    """Saves that leave changes in the initiative's history."""
    for hours in efforts:
        initiative.effort_hours = hours
        initiative._history_user = user
        initiative.save()


def _backdate_initiatives() -> None:
    """Initiatives were created before their logbook entries (auto_now_add says now)."""
    Initiative.objects.filter(created_at__gte=timezone.now() - timedelta(hours=1)).update(
        created_at=timezone.now() - timedelta(days=400)
    )


def analyze() -> None:
    """Fresh planner statistics, as autovacuum would have them in production."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def grow_huge(fx: Fixture, factor: int = 10) -> None:
    """Grow the large data set `factor` times: more clusters (in the same 40 missions
    and 40 units: the plan and the organisation do not grow), with their people,
    initiatives, reviews and logbook entries, to 50,000 initiatives and 500,000
    entries at factor 10. The measured user's own work stays as it is."""
    extra_clusters = LARGE_CLUSTERS * (factor - 1)
    _people(fx, LARGE_PEOPLE * (factor - 1))
    new_clusters = _clusters(fx, fx.missions, extra_clusters)
    _staff_clusters(fx, new_clusters, 9)
    people = {p.pk: p for p in fx.people}
    objs = []
    for cluster in new_clusters:
        members = [people[pk] for pk in fx.members[cluster.pk] if pk != fx.user.pk]
        statuses = _random_statuses(fx.rng, INITIATIVES_PER_CLUSTER)
        for rank, status in enumerate(statuses, start=1):
            obj = _initiative(fx, cluster, fx.rng.choice(members), status)
            obj.rank = rank
            objs.append(obj)
    created = _create_initiatives(fx, objs)
    _renumber_all()
    _reviews(fx, new_clusters, closed_per_cluster=3, scheduled=True)
    _backdate_initiatives()
    _entries(fx, created, LARGE_ENTRIES * factor - LogEntry.objects.count())
