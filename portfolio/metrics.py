"""The figures behind group management's dashboard, from database aggregation.

Every function takes the (filtered) initiatives and answers with a few queries,
whatever the number of initiatives: no Python loops over all of them.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from dus.models import HardProblem, Plan, Unit
from missions.models import Mission
from portfolio.models import ACTIVE_STATUSES, LogEntry, Review, Status

BAR_STEP = 28  # pixels from one bar to the next in the SVG


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
                        "status": status.value,
                        "label": status.label,
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


@dataclass
class Coverage:
    problems: list[HardProblem]
    missions: list[Mission]
    cells: dict[tuple[int, int], int]

    def rows(self) -> list[dict]:
        return [
            {
                "problem": problem,
                "cells": [
                    (mission, self.cells.get((problem.pk, mission.pk), 0))
                    for mission in self.missions
                ],
                "total": sum(self.cells.get((problem.pk, m.pk), 0) for m in self.missions),
            }
            for problem in self.problems
        ]

    def mission_totals(self) -> list[tuple[Mission, int]]:
        return [
            (m, sum(self.cells.get((p.pk, m.pk), 0) for p in self.problems)) for m in self.missions
        ]

    def problem_gaps(self) -> list[HardProblem]:
        """The gaps among the problems: those no active initiative works on."""
        return [row["problem"] for row in self.rows() if not row["total"]]

    def mission_gaps(self) -> list[Mission]:
        """The gaps among the missions: those with no active initiative on a problem."""
        return [mission for mission, total in self.mission_totals() if not total]


def coverage(initiatives, plan: Plan, problems: list[HardProblem] | None = None) -> Coverage:
    """Active initiatives per hard problem and mission; a zero row or column is a gap.
    `problems` are the plan's, when the caller has read them already."""
    counts = (
        initiatives.active()
        .order_by()
        .values("problems", "cluster__mission")
        .annotate(n=Count("pk"))
    )
    cells = {
        (row["problems"], row["cluster__mission"]): row["n"] for row in counts if row["problems"]
    }
    return Coverage(
        problems=list(HardProblem.objects.filter(plan=plan)) if problems is None else problems,
        missions=list(
            Mission.objects.filter(track__plan=plan)
            .exclude(status=Mission.Status.CLOSED)
            .order_by("track__number", "title")
        ),
        cells=cells,
    )


def capacity(initiatives, units=None) -> list[dict]:
    """Hours a month of active initiatives per unit, against each unit's threshold.

    `units` (every unit by name if not given) is read here; a caller that passes a
    QuerySet can use it again without a second query."""
    load = {
        row["unit"]: row
        for row in initiatives.active()
        .order_by()
        .values("unit")
        .annotate(hours=Sum("effort_hours"), n=Count("pk"))
    }
    rows = []
    for unit in Unit.objects.order_by("name") if units is None else units:
        row = load.get(unit.pk, {"hours": 0, "n": 0})
        threshold = unit.capacity_hours or settings.DEFAULT_CAPACITY_HOURS
        hours = row["hours"] or 0
        rows.append(
            {
                "unit": unit,
                "hours": hours,
                "count": row["n"],
                "threshold": threshold,
                "over": hours > threshold,
                "share": min(hours / threshold, 2.0),
            }
        )
    return rows


def stale(initiatives, days: int | None = None, limit: int = 15):
    days = days or settings.STALE_DAYS
    items = (
        initiatives.stale(days)
        .select_related("owner", "cluster")
        .order_by("newest_entry_at", "created_at")
    )
    return items[:limit], items.count()


def reviews(initiatives, within_days: int = 30):
    clusters = initiatives.order_by().values("cluster")
    base = Review.objects.filter(cluster__in=clusters, state=Review.State.SCHEDULED).select_related(
        "cluster"
    )
    now = timezone.now()
    overdue = base.filter(scheduled_at__lt=now).order_by("scheduled_at")
    soon = base.filter(
        scheduled_at__gte=now, scheduled_at__lte=now + timedelta(days=within_days)
    ).order_by("scheduled_at")
    return list(overdue[:20]), list(soon[:20])


def recent_decisions(initiatives, days: int = 90, limit: int = 15):
    since = timezone.now() - timedelta(days=days)
    return list(
        initiatives.filter(status__in=[Status.STOPPED, Status.SCALED], status_changed_at__gte=since)
        .select_related("cluster", "owner")
        .order_by("-status_changed_at")[:limit]
    )


def learning(initiatives, limit: int = 15, filtered: bool = True):
    entries = LogEntry.objects.to_share()
    if filtered:
        entries = entries.filter(initiative__in=initiatives.order_by().values("pk"))
    return list(
        entries.select_related("initiative__cluster", "author").order_by("-created_at")[:limit]
    ), entries.count()


def problems_with_spread(initiatives, plan: Plan) -> list[HardProblem]:
    """The plan's hard problems, each with `spread`: how many of the initiatives were
    started inspired by another ("vi vil også prøve det") that works on the problem.
    Read once for both the coverage and the spread panel."""
    adopted = initiatives.filter(inspired_by__isnull=False).order_by().values("pk")
    return list(
        HardProblem.objects.filter(plan=plan).annotate(
            spread=Count(
                "initiatives__inspired",
                filter=Q(initiatives__inspired__in=adopted),
                distinct=True,
            )
        )
    )
