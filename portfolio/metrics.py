"""The figures behind group management's dashboard, from database aggregation.

Every function takes the (filtered) initiatives and answers with a few queries,
whatever the number of initiatives: no Python loops over all of them.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Case, Count, F, Min, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, Greatest, RowNumber
from django.utils import timezone

from dus.models import HardProblem, Plan, Unit
from missions.models import Mission
from portfolio.models import ACTIVE_STATUSES, Initiative, LogEntry, Review, Status

BAR_STEP = 28  # pixels from one bar to the next in the SVG
# What the dashboard's lists show of a person and an initiative: their rows are kept in
# the figures' cache, which need not hold the rest (a password hash least of all).
PERSON = ("first_name", "last_name", "username")
LISTED = ("title", "created_at", *(f"owner__{f}" for f in PERSON))
REVIEW_DAYS = 30  # the coming reviews shown
DECISION_DAYS = 90  # the recent decisions shown


@dataclass
class Bar:
    """One stacked bar: a label and its counts per status, with the SVG geometry."""

    key: int
    label: str
    counts: dict[str, int]
    segments: list[dict] = field(default_factory=list)
    y: int = 0
    end: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def active(self) -> int:
        return sum(self.counts.get(status, 0) for status in ACTIVE_STATUSES)


def _status_counts() -> dict:
    return {s.value: Count("pk", filter=Q(status=s)) for s in Status}


def _stack(bars: list[Bar], width: int = 500) -> list[Bar]:  # leaves room for the total
    biggest = max((bar.total for bar in bars), default=0) or 1
    for index, bar in enumerate(bars):
        bar.y = index * BAR_STEP
        x = 0.0
        for status in Status:
            n = bar.counts.get(status.value, 0)
            if n:
                w = width * n / biggest
                bar.segments.append(
                    {
                        # The member, not its lazy label: the bars are cached, and
                        # unpickling 280 lazy labels took longer than the query.
                        "status": status,
                        "n": n,
                        "x": round(x, 1),
                        "w": round(w, 1),
                    }
                )
                x += w
        bar.end = round(x, 1)
    return bars


def status_by_track(initiatives) -> list[Bar]:
    rows = (
        initiatives.order_by()
        .values(
            "cluster__mission__track",
            "cluster__mission__track__number",
            "cluster__mission__track__title",
        )
        .annotate(**_status_counts())
        .order_by("cluster__mission__track__number")
    )
    return _stack(
        [
            Bar(
                row["cluster__mission__track"],
                "{}. {}".format(
                    row["cluster__mission__track__number"], row["cluster__mission__track__title"]
                ),
                {s.value: row[s.value] for s in Status},
            )
            for row in rows
        ]
    )


def status_by_mission(initiatives) -> list[Bar]:
    rows = (
        initiatives.order_by()
        .values("cluster__mission", "cluster__mission__title")
        .annotate(**_status_counts())
        .order_by("cluster__mission__title")
    )
    return _stack(
        [
            Bar(
                row["cluster__mission"],
                row["cluster__mission__title"],
                {s.value: row[s.value] for s in Status},
            )
            for row in rows
        ]
    )


def status_by_track_and_mission(initiatives) -> tuple[list[Bar], list[Bar]]:
    """Both status_by_track and status_by_mission, from one query (per mission, summed
    per track in Python: a plan has a few dozen missions)."""
    rows = (
        initiatives.order_by()
        .values(
            "cluster__mission",
            "cluster__mission__title",
            "cluster__mission__track",
            "cluster__mission__track__number",
            "cluster__mission__track__title",
        )
        .annotate(**_status_counts())
    )
    missions, tracks = [], {}
    for row in rows:
        counts = {s.value: row[s.value] for s in Status}
        missions.append(Bar(row["cluster__mission"], row["cluster__mission__title"], counts))
        track = tracks.setdefault(
            row["cluster__mission__track__number"],
            Bar(
                row["cluster__mission__track"],
                "{}. {}".format(
                    row["cluster__mission__track__number"], row["cluster__mission__track__title"]
                ),
                dict.fromkeys(counts, 0),
            ),
        )
        for status, n in counts.items():
            track.counts[status] += n
    missions.sort(key=lambda bar: bar.label)
    return _stack([tracks[number] for number in sorted(tracks)]), _stack(missions)


@dataclass
class Coverage:
    """Initiatives per hard problem (row) and mission (column).

    A zero row or column is a gap only when it counts every active initiative on the
    problem or in the mission: `zero_problem_is_gap` and `zero_mission_is_gap` say whether
    it does.
    A filter that narrows the initiatives (a unit, a cluster) or the columns (a track)
    makes a zero mean "none of the selected", not a gap in the organisation."""

    problems: list[HardProblem]
    missions: list[Mission]
    cells: dict[tuple[int, int], int]
    zero_problem_is_gap: bool = True
    zero_mission_is_gap: bool = True

    def rows(self) -> list[dict]:
        rows = []
        for problem in self.problems:
            total = sum(self.cells.get((problem.pk, m.pk), 0) for m in self.missions)
            rows.append(
                {
                    "problem": problem,
                    "cells": [
                        (mission, self.cells.get((problem.pk, mission.pk), 0))
                        for mission in self.missions
                    ],
                    "total": total,
                    "gap": self.zero_problem_is_gap and not total,
                }
            )
        return rows

    def mission_totals(self) -> list[tuple[Mission, int, bool]]:
        """(mission, total, whether it is a gap) per column."""
        totals = [
            (m, sum(self.cells.get((p.pk, m.pk), 0) for p in self.problems)) for m in self.missions
        ]
        return [(m, n, self.zero_mission_is_gap and not n) for m, n in totals]

    def gap_problems(self) -> list[HardProblem]:
        """The gaps among the problems: those no counted initiative works on."""
        return [row["problem"] for row in self.rows() if row["gap"]]

    def gap_missions(self) -> list[Mission]:
        """The gaps among the missions: those with no counted initiative on a problem."""
        return [mission for mission, _total, gap in self.mission_totals() if gap]


def coverage(
    initiatives,
    plan: Plan,
    problems: list[HardProblem] | None = None,
    missions=None,
    *,
    active_only: bool = True,
    zero_problem_is_gap: bool = True,
    zero_mission_is_gap: bool = True,
) -> Coverage:
    """Initiatives (the active ones, unless `active_only` is off) per hard problem and
    mission. `problems` are the rows (the plan's, when not given: a caller that has read
    them already passes them), `missions` the columns (the plan's open missions, when
    not given); `zero_problem_is_gap` and `zero_mission_is_gap` say whether a zero row or
    column is a gap (see Coverage)."""
    counted = initiatives.active() if active_only else initiatives
    counts = counted.order_by().values("problems", "cluster__mission").annotate(n=Count("pk"))
    cells = {
        (row["problems"], row["cluster__mission"]): row["n"] for row in counts if row["problems"]
    }
    if missions is None:
        missions = Mission.objects.filter(track__plan=plan).exclude(status=Mission.Status.CLOSED)
    return Coverage(
        problems=list(HardProblem.objects.filter(plan=plan)) if problems is None else problems,
        missions=list(missions.order_by("track__number", "title")),
        cells=cells,
        zero_problem_is_gap=zero_problem_is_gap,
        zero_mission_is_gap=zero_mission_is_gap,
    )


def _load_row(unit: Unit, hours: int, **extra) -> dict:
    threshold = unit.threshold_hours
    return {
        "unit": unit,
        "hours": hours,
        "threshold": threshold,
        "over": hours > threshold,
        "share": min(hours / threshold, 2.0),
        **extra,
    }


def capacity(initiatives, units=None) -> list[dict]:
    """Hours a month of active initiatives per unit, against each unit's threshold.

    `units` (every unit by name if not given) is read here; a caller that passes a
    QuerySet can use it again without a second query."""
    load = initiatives.load_by_unit()
    rows = []
    for unit in Unit.objects.order_by("name") if units is None else units:
        row = load.get(unit.pk, {"hours": 0, "count": 0})
        rows.append(_load_row(unit, row["hours"], count=row["count"]))
    return rows


def portfolio_capacity(cluster) -> dict:
    """For a portfolio review's "Kan vi holde til det som organisation?": the units of
    the cluster's active initiatives, each with the portfolio's hours a month, all of
    the unit's active hours (in every cluster) and the unit's capacity; and what the
    figures leave out (initiatives without a unit or an estimate). Three queries."""
    own = Initiative.objects.filter(cluster=cluster).load_by_unit()
    units = list(Unit.objects.filter(pk__in=[pk for pk in own if pk]).order_by("name"))
    everywhere = Initiative.objects.filter(unit__in=units).load_by_unit() if units else {}
    rows = [
        _load_row(
            unit,
            everywhere[unit.pk]["hours"],
            portfolio_hours=own[unit.pk]["hours"],
            count=own[unit.pk]["count"],
        )
        for unit in units
    ]
    without_unit = own.get(None, {"hours": 0, "count": 0})
    return {
        "rows": rows,
        "without_unit": without_unit["count"],
        "without_unit_hours": without_unit["hours"],
        "unestimated": sum(row["unestimated"] for row in own.values()),
    }


def stale(initiatives, days: int | None = None, limit: int = 15):
    days = days or settings.STALE_DAYS
    items = (
        initiatives.stale(days)
        .select_related("owner", "cluster")
        .only(*LISTED, "cluster__name")
        .order_by("newest_entry_at", "created_at")
    )
    return items[:limit], items.count()


def lists_change_at(initiatives, now, soon, decisions, limit: int = 20):
    """The first moment after `now` at which stale(), reviews() or recent_decisions() of
    these initiatives could answer differently without a write: an active initiative
    turning stale, a coming review turning overdue or entering the 30 days, a decision
    leaving the 90 days. Until then (and until a write) their answers may be kept. One
    query; None when nothing will change by itself."""
    cutoff = now - timedelta(days=settings.STALE_DAYS)
    later = (  # the first review after the window, which enters it 30 days before
        Review.objects.filter(
            cluster__in=initiatives.order_by().values("cluster"),
            state=Review.State.SCHEDULED,
            scheduled_at__gt=now + timedelta(days=REVIEW_DAYS),
        )
        .order_by("scheduled_at")
        .values("scheduled_at")[:1]
    )
    found = initiatives.order_by().aggregate(
        # An active initiative turns stale STALE_DAYS after its newest entry or its
        # creation, whichever is later.
        turns_stale=Min(
            Greatest(Coalesce("last_entry_at", "created_at"), "created_at"),
            filter=Q(status__in=ACTIVE_STATUSES)
            & (Q(last_entry_at__gte=cutoff) | Q(created_at__gte=cutoff)),
        ),
        later=Min(Subquery(later)),
    )
    moments = []
    if found["turns_stale"]:
        moments.append(found["turns_stale"] + timedelta(days=settings.STALE_DAYS))
    if soon:
        moments.append(soon[0].scheduled_at)
    if len(soon) < limit and found["later"]:  # the next review to enter the window shows
        moments.append(found["later"] - timedelta(days=REVIEW_DAYS))
    if decisions:
        moments.append(decisions[-1].status_changed_at + timedelta(days=DECISION_DAYS))
    return min(moments, default=None)


def reviews(initiatives, within_days: int = REVIEW_DAYS, limit: int = 20):
    """The scheduled reviews of the initiatives' clusters: the overdue ones and those in
    the next `within_days` days, each list the first `limit` by time. One query."""
    clusters = initiatives.order_by().values("cluster")
    now = timezone.now()
    overdue = Q(scheduled_at__lt=now)
    rows = (
        Review.objects.filter(
            cluster__in=clusters,
            state=Review.State.SCHEDULED,
            scheduled_at__lte=now + timedelta(days=within_days),
        )
        .annotate(
            is_overdue=Case(When(overdue, then=Value(True)), default=Value(False)),
            row_in_list=Window(
                RowNumber(),
                partition_by=F("is_overdue"),
                order_by=[F("scheduled_at").asc(), F("pk").asc()],
            ),
        )
        .filter(row_in_list__lte=limit)
        .select_related("cluster")
        .only("scheduled_at", "cluster__name")
        .order_by("scheduled_at", "pk")
    )
    rows = list(rows)
    return [r for r in rows if r.is_overdue], [r for r in rows if not r.is_overdue]


def recent_decisions(initiatives, days: int = DECISION_DAYS, limit: int = 15):
    since = timezone.now() - timedelta(days=days)
    return list(
        initiatives.filter(status__in=[Status.STOPPED, Status.SCALED], status_changed_at__gte=since)
        .only("title", "status", "status_changed_at", "stop_reason", "stop_learning")
        .order_by("-status_changed_at")[:limit]
    )


def learning(initiatives, limit: int = 15, filtered: bool = True):
    entries = LogEntry.objects.to_share()
    if filtered:
        entries = entries.filter(initiative__in=initiatives.order_by().values("pk"))
    return list(
        entries.select_related("initiative", "author")
        .only("text", "created_at", "initiative__title", *(f"author__{f}" for f in PERSON))
        .order_by("-created_at")[:limit]
    ), entries.count()


def problems_with_spread(initiatives, plan: Plan) -> list[HardProblem]:
    """The plan's hard problems, each with `spread`: how many of the initiatives were
    started inspired by another ("vi vil også prøve det") that works on the problem.
    Read once for both the coverage and the spread panel."""
    # Per problem, from the adopted initiatives (few) rather than from every initiative
    # on the problem (all of them): one subquery per problem row.
    adopted = (
        initiatives.filter(inspired_by__isnull=False)
        .filter(inspired_by__problems=OuterRef("pk"))
        .order_by()
        .values("inspired_by__problems")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return list(
        HardProblem.objects.filter(plan=plan).annotate(spread=Coalesce(Subquery(adopted), 0))
    )
