"""Læring: every learning in the portfolio as one list, searchable and filterable.

Three kinds of learning, each where it was written: logbook entries (of kind learning,
or flagged to be shared at Ledertræf, whatever their kind), what was learned when an
initiative was stopped, and what a portfolio review's carried-out decision says was
learned. One UNION ALL of the three, so the page counts and pages in the database.

A stop decision carried out at a review copies its learning onto the initiative; that
learning is listed once, as the initiative's, while the initiative stays stopped.
"""

from dataclasses import dataclass
from datetime import datetime

import django_filters
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dialogues.models import AgendaItem, Gathering
from dus.search import clean, matching
from portfolio.filters import InitiativeFilter
from portfolio.models import Initiative, LogEntry, ReviewDecision, Status

PAGE_SIZE = 25


class Source(models.TextChoices):
    ENTRY = "entry", _("Logbook")
    STOP = "stop", _("Stopped initiative")
    DECISION = "decision", _("Review decision")


class Sharing(models.TextChoices):
    TO_SHARE = "to_share", _("Flagged for Ledertræf, not yet shared")
    SHARED = "shared", _("Shared at Ledertræf")
    NOT_SHARED = "not_shared", _("Not yet shared")


def _none(field) -> Cast:
    # Typed, or PostgreSQL takes two untyped NULLs in a row of the union for text.
    return Cast(Value(None), output_field=field)


def _columns(source: Source, **values) -> dict:
    """The one row shape of the union; every part gives every column, in this order."""
    return {
        "l_source": Value(source.value, output_field=models.CharField()),
        "l_id": F("pk"),
        **{
            f"l_{name}": values[name]
            for name in (
                "text",
                "when",
                "initiative",
                "title",
                "cluster",
                "unit",
                "first_name",
                "last_name",
                "review",
                "share",
                "shared_at",
            )
        },
    }


def _entries():
    return (
        LogEntry.objects.filter(models.Q(kind=LogEntry.Kind.LEARNING) | models.Q(share=True)),
        ["text"],
        _columns(
            Source.ENTRY,
            text=F("text"),
            when=F("created_at"),
            initiative=F("initiative_id"),
            title=F("initiative__title"),
            cluster=F("initiative__cluster__name"),
            unit=F("initiative__unit__name"),
            first_name=F("author__first_name"),
            last_name=F("author__last_name"),
            review=_none(models.IntegerField()),
            share=F("share"),
            shared_at=F("shared_at"),
        ),
    )


def _stops():
    return (
        Initiative.objects.filter(status=Status.STOPPED).exclude(stop_learning=""),
        ["stop_learning", "title"],
        _columns(
            Source.STOP,
            text=F("stop_learning"),
            # Stopped before the date was kept (old data): the last status change.
            when=Coalesce("stopped_at", "status_changed_at", "updated_at"),
            initiative=F("pk"),
            title=F("title"),
            cluster=F("cluster__name"),
            unit=F("unit__name"),
            first_name=_none(models.CharField()),
            last_name=_none(models.CharField()),
            review=_none(models.IntegerField()),
            share=Value(False, output_field=models.BooleanField()),
            shared_at=_none(models.DateTimeField()),
        ),
    )


def _decisions():
    carried_out = (
        ReviewDecision.objects.filter(state=ReviewDecision.State.APPLIED)
        .exclude(stop_learning="")
        # Listed as the stopped initiative's own learning (see the module's docstring).
        .exclude(initiative__status=Status.STOPPED, initiative__stop_learning=F("stop_learning"))
    )
    return (
        carried_out,
        ["stop_learning"],
        _columns(
            Source.DECISION,
            text=F("stop_learning"),
            when=F("decided_at"),
            initiative=F("initiative_id"),
            title=F("initiative__title"),
            cluster=F("initiative__cluster__name"),
            unit=F("initiative__unit__name"),
            first_name=F("decided_by__first_name"),
            last_name=F("decided_by__last_name"),
            review=F("review_id"),
            share=Value(False, output_field=models.BooleanField()),
            shared_at=_none(models.DateTimeField()),
        ),
    )


def learnings(*, initiatives=None, query: str = "", sharing: str = "", source: str = ""):
    """Every learning as rows (dicts of the `l_` columns), newest first: a UNION ALL
    that the Paginator counts and slices in the database. `initiatives` (a queryset)
    narrows to the learnings of those initiatives."""
    parts = []
    for kind, (queryset, searched, columns) in zip(
        Source, (_entries(), _stops(), _decisions()), strict=True
    ):
        if source and source != kind:
            continue
        if sharing and kind != Source.ENTRY and sharing != Sharing.NOT_SHARED:
            continue  # only logbook entries are flagged and shared at Ledertræf
        if kind == Source.ENTRY and sharing == Sharing.TO_SHARE:
            queryset = queryset.filter(share=True, shared_at__isnull=True)
        elif kind == Source.ENTRY and sharing == Sharing.SHARED:
            queryset = queryset.filter(shared_at__isnull=False)
        elif kind == Source.ENTRY and sharing == Sharing.NOT_SHARED:
            queryset = queryset.filter(shared_at__isnull=True)
        if initiatives is not None:
            on = "pk" if kind == Source.STOP else "initiative"
            queryset = queryset.filter(**{f"{on}__in": initiatives.order_by().values("pk")})
        queryset = matching(queryset, searched, query)
        parts.append(queryset.order_by().annotate(**columns).values(*columns))
    if not parts:
        return LogEntry.objects.none().values()
    first, *others = parts
    return (first.union(*others, all=True) if others else first).order_by(
        "-l_when", "l_source", "-l_id"
    )


@dataclass
class Learning:
    """One learning on the page."""

    source: str
    id: int
    text: str
    when: datetime | None
    initiative_id: int
    title: str
    cluster: str
    unit: str | None
    person: str
    review_id: int | None
    share: bool
    shared_at: datetime | None
    # The Ledertræf where it was shared: see `with_gatherings`.
    gathering: object = None

    @property
    def source_label(self) -> str:
        return Source(self.source).label

    @property
    def initiative_url(self) -> str:
        return reverse("portfolio:initiative_detail", args=[self.initiative_id])

    @property
    def review_url(self) -> str:
        return reverse("portfolio:review_detail", args=[self.review_id]) if self.review_id else ""


def page_rows(rows) -> list[Learning]:
    """A page of union rows as Learnings, with their gatherings."""
    learnings = [
        Learning(
            source=row["l_source"],
            id=row["l_id"],
            text=row["l_text"],
            when=row["l_when"],
            initiative_id=row["l_initiative"],
            title=row["l_title"],
            cluster=row["l_cluster"],
            unit=row["l_unit"],
            person=" ".join(filter(None, [row["l_first_name"], row["l_last_name"]])),
            review_id=row["l_review"],
            share=bool(row["l_share"]),
            shared_at=row["l_shared_at"],
        )
        for row in rows
    ]
    return with_gatherings(learnings)


def with_gatherings(learnings: list[Learning]) -> list[Learning]:
    """Set `gathering` on each shared logbook entry: the held gathering whose agenda
    had it (the one that marked it shared), in one query for the whole page."""
    shared = {
        learning.id: learning
        for learning in learnings
        if learning.source == Source.ENTRY and learning.shared_at
    }
    if not shared:
        return learnings
    items = (
        AgendaItem.objects.filter(entry__in=shared, gathering__state=Gathering.State.HELD)
        .select_related("gathering")
        # The first gathering that had it shared it: set last, it wins.
        .order_by("-gathering__date", "-pk")
    )
    for item in items:
        shared[item.entry_id].gathering = item.gathering
    return learnings


class LearningFilter(InitiativeFilter):
    """The initiative filters (as on the dashboard, so its links carry over), the search,
    the kind of learning and whether it was shared at Ledertræf."""

    q = django_filters.CharFilter(method="on_learnings", label=_("Search"))
    source = django_filters.ChoiceFilter(
        choices=Source.choices, method="on_learnings", label=_("Kind of learning")
    )
    ledertraef = django_filters.ChoiceFilter(
        choices=Sharing.choices, method="on_learnings", label=_("Ledertræf")
    )

    class Meta(InitiativeFilter.Meta):
        fields = [*InitiativeFilter.Meta.fields, "q", "source", "ledertraef"]

    LEARNING_FIELDS = ("q", "source", "ledertraef")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget.attrs = {"class": "form-input", "type": "search"}

    def on_learnings(self, queryset, name, value):
        return queryset  # applied to the learnings, not the initiatives: see `learnings`

    def learnings(self):
        """The filtered learnings, or none when a filter value is not valid."""
        if self.is_bound and not self.is_valid():
            return learnings(initiatives=Initiative.objects.none())
        data = self.form.cleaned_data if self.is_bound else {}
        narrowed = any(
            data.get(name) not in (None, "")
            for name in self.filters
            if name not in self.LEARNING_FIELDS
        )
        return learnings(
            initiatives=self.qs if narrowed else None,
            query=clean(data.get("q") or "")[0],
            sharing=data.get("ledertraef") or "",
            source=data.get("source") or "",
        )
