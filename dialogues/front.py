"""The front page's sections, one for each role a person holds, most personal first:

- mine: a contract holder's initiatives that need a logbook entry before the next
  review, their learnings flagged for Ledertræf and their next review;
- clusters: the clusters a person is a member of, those they coordinate first and
  marked, each with its next review and what is stale;
- sharing: for staff, the learnings waiting for a Ledertræf and the next gathering;
- programme: for group management and direction, the programme at a glance: status
  per track, gaps in coverage, units over capacity, overdue reviews.

Each section is read from the database on every request (nobody sees something older
than their own last write) with a fixed number of queries, whatever the data's size.
The rules are the models' and the dashboard's own (QuerySet methods, portfolio.metrics).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from dialogues.models import Gathering
from dus.models import HardProblem, Plan, Role
from missions.models import Cluster
from portfolio import metrics
from portfolio.models import Initiative, LogEntry, Review

LIMIT = 5  # items a section lists before "and n more" and a link to the full list


@dataclass
class Listing:
    """The first few items of a list and how many there are in all."""

    items: list
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.items)

    def __bool__(self) -> bool:
        return bool(self.count)


def listing(queryset: QuerySet, limit: int = LIMIT) -> Listing:
    """At most two queries: the count only when the first few fill the limit."""
    items = list(queryset[:limit])
    return Listing(items, len(items) if len(items) < limit else queryset.count())


def mine(user) -> dict | None:
    """A contract holder's own work (or anyone's who owns such work). Five queries at most."""
    owned = Initiative.objects.owned_by(user)
    needing = listing(owned.needing_entry().select_related("cluster"))
    flagged = listing(
        LogEntry.objects.to_share()
        .filter(initiative__owner=user)
        .select_related("initiative")
        .order_by("-created_at", "-id")
    )
    next_review = (
        Review.objects.upcoming()
        .filter(
            Q(pk__in=Review.objects.of_person(user).values("pk"))
            | Q(cluster__in=owned.active().values("cluster"))
        )
        .select_related("cluster")
        .first()
    )
    if not (user.has_role(Role.CONTRACT_HOLDER) or needing or flagged):
        return None
    return {"needing": needing, "flagged": flagged, "next_review": next_review}


def clusters(user) -> list[Cluster]:
    """The clusters the person is a current member of, coordinated first (`coordinated`),
    each with `stale_count`; the coordinated ones with `stale`, their first stale
    initiatives. Three queries at most."""
    overdue = Review.objects.overdue().filter(cluster=OuterRef("pk")).order_by("scheduled_at")
    rows = list(
        Cluster.objects.with_member(user)
        .coordinated_first(user)
        .annotate(overdue_review_at=Subquery(overdue.values("scheduled_at")[:1]))
        .select_related("mission")
    )
    if not rows:
        return rows
    stale = Initiative.objects.filter(cluster__in=[c.pk for c in rows]).stale(settings.STALE_DAYS)
    counts = dict(stale.order_by().values_list("cluster").annotate(n=Count("pk")))
    coordinated = [c for c in rows if c.coordinated]
    oldest_first = [F("newest_entry_at").asc(nulls_first=True), F("created_at").asc(), "pk"]
    first = (
        list(
            stale.filter(cluster__in=[c.pk for c in coordinated if counts.get(c.pk)])
            .annotate(place=Window(RowNumber(), partition_by=F("cluster"), order_by=oldest_first))
            .filter(place__lte=LIMIT)
            .select_related("owner")
            .order_by(*oldest_first)
        )
        if any(counts.get(c.pk) for c in coordinated)
        else []
    )
    today = timezone.localdate()
    for cluster in rows:
        cluster.stale_count = counts.get(cluster.pk, 0)
        cluster.stale = [i for i in first if i.cluster_id == cluster.pk][:LIMIT]
        # A scheduled review whose time has passed, or the due date after the last one.
        if cluster.overdue_review_at:
            cluster.review_overdue = timezone.localdate(cluster.overdue_review_at)
        elif cluster.next_review_on and cluster.next_review_on < today:
            cluster.review_overdue = cluster.next_review_on
        else:
            cluster.review_overdue = None
    return rows


def sharing(user) -> dict | None:
    """For staff, who prepare Ledertræf: the learnings flagged and not yet shared, and
    the next gathering. Three queries at most."""
    if not user.has_role(Role.STAFF):
        return None
    return {
        "learnings": listing(
            LogEntry.objects.to_share()
            .select_related("initiative__cluster")
            .order_by("-created_at", "-id")
        ),
        "next_gathering": Gathering.objects.visible_to(user)
        .exclude(state=Gathering.State.HELD)
        .filter(date__gte=timezone.localdate())
        .order_by("date", "starts_at")
        .first(),
    }


def programme(user, plan: Plan, problems: list[HardProblem]) -> dict | None:
    """For group management and direction: the dashboard's figures for every initiative,
    reduced to what needs attention. Eight queries at most; `problems` are the plan's,
    read already for the page."""
    if not user.is_group_management:
        return None
    initiatives = Initiative.objects.all()
    coverage = metrics.coverage(initiatives, plan, problems)
    problem_gaps, mission_gaps = coverage.gap_problems(), coverage.gap_missions()
    return {
        "by_track": metrics.status_by_track(initiatives),
        "problem_gaps": problem_gaps,
        "mission_gaps": mission_gaps,
        "gap_count": len(problem_gaps) + len(mission_gaps),
        "over_capacity": [row for row in metrics.capacity(initiatives) if row["over"]],
        "overdue": listing(
            Review.objects.overdue().select_related("cluster").order_by("scheduled_at")
        ),
        "stale_count": initiatives.stale(settings.STALE_DAYS).count(),
    }
