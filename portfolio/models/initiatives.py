"""Initiatives, trial actions and solutions in a cluster's portfolio, and their logbook.

Lifecycle: idea → planned → running → evaluating → anchored | scaled (running work
too may be scaled, by a steering decision), and any state → stopped (always with a
reason and what was learned). `TRANSITIONS` is its one table. Nothing is deleted: a
stopped initiative stays visible with its reason and learning.
"""

from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from dus.history import HistoricalRecords, one_record
from dus.logs import log_change
from dus.models import HardProblem, Unit
from dus.validators import multi_line, single_line
from missions.models import Cluster

MAX_EFFORT_HOURS = 2000
CORRECTION_WINDOW = timedelta(hours=24)
SCALE_REFUSED = _(
    "Only a running or evaluated initiative can be scaled: “%(title)s” is %(status)s."
)
OVERTAKEN = _("The initiative is already %(status)s.")
NOT_A_MEMBER = _("You can only start initiatives in a cluster you are a member of.")


class Status(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    EVALUATING = "evaluating", _("Evaluating")
    ANCHORED = "anchored", _("Anchored")
    SCALED = "scaled", _("Scaled")
    STOPPED = "stopped", _("Stopped")


ACTIVE_STATUSES = [Status.IDEA, Status.PLANNED, Status.RUNNING, Status.EVALUATING]


class Way(StrEnum):
    """How a transition of the lifecycle is taken, each by its own method."""

    STEP = "step"  # a forward step, a button on the initiative's page: advance
    SCALE = "scale"  # scaling up, a steering decision usually taken at a review: scale
    STOP = "stop"  # stopping, with a reason and what was learned: stop
    REOPEN = "reopen"  # group management takes it up again where it was stopped: reopen


_NOT_STOPPED = [status for status in Status if status != Status.STOPPED]
# The lifecycle: every allowed transition and the ways it is taken. The one table that
# next_steps (the page's buttons), advance, scale, stop, reopen and decision_refusal
# (a review's decisions) read.
TRANSITIONS: dict[tuple[Status, Status], frozenset[Way]] = {
    (Status.IDEA, Status.PLANNED): frozenset({Way.STEP}),
    (Status.PLANNED, Status.RUNNING): frozenset({Way.STEP}),
    (Status.RUNNING, Status.EVALUATING): frozenset({Way.STEP}),
    (Status.EVALUATING, Status.ANCHORED): frozenset({Way.STEP}),
    (Status.EVALUATING, Status.SCALED): frozenset({Way.STEP, Way.SCALE}),
    # Scaling up is open to work that still runs, but as a decision, not a page button:
    # the buttons offer it once the work is evaluated.
    (Status.RUNNING, Status.SCALED): frozenset({Way.SCALE}),
    # Stopping from every other state; reopening back to the one it was stopped in.
    **{(status, Status.STOPPED): frozenset({Way.STOP}) for status in _NOT_STOPPED},
    **{(Status.STOPPED, status): frozenset({Way.REOPEN}) for status in _NOT_STOPPED},
}
# Steps that belong to those who steer the cluster (Cluster.can_steer).
STEERING = {Status.SCALED, Status.STOPPED}


def allows(start: str, target: str, way: Way) -> bool:
    """Whether the lifecycle goes from `start` to `target` this way."""
    return way in TRANSITIONS.get((start, target), ())


class InitiativeQuerySet(models.QuerySet):
    def active(self) -> "InitiativeQuerySet":
        return self.filter(status__in=ACTIVE_STATUSES)

    def owned_by(self, user) -> "InitiativeQuerySet":
        """The initiatives the user owns."""
        return self.filter(owner=user)

    def next_rank(self, cluster) -> int:
        """The rank after the last one in the cluster's portfolio."""
        return (self.filter(cluster=cluster).aggregate(top=Max("rank"))["top"] or 0) + 1

    def load_by_unit(self) -> dict[int | None, dict]:
        """What the units carry ("Kan vi holde til det som organisation?"): per unit id
        (None for no unit), the active initiatives among these, their estimated hours a
        month, and how many have no estimate. One query."""
        rows = (
            self.active()
            .order_by()
            .values("unit")
            .annotate(
                hours=Sum("effort_hours", default=0),
                count=Count("pk"),
                unestimated=Count("pk", filter=Q(effort_hours__isnull=True)),
            )
        )
        return {row.pop("unit"): row for row in rows}

    def with_last_entry(self) -> "InitiativeQuerySet":
        """Annotate the newest logbook entry's kind and text (None without entries);
        its time is the initiative's own `last_entry_at`."""
        newest = LogEntry.objects.filter(initiative=OuterRef("pk")).order_by("-created_at", "-id")
        return self.annotate(
            last_entry_kind=Subquery(newest.values("kind")[:1]),
            last_entry_text=Subquery(newest.values("text")[:1]),
        )

    def stale(self, days: int = 45) -> "InitiativeQuerySet":
        """Active initiatives with no logbook entry in the last `days` days (and older
        than that themselves), annotated with their newest entry's time
        (`newest_entry_at`, the same as `last_entry_at`)."""
        cutoff = timezone.now() - timedelta(days=days)
        return (
            self.active()
            .filter(Q(last_entry_at__isnull=True) | Q(last_entry_at__lt=cutoff))
            .filter(created_at__lt=cutoff)
            .annotate(newest_entry_at=F("last_entry_at"))
        )

    def needing_entry(self) -> "InitiativeQuerySet":
        """Active initiatives that need a logbook entry before their cluster's next
        review: the cluster has a review coming (a scheduled one, not yet closed or
        cancelled, also one whose day has passed), and the logbook has nothing the last
        review did not see: no entry at all, or none since the time of the cluster's
        last closed review. An entry written after a review's time is news for the next
        one, even if the review was closed in the portal later.

        Annotated with `next_review_at` (the earliest scheduled review), `last_review_at`
        (the last closed review, None if none); `last_entry_at` is the initiative's own
        (None without entries). Ordered by the next review, then the portfolio's priority."""
        from portfolio.models.reviews import Review  # reviews.py imports this module

        cluster_reviews = Review.objects.filter(cluster=OuterRef("cluster")).order_by()
        return (
            self.active()
            .annotate(
                next_review_at=Subquery(
                    cluster_reviews.scheduled().order_by("scheduled_at").values("scheduled_at")[:1]
                ),
                last_review_at=Subquery(
                    cluster_reviews.filter(state=Review.State.CLOSED)
                    .order_by("-scheduled_at")
                    .values("scheduled_at")[:1]
                ),
            )
            .filter(next_review_at__isnull=False)
            .filter(Q(last_entry_at__isnull=True) | Q(last_entry_at__lt=F("last_review_at")))
            .order_by("next_review_at", "rank", "pk")
        )


class WithoutSearchVector(models.Manager):
    """Leaves the stored search vector out of every query unless asked for: only the
    database reads it (dus/search.py), and it is kept by a trigger, not by save()."""

    def get_queryset(self):
        return super().get_queryset().defer("search_vector")


class Initiative(models.Model):
    """An initiative, trial action (prøvehandling) or solution in a cluster's portfolio."""

    class Kind(models.TextChoices):
        TRIAL = "trial", _("Trial action")
        INITIATIVE = "initiative", _("Initiative")
        SOLUTION = "solution", _("Solution")

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("cluster")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.TRIAL)
    title = models.CharField(_("title"), max_length=200, validators=[single_line])
    what = models.TextField(_("what is being tried"), max_length=4000, validators=[multi_line])
    hypothesis = models.TextField(
        _("hypothesis"),
        max_length=2000,
        help_text=_("What you expect the initiative to change, and how you will see it."),
        validators=[multi_line],
    )
    problems = models.ManyToManyField(
        HardProblem, related_name="initiatives", blank=True, verbose_name=_("hard problems")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_initiatives",
        verbose_name=_("owner"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("unit"),
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("expected end"), null=True, blank=True)
    effort_hours = models.PositiveIntegerField(
        _("estimated effort (hours per month)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_EFFORT_HOURS)],
    )
    challenges_rules = models.BooleanField(
        _("uses frisættelse or the right to challenge"), default=False
    )
    challenged_rule = models.CharField(
        _("the rule or frame it challenges"), max_length=500, blank=True, validators=[single_line]
    )
    partners = models.CharField(
        _("external partners"), max_length=500, blank=True, validators=[single_line]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IDEA
    )
    status_before_stop = models.CharField(max_length=12, choices=Status.choices, blank=True)
    stop_reason = models.TextField(
        _("why it was stopped"), max_length=4000, blank=True, validators=[multi_line]
    )
    stop_learning = models.TextField(
        _("what we learned"), max_length=4000, blank=True, validators=[multi_line]
    )
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("priority"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    # The newest logbook entry's time (None without entries), kept in step by the
    # database: triggers on the logbook (migration 0008) set it on every insert, delete
    # or move of an entry, whichever way it is written; save() never writes it.
    last_entry_at = models.DateTimeField(_("last logbook entry"), null=True, editable=False)
    # Udbredelse: the initiative this one was started from ("vi vil også prøve det").
    inspired_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspired",
        verbose_name=_("inspired by"),
    )

    # The title, what and hypothesis for the portal's search, kept by a trigger on
    # PostgreSQL (migration 0008); empty and unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(
        m2m_fields=[problems], excluded_fields=["last_entry_at", "search_vector"]
    )
    objects = WithoutSearchVector.from_queryset(InitiativeQuerySet)()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["cluster", "rank", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="initiative_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(effort_hours__isnull=True) | Q(effort_hours__lte=MAX_EFFORT_HOURS),
                name="initiative_effort_at_most_2000",
            ),
            models.CheckConstraint(
                condition=~Q(status="stopped") | (~Q(stop_reason="") & ~Q(stop_learning="")),
                name="initiative_stopped_has_reason_and_learning",
            ),
        ]
        indexes = [
            # The cluster's portfolio, in priority order.
            models.Index(fields=["cluster", "rank"], name="initiative_cluster_rank_idx"),
            # "Mine indsatser".
            models.Index(fields=["owner", "status"], name="initiative_owner_status_idx"),
            # Stale work: active initiatives by their last entry, oldest first.
            models.Index(
                fields=["last_entry_at", "created_at"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="initiative_active_stale_idx",
            ),
            # The dashboard's recent decisions: stopped and scaled, newest first.
            models.Index(
                fields=["-status_changed_at"],
                condition=Q(status__in=[Status.STOPPED, Status.SCALED]),
                name="initiative_decided_idx",
            ),
            # The initiative list of the active ones by title, paged by ids.
            models.Index(
                fields=["title", "id"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="initiative_active_title_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        """Saves every field but `last_entry_at`, which only the logbook's triggers write:
        an initiative read before a new entry must not put back the time it read."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "last_entry_at"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("portfolio:initiative_detail", args=[self.pk])

    @property
    def status_badge(self) -> str:
        """The status as the badge every list shows beside an initiative (a property, not
        an {% include %}: a list of 25 rows included it 25 times, a tenth of its page)."""
        return format_html(
            '<span class="badge badge-small dus-status dus-status-{}">{}</span>',
            self.status,
            self.get_status_display(),
        )

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_stopped(self) -> bool:
        return self.status == Status.STOPPED

    # Who may do what ---------------------------------------------------------

    def can_steer(self, user) -> bool:
        """Stop and scale: whoever steers the cluster (Cluster.can_steer)."""
        return self.cluster.can_steer(user)

    def can_edit(self, user) -> bool:
        """Edit and move forward: the owner, the coordinators and group management."""
        return self.owner_id == user.pk or self.can_steer(user)

    def can_log(self, user) -> bool:
        """Write in the logbook: the owner, the cluster's members and group management."""
        return (
            self.owner_id == user.pk
            or user.is_group_management
            or self.cluster.memberships.current().filter(person=user).exists()
        )

    def can_reopen(self, user) -> bool:
        """Group management, where the lifecycle goes back to the status before the stop."""
        back = self.status_before_stop or Status.IDEA
        return user.is_group_management and allows(self.status, back, Way.REOPEN)

    def next_steps(self, user) -> list[Status]:
        """The lifecycle steps this user may take now (stopping is a step of its own)."""
        steps = [step for step in Status if allows(self.status, step, Way.STEP)]
        if self.can_steer(user):
            return list(steps)
        if self.can_edit(user):
            return [step for step in steps if step not in STEERING]
        return []

    def decision_refusal(self, decision: str) -> str:
        """Why a portfolio review's decision ("continue", "adjust", "scale" or "stop") cannot
        be carried out on the initiative as it is now; "" when it can. The one place of
        this rule: the decision form asks it when a decision is made, so a user hears at
        once; ReviewDecision.apply asks it when the review closes, and `scale` keeps to it.

        An initiative that is no longer active (anchored, scaled or stopped, perhaps from
        its own page after the decision) has overtaken any decision on it."""
        if not self.is_active:
            return OVERTAKEN % {"status": Status(self.status).label.lower()}
        if decision == "scale" and not allows(self.status, Status.SCALED, Way.SCALE):
            return SCALE_REFUSED % {
                "title": self.title,
                "status": Status(self.status).label.lower(),
            }
        return ""

    # Spreading (udbredelse) ---------------------------------------------------

    def adopt(
        self, by, cluster: Cluster, *, title: str, kind: str, what: str, hypothesis: str, problems
    ) -> "Initiative":
        """ "Vi vil også prøve det": a new initiative, owned by `by` in their own unit and
        in a cluster where they are a current member, started from this one and linked
        to it, so the original shows where its learning spread."""
        if not cluster.memberships.current().filter(person=by).exists():
            raise ValidationError(NOT_A_MEMBER)
        adopted = Initiative(
            cluster=cluster,
            kind=kind or self.kind,
            title=title,
            what=what,
            hypothesis=hypothesis,
            owner=by,
            unit_id=by.unit_id,
            created_by=by,
            inspired_by=self,
        )
        with transaction.atomic(), one_record(adopted):  # created with its problems
            adopted.rank = Initiative.objects.next_rank(cluster)
            adopted.save()
            adopted.problems.set(problems)
        return adopted

    # Lifecycle ---------------------------------------------------------------

    def advance(self, status: str, by) -> None:
        """Take one forward step of the lifecycle."""
        if status == Status.STOPPED:
            raise ValidationError(_("Stopping needs a reason and what was learned."))
        if not allows(self.status, status, Way.STEP):
            raise ValidationError(
                _("An initiative that is %(current)s cannot become %(next)s.")
                % {
                    "current": Status(self.status).label.lower(),
                    "next": Status(status).label.lower() if status in Status.values else status,
                }
            )
        if status not in self.next_steps(by):
            raise PermissionDenied
        self._change(by, status=status)

    def stop(self, by, reason: str, learning: str) -> None:
        """Stop the initiative. It stays visible with why and what was learned:
        failing is recorded, not hidden."""
        if not self.can_steer(by):
            raise PermissionDenied
        if not allows(self.status, Status.STOPPED, Way.STOP):
            raise ValidationError(_("The initiative is already stopped."))
        if not reason.strip() or not learning.strip():
            raise ValidationError(_("Stopping needs a reason and what was learned."))
        self._change(
            by,
            status=Status.STOPPED,
            status_before_stop=self.status,
            stop_reason=reason.strip(),
            stop_learning=learning.strip(),
            stopped_at=timezone.now(),
        )

    def scale(self, by) -> None:
        """Scale a running or evaluated initiative up: a decision for the cluster's
        coordinators and group management, usually taken at a portfolio review."""
        if not self.can_steer(by):
            raise PermissionDenied
        if refusal := self.decision_refusal("scale"):
            raise ValidationError(refusal)
        self._change(by, status=Status.SCALED)

    def reopen(self, by) -> None:
        """Group management takes a stopped initiative up again, where it was stopped.
        The reason and learning stay in the history."""
        if not self.can_reopen(by):
            raise PermissionDenied
        self._change(
            by,
            status=self.status_before_stop or Status.IDEA,
            status_before_stop="",
            stop_reason="",
            stop_learning="",
            stopped_at=None,
        )

    def _change(self, by, **values) -> None:
        """Every step of the lifecycle, and its one line in the log (dus.logs)."""
        before = self.status
        values["status_changed_at"] = timezone.now()
        with transaction.atomic():
            for name, value in values.items():
                setattr(self, name, value)
            self.version = F("version") + 1
            self.save()
        self.refresh_from_db()
        log_change("initiative_status", by, initiative_id=self.pk, before=before, after=self.status)


class LogEntryQuerySet(models.QuerySet):
    def to_share(self) -> "LogEntryQuerySet":
        """Flagged for sharing at Ledertræf and not yet shared there: the candidates."""
        return self.filter(share=True, shared_at__isnull=True)


class LogEntry(models.Model):
    """A dated, signed entry in an initiative's logbook: progress, learning, obstacle
    or result. The author may correct it for 24 hours; after that it is fixed."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress")
        LEARNING = "learning", _("Learning")
        OBSTACLE = "obstacle", _("Obstacle")
        RESULT = "result", _("Result")

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        related_name="log_entries",
        verbose_name=_("initiative"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="log_entries",
        verbose_name=_("author"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROGRESS)
    text = models.TextField(_("text"), max_length=4000, validators=[multi_line])
    share = models.BooleanField(_("share at Ledertræf"), default=False)
    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True)
    # Set when the learning has been shared at a Ledertræf (the dialogues app).
    shared_at = models.DateTimeField(_("shared at Ledertræf"), null=True, blank=True)

    # The text for the portal's search, kept by a trigger on PostgreSQL (migration
    # 0008); empty and unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector"])
    objects = WithoutSearchVector.from_queryset(LogEntryQuerySet)()

    class Meta:
        verbose_name = _("logbook entry")
        verbose_name_plural = _("logbook entries")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The newest entry of each initiative ("last logbook entry", stale work).
            models.Index(fields=["initiative", "-created_at"], name="logentry_initiative_new_idx"),
            # The learnings waiting for Ledertræf (to_share), newest first: a small part
            # of the logbook, read on the dashboard and the front page.
            models.Index(
                fields=["-created_at"],
                condition=Q(share=True, shared_at__isnull=True),
                name="logentry_to_share_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def can_correct(self, user, now=None) -> bool:
        now = now or timezone.now()
        return user.pk == self.author_id and now - self.created_at < CORRECTION_WINDOW

    def correct(self, by, *, kind: str, text: str, share: bool) -> None:
        """The author's correction, within 24 hours of writing."""
        if not self.can_correct(by):
            raise PermissionDenied
        self.kind, self.text, self.share = kind, text, share
        self.corrected_at = timezone.now()
        self.save()


# Prioritising ----------------------------------------------------------------


def reorder(cluster: Cluster, ordered_ids: list[int], by, shown: list[int] | None = None) -> int:
    """Set the priority of a cluster's active initiatives to the given order, or, with
    `shown`, of the run of them a page showed (in `shown`'s order, as the page read it):
    a dragged list holds only the pages loaded, and the rows before and after it keep
    their places. Returns the run's offset in the priority (0 for the first place).

    The cluster row is locked (here and in shift_rank), so concurrent changes of order
    are applied one after the other and the ranks stay 1..n without gaps or duplicates.
    A `shown` run that is no longer the portfolio's (another change came first) is
    refused rather than written over it.
    """
    with transaction.atomic():
        active = _locked_active(cluster)
        ids = [pk for pk, _rank in active]
        shown = ids if shown is None else shown
        start = ids.index(shown[0]) if shown and shown[0] in ids else -1
        if (
            start < 0
            or ids[start : start + len(shown)] != shown
            or len(set(ordered_ids)) != len(ordered_ids)
            or set(ordered_ids) != set(shown)
        ):
            raise ValidationError(
                _(
                    "The order must name each active initiative of this portfolio once. "
                    "The portfolio may have changed meanwhile: reload the page."
                )
            )
        _renumber(active, [*ids[:start], *ordered_ids, *ids[start + len(shown) :]], by)
        return start


def shift_rank(initiative: Initiative, offset: int, by) -> tuple[int, int]:
    """Shift an active initiative `offset` places in its portfolio's priority (-1 is up);
    returns its old and new place."""
    with transaction.atomic():
        active = _locked_active(initiative.cluster)
        ids = [pk for pk, _rank in active]
        if initiative.pk not in ids:
            raise ValidationError(_("Only active initiatives are prioritised."))
        old = ids.index(initiative.pk)
        new = min(max(old + offset, 0), len(ids) - 1)
        ids.insert(new, ids.pop(old))
        _renumber(active, ids, by)
        return old + 1, new + 1


def _locked_active(cluster: Cluster) -> list[tuple[int, int]]:
    """The cluster's active initiatives as (id, rank), in priority order, with the
    cluster row locked until the transaction ends."""
    Cluster.objects.select_for_update().get(pk=cluster.pk)
    return list(
        Initiative.objects.filter(cluster=cluster)
        .active()
        .order_by("rank", "id")
        .values_list("pk", "rank")
    )


def _renumber(active: list[tuple[int, int]], ordered_ids: list[int], by) -> None:
    """Ranks 1..n in the given order, writing (and recording in the history) only the
    initiatives whose rank changes: a move in a long portfolio touches two rows."""
    ranks = dict(active)
    places = {pk: place for place, pk in enumerate(ordered_ids, start=1) if ranks[pk] != place}
    changed = list(Initiative.objects.order_by().in_bulk(list(places)).values())
    for initiative in changed:
        initiative.rank = places[initiative.pk]
    if changed:
        bulk_update_with_history(changed, Initiative, ["rank"], default_user=by)
