"""Ledertræf and kontraktholderseminarer (gatherings) and their agendas.

Staff build an agenda beside a pool of candidates: logbook entries flagged "del på
Ledertræf" and not yet shared, and initiatives that were scaled, anchored or stopped
since the last held gathering. Start times follow from the gathering's start and the
items' durations. Publishing makes the agenda readable to everyone signed in; marking
the gathering held marks every learning on it as shared, so it leaves the pool.

Every change of the agenda locks the gathering's row, so concurrent changes keep the
positions 1..n without gaps or duplicates (like the portfolio's ranking).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from dialogues.gathering_mail import cancel_presenter_reminders, sync_presenter_reminders
from dus.history import HistoricalRecords
from dus.logs import log_change
from dus.models import Role
from dus.validators import multi_line, single_line
from portfolio.models import Initiative, LogEntry, Status

MAX_ITEM_MINUTES = 240
DEFAULT_ITEM_MINUTES = 15
CLOSED_STATUSES = [Status.SCALED, Status.ANCHORED, Status.STOPPED]
END_BEFORE_START = _("The end must be after the start.")
ALREADY_ON_AGENDA = _("It is already on the agenda.")
NOT_PLANNED = _("The agenda is published and can no longer be changed.")
DURATION_MESSAGE = _("A duration is between 1 and 240 minutes.")


def can_build(user) -> bool:
    """Staff and group management (with direction) build and publish gatherings."""
    return user.is_group_management or user.has_role(Role.STAFF)


class GatheringQuerySet(models.QuerySet):
    def visible_to(self, user) -> "GatheringQuerySet":
        """Published and held ones for everyone; planned ones only for those who build."""
        return self if can_build(user) else self.exclude(state=Gathering.State.PLANNED)

    def last_held(self) -> "Gathering | None":
        return self.filter(state=Gathering.State.HELD).order_by("-date", "-ends_at").first()


class Gathering(models.Model):
    """A leader gathering (Ledertræf) or a contract-holder seminar, with its agenda."""

    class Kind(models.TextChoices):
        LEDERTRAEF = "ledertraef", _("Ledertræf")
        SEMINAR = "seminar", _("Contract-holder seminar")

    class State(models.TextChoices):
        PLANNED = "planned", _("Being prepared")
        PUBLISHED = "published", _("Published")
        HELD = "held", _("Held")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.LEDERTRAEF)
    title = models.CharField(_("theme"), max_length=200, validators=[single_line])
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts"))
    ends_at = models.TimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, validators=[single_line])
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PLANNED
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    held_at = models.DateTimeField(_("marked held"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Raised by every change a calendar should see (the .ics SEQUENCE) and by edits.
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()
    objects = GatheringQuerySet.as_manager()

    class Meta:
        verbose_name = _("gathering")
        verbose_name_plural = _("gatherings")
        ordering = ["-date", "-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="gathering_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("dialogues:gathering_detail", args=[self.pk])

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": END_BEFORE_START})

    @property
    def is_planned(self) -> bool:
        return self.state == self.State.PLANNED

    @property
    def is_held(self) -> bool:
        return self.state == self.State.HELD

    @property
    def start(self) -> dt.datetime:
        """When it starts, in the portal's time zone."""
        return timezone.make_aware(dt.datetime.combine(self.date, self.starts_at))

    @property
    def end(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.date, self.ends_at))

    # The agenda --------------------------------------------------------------

    def agenda(self, items=None) -> list["AgendaItem"]:
        """The items in order, each with `starts` and `ends` (times of day): an item
        starts when the one before it ends, the first at the gathering's start."""
        if items is None:
            items = self.items.select_related(
                "presenter", "entry__initiative__cluster", "initiative__cluster"
            )
        at = dt.datetime.combine(self.date, self.starts_at)
        agenda = sorted(items, key=lambda item: (item.position, item.pk))
        for item in agenda:
            item.starts = at.time()
            at += dt.timedelta(minutes=item.duration_minutes)
            item.ends = at.time()
        return agenda

    def overruns(self, items=None) -> int:
        """How many minutes the agenda runs past the end time (0 when it fits)."""
        if items is None:
            minutes = self.items.aggregate(total=models.Sum("duration_minutes"))["total"] or 0
        else:
            minutes = sum(item.duration_minutes for item in items)
        length = dt.datetime.combine(self.date, self.ends_at) - dt.datetime.combine(
            self.date, self.starts_at
        )
        return max(0, minutes - int(length.total_seconds() // 60))

    def candidates(self, track=None, problem=None) -> "Candidates":
        """The pool as lists (see `candidate_querysets`)."""
        entries, initiatives = self.candidate_querysets(track=track, problem=problem)
        return Candidates(entries=list(entries), initiatives=list(initiatives))

    def candidate_querysets(self, track=None, problem=None) -> tuple[models.QuerySet, ...]:
        """The pool: learnings flagged for sharing and not yet shared, and initiatives
        scaled, anchored or stopped since the last held gathering, without what is
        already on this agenda; optionally only those of a track or a hard problem."""
        entries = (
            LogEntry.objects.filter(share=True, shared_at__isnull=True)
            .exclude(agenda_items__gathering=self)
            .select_related(
                "author", "initiative__cluster__mission", "initiative__unit", "initiative__owner"
            )
            .order_by("-created_at", "-id")
        )
        initiatives = (
            Initiative.objects.filter(status__in=CLOSED_STATUSES)
            .exclude(agenda_items__gathering=self)
            .select_related("cluster__mission", "unit", "owner")
            .order_by("-status_changed_at", "-id")
        )
        last = Gathering.objects.exclude(pk=self.pk).last_held()
        if last is not None:
            initiatives = initiatives.filter(status_changed_at__gte=last.end)
        if track is not None:
            entries = entries.filter(initiative__cluster__mission__track=track)
            initiatives = initiatives.filter(cluster__mission__track=track)
        if problem is not None:
            entries = entries.filter(
                Q(initiative__problems=problem) | Q(initiative__cluster__mission__problems=problem)
            ).distinct()
            initiatives = initiatives.filter(
                Q(problems=problem) | Q(cluster__mission__problems=problem)
            ).distinct()
        return entries, initiatives

    def _lock(self) -> None:
        """Lock the gathering's row and refuse changes once the agenda is published."""
        state = (
            Gathering.objects.select_for_update().values_list("state", flat=True).get(pk=self.pk)
        )
        if state != self.State.PLANNED:
            raise ValidationError(NOT_PLANNED)

    def _next_position(self) -> int:
        return (self.items.aggregate(top=models.Max("position"))["top"] or 0) + 1

    def add_candidate(self, *, entry=None, initiative=None, by) -> "AgendaItem":
        """Put a learning or an initiative from the pool on the agenda, presented by
        its author or owner, for 15 minutes (both can be changed)."""
        if (entry is None) == (initiative is None):
            raise ValueError("Give a logbook entry or an initiative.")
        with transaction.atomic():
            self._lock()
            if entry is not None:
                values = {
                    "kind": AgendaItem.Kind.LEARNING,
                    "entry": entry,
                    "title": entry.initiative.title,
                    "presenter": entry.author,
                }
                taken = self.items.filter(entry=entry).exists()
            else:
                values = {
                    "kind": AgendaItem.Kind.INITIATIVE,
                    "initiative": initiative,
                    "title": initiative.title,
                    "presenter": initiative.owner,
                }
                taken = self.items.filter(initiative=initiative).exists()
            if taken:
                raise ValidationError(ALREADY_ON_AGENDA)
            try:
                with transaction.atomic():
                    item = AgendaItem(
                        gathering=self,
                        position=self._next_position(),
                        duration_minutes=DEFAULT_ITEM_MINUTES,
                        **values,
                    )
                    item._history_user = by
                    item.save()
            except IntegrityError:
                raise ValidationError(ALREADY_ON_AGENDA) from None
            return item

    def add_free_item(self, *, title: str, duration_minutes: int, presenter=None, by):
        """A free item: velkomst, pause, workshop, opsamling."""
        with transaction.atomic():
            self._lock()
            item = AgendaItem(
                gathering=self,
                kind=AgendaItem.Kind.FREE,
                title=title,
                duration_minutes=duration_minutes,
                presenter=presenter,
                position=self._next_position(),
            )
            item.full_clean(exclude=["gathering"])
            item._history_user = by
            item.save()
            return item

    def _locked_ids(self) -> list[int]:
        self._lock()
        return list(self.items.order_by("position", "id").values_list("pk", flat=True))

    def reorder(self, ordered_ids: list[int], by) -> None:
        """Set the agenda to the given order (after dragging)."""
        with transaction.atomic():
            ids = self._locked_ids()
            if len(set(ordered_ids)) != len(ordered_ids) or set(ordered_ids) != set(ids):
                raise ValidationError(
                    _(
                        "The order must name each item of the agenda once. The agenda may "
                        "have changed meanwhile: reload the page."
                    )
                )
            self._renumber(ordered_ids, by)

    def move(self, item: "AgendaItem", offset: int, by) -> int:
        """Move an item `offset` places (-1 is up); returns its new place."""
        with transaction.atomic():
            ids = self._locked_ids()
            if item.pk not in ids:
                raise ValidationError(_("The item is no longer on the agenda."))
            old = ids.index(item.pk)
            new = min(max(old + offset, 0), len(ids) - 1)
            ids.insert(new, ids.pop(old))
            self._renumber(ids, by)
            return new + 1

    def remove(self, item: "AgendaItem", by) -> None:
        """Take an item off the agenda being built; its history keeps it."""
        with transaction.atomic():
            ids = self._locked_ids()
            if item.pk not in ids:
                return
            ids.remove(item.pk)
            item._history_user = by
            item.delete()
            self._renumber(ids, by)

    def _renumber(self, ordered_ids: list[int], by) -> None:
        current = AgendaItem.objects.in_bulk(ordered_ids)
        changed = []
        for place, pk in enumerate(ordered_ids, start=1):
            if current[pk].position != place:
                current[pk].position = place
                changed.append(current[pk])
        if changed:
            bulk_update_with_history(changed, AgendaItem, ["position"], default_user=by)

    # Publishing and holding ----------------------------------------------------

    def publish(self, by) -> None:
        """Make the agenda readable to everyone signed in and tell the presenters: their
        reminders (now, and a few days before) are written with the publishing, and
        sent by the reminders' pass (dialogues/gathering_mail.py)."""
        with transaction.atomic():
            self._lock()
            if not self.items.exists():
                raise ValidationError(_("Put at least one item on the agenda before publishing."))
            self._change(by, state=self.State.PUBLISHED, published_at=timezone.now())
            sync_presenter_reminders(self)

    def mark_held(self, by) -> int:
        """The gathering has been held: every learning on its agenda is shared, dated
        the gathering's day, and so leaves the pool. Returns how many were marked."""
        with transaction.atomic():
            state = Gathering.objects.select_for_update().values_list("state", flat=True)
            if state.get(pk=self.pk) != self.State.PUBLISHED:
                raise ValidationError(_("Only a published agenda can be marked held."))
            entries = list(
                LogEntry.objects.filter(agenda_items__gathering=self, shared_at__isnull=True)
            )
            for entry in entries:
                entry.shared_at = self.start
            if entries:
                bulk_update_with_history(entries, LogEntry, ["shared_at"], default_user=by)
            self._change(by, state=self.State.HELD, held_at=timezone.now())
            cancel_presenter_reminders(self)
            return len(entries)

    def _change(self, by, **values) -> None:
        for name, value in values.items():
            setattr(self, name, value)
        self.version = F("version") + 1
        self._history_user = by
        self.save()
        self.refresh_from_db()
        log_change("gathering_" + self.state, by, gathering_id=self.pk)


@dataclass
class Candidates:
    """The pool beside an agenda being built."""

    entries: list
    initiatives: list

    def __len__(self) -> int:
        return len(self.entries) + len(self.initiatives)


class AgendaItem(models.Model):
    """One item of a gathering's agenda: a learning, an initiative (scaled, anchored or
    stopped, with its learning) or a free item; with a duration and a presenter, and,
    at and after the gathering, its outcome and who will try it next."""

    class Kind(models.TextChoices):
        LEARNING = "learning", _("Learning")
        INITIATIVE = "initiative", _("Initiative")
        FREE = "free", _("Other item")

    gathering = models.ForeignKey(
        Gathering, on_delete=models.CASCADE, related_name="items", verbose_name=_("gathering")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.FREE)
    entry = models.ForeignKey(
        LogEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("learning"),
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("initiative"),
    )
    title = models.CharField(_("title"), max_length=200, validators=[single_line])
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=DEFAULT_ITEM_MINUTES,
        validators=[
            MinValueValidator(1, message=DURATION_MESSAGE),
            MaxValueValidator(MAX_ITEM_MINUTES, message=DURATION_MESSAGE),
        ],
    )
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("presenter"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    outcome = models.TextField(_("outcome"), max_length=2000, blank=True, validators=[multi_line])
    next_try = models.TextField(
        _("who will try this next"), max_length=1000, blank=True, validators=[multi_line]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["gathering", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "entry"],
                condition=Q(entry__isnull=False),
                name="agendaitem_entry_once",
            ),
            models.UniqueConstraint(
                fields=["gathering", "initiative"],
                condition=Q(initiative__isnull=False),
                name="agendaitem_initiative_once",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=MAX_ITEM_MINUTES),
                name="agendaitem_duration_1_to_240",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def source_initiative(self) -> "Initiative | None":
        """The initiative the item comes from (None for a free item)."""
        return self.entry.initiative if self.entry_id else self.initiative

    @property
    def source_url(self) -> str:
        initiative = self.source_initiative
        return initiative.get_absolute_url() if initiative else ""
