"""Portfolio reviews (porteføljevurderinger): the cluster and group management ask the
document's three questions and decide on each initiative. A review is scheduled, may be
moved or cancelled, and is closed, which applies the decisions in one transaction; each
of these is a method here, and each keeps the cluster's next review date in step."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dus.history import HistoricalRecords
from dus.logs import log_change
from dus.validators import multi_line, single_line
from missions.models import Cluster, Membership
from portfolio.models.initiatives import Initiative, Status
from portfolio.models.reminders import Reminder

# The document's three questions for a portfolio review.
REVIEW_QUESTIONS = [
    ("relevant_answer", _("Are the initiatives relevant?")),
    ("capacity_answer", _("Can we bear it as an organisation?")),
    ("room_answer", _("Is there room to take in new initiatives?")),
]


class ReviewQuerySet(models.QuerySet):
    def scheduled(self) -> "ReviewQuerySet":
        return self.filter(state=Review.State.SCHEDULED)

    def overdue(self) -> "ReviewQuerySet":
        return self.scheduled().filter(scheduled_at__lt=timezone.now())

    def upcoming(self) -> "ReviewQuerySet":
        """Scheduled from now on, the earliest first."""
        return self.scheduled().filter(scheduled_at__gte=timezone.now()).order_by("scheduled_at")

    def of_person(self, user) -> "ReviewQuerySet":
        """The reviews a person is expected at: those of the clusters they are a current
        member of, and those they were asked to take part in (their calendar feed)."""
        clusters = Membership.objects.current().filter(person=user).values("cluster")
        taking_part = Review.participants.through.objects.filter(user=user).values("review")
        return self.filter(Q(cluster__in=clusters) | Q(pk__in=taking_part))


def update_next_review(cluster_id: int) -> None:
    """Recompute the cluster's next review date (Cluster.next_review_on) from its reviews.
    The one writer of that field, called by Review.schedule, .reschedule, .close and
    .cancel inside their transactions, with the cluster's row locked:

    - the date of the cluster's earliest review still scheduled from today on;
    - else the date the next review is due: the last closed review's date plus the
      cluster's cadence (a past date then says a review is overdue);
    - else None: not scheduled.

    A scheduled review whose day has passed without being closed is overdue
    (`Review.objects.overdue()`), not the next one: a review moved into the past no
    longer holds a future date."""
    today = timezone.localdate()
    reviews = Review.objects.filter(cluster_id=cluster_id)
    coming = reviews.scheduled().filter(scheduled_at__date__gte=today).order_by("scheduled_at")
    if coming := coming.values_list("scheduled_at", flat=True).first():
        next_on = timezone.localdate(coming)
    elif held := reviews.filter(state=Review.State.CLOSED).order_by("-scheduled_at").first():
        cadence = Cluster.objects.values_list("review_cadence_weeks", flat=True).get(pk=cluster_id)
        next_on = timezone.localdate(held.scheduled_at) + timedelta(weeks=cadence)
    else:
        next_on = None
    Cluster.objects.filter(pk=cluster_id).update(next_review_on=next_on)


class Review(models.Model):
    """A portfolio review (porteføljevurdering) of one cluster's portfolio, asking the
    document's three questions and deciding on each initiative."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CLOSED = "closed", pgettext_lazy("review", "Closed")
        CANCELLED = "cancelled", pgettext_lazy("review", "Cancelled")

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("cluster")
    )
    scheduled_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True, validators=[single_line])
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="reviews", blank=True, verbose_name=_("participants")
    )
    relevant_answer = models.TextField(
        _("Are the initiatives relevant?"), max_length=4000, blank=True, validators=[multi_line]
    )
    capacity_answer = models.TextField(
        _("Can we bear it as an organisation?"),
        max_length=4000,
        blank=True,
        validators=[multi_line],
    )
    room_answer = models.TextField(
        _("Is there room to take in new initiatives?"),
        max_length=4000,
        blank=True,
        validators=[multi_line],
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SCHEDULED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    cancel_reason = models.TextField(
        _("why it was cancelled"), blank=True, max_length=2000, validators=[multi_line]
    )
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()
    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("portfolio review")
        verbose_name_plural = _("portfolio reviews")
        ordering = ["-scheduled_at"]
        indexes = [
            # Upcoming and overdue reviews (dashboard, reminders).
            models.Index(fields=["state", "scheduled_at"], name="review_state_date_idx"),
        ]

    def __str__(self) -> str:
        when = date_format(timezone.localtime(self.scheduled_at), "SHORT_DATE_FORMAT")
        return f"{self.cluster} – {when}"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:review_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        """Scheduled: it can still be moved, answered, decided on, closed or cancelled."""
        return self.state == self.State.SCHEDULED

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED

    @property
    def is_cancelled(self) -> bool:
        return self.state == self.State.CANCELLED

    @classmethod
    def schedule(cls, cluster: Cluster, scheduled_at, by, place: str = "", participants=()):
        """Schedule a review of the cluster's portfolio; the cluster's next review date
        follows. (Its reminders are planned by portfolio.reminders.sync_review_reminders.)"""
        with transaction.atomic():
            Cluster.objects.select_for_update().get(pk=cluster.pk)
            review = cls(cluster=cluster, scheduled_at=scheduled_at, place=place, created_by=by)
            review._history_user = by
            review.save()
            review.participants.set(participants)
            update_next_review(cluster.pk)
        return review

    def reschedule(self, scheduled_at, place: str, by) -> None:
        """ "Flyt vurderingen": a new time or place, also one in the past (a meeting held
        on another day); the cluster's next review date follows."""
        with transaction.atomic():
            locked = self._lock_open()
            locked.scheduled_at, locked.place = scheduled_at, place
            locked._history_user = by
            locked.save(update_fields=["scheduled_at", "place"])
            update_next_review(locked.cluster_id)
        self.refresh_from_db()

    def close(self, by) -> None:
        """ "Afslut vurdering": apply the decisions and lock the review, in one transaction.
        A decision the initiative has overtaken (anchored or stopped from its own page
        meanwhile) is skipped and recorded as such, so a review never gets stuck; one the
        lifecycle refuses leaves everything as it was. The unsent reminders are cancelled
        and the cluster's next review date follows."""
        with transaction.atomic():
            locked = self._lock_open()
            # The initiatives are locked too: what is checked is what is changed.
            decisions = locked.decisions.current().select_related("initiative__cluster")
            for decision in decisions.select_for_update():
                decision.apply(by)
            locked.state = self.State.CLOSED
            locked.closed_at = timezone.now()
            locked.closed_by = by
            locked._end(by)
        self.refresh_from_db()

    def cancel(self, by, reason: str = "") -> None:
        """Call off a scheduled review. It stays visible as cancelled, with who, when and
        why; its decisions are not applied, its unsent reminders are cancelled, and the
        cluster's next review date follows."""
        with transaction.atomic():
            locked = self._lock_open()
            locked.state = self.State.CANCELLED
            locked.cancelled_at = timezone.now()
            locked.cancelled_by = by
            locked.cancel_reason = reason.strip()
            locked._end(by)
        self.refresh_from_db()

    def _lock_open(self) -> "Review":
        """Lock the cluster's row (so its next review date is recomputed by one change
        at a time; the cluster before its reviews and initiatives, as in ranking), then
        the review's; refuse unless the review is still scheduled."""
        Cluster.objects.select_for_update().get(pk=self.cluster_id)
        locked = Review.objects.select_for_update().get(pk=self.pk)
        if locked.is_closed:
            raise ValidationError(_("The review is already closed."))
        if locked.is_cancelled:
            raise ValidationError(_("The review is cancelled."))
        return locked

    def _end(self, by) -> None:
        """Save a review that was just closed or cancelled (locked by _lock_open)."""
        self.version = F("version") + 1
        self._history_user = by
        self.save()
        log_change("review_" + self.state, by, review_id=self.pk)
        self.reminders.filter(status=Reminder.Status.PENDING).update(
            status=Reminder.Status.CANCELLED
        )
        update_next_review(self.cluster_id)


class ReviewDecisionQuerySet(models.QuerySet):
    def current(self) -> "ReviewDecisionQuerySet":
        """The decisions that stand: not withdrawn."""
        return self.exclude(state=ReviewDecision.State.WITHDRAWN)


class ReviewDecision(models.Model):
    """The review's decision on one initiative: continue, adjust, scale or stop. While the
    review is open it can be changed or withdrawn (the row stays, withdrawn, so the
    history keeps it); closing the review carries it out or, where the initiative has
    overtaken it, records that it was skipped."""

    class State(models.TextChoices):
        DECIDED = "decided", _("Decided")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        APPLIED = "applied", _("Carried out")
        SKIPPED = "skipped", _("Not carried out")

    class Decision(models.TextChoices):
        CONTINUE = "continue", _("Continue")
        ADJUST = "adjust", _("Adjust")
        SCALE = "scale", _("Scale")
        STOP = "stop", _("Stop")

    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("review")
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("initiative")
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    rationale = models.TextField(
        _("rationale"), blank=True, max_length=4000, validators=[multi_line]
    )
    stop_reason = models.TextField(
        _("why it is stopped"), blank=True, max_length=4000, validators=[multi_line]
    )
    stop_learning = models.TextField(
        _("what we learned"), blank=True, max_length=4000, validators=[multi_line]
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DECIDED
    )
    # A skipped decision: the initiative's status that overtook it when the review closed.
    overtaken_by = models.CharField(
        _("overtaken by"), max_length=12, choices=Status.choices, blank=True
    )

    history = HistoricalRecords()
    objects = ReviewDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["initiative__rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "initiative"], name="reviewdecision_one_per_initiative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.get_decision_display()}"

    @property
    def is_overtaken(self) -> bool:
        """On an open review: the initiative is no longer active, so closing the review
        will skip this decision."""
        return self.state == self.State.DECIDED and not self.initiative.is_active

    def refusal(self) -> str:
        """Why the decision cannot be carried out now ("" if it can): Initiative's rule."""
        return self.initiative.decision_refusal(self.decision)

    def withdraw(self, by) -> None:
        """Take the decision back while the review is open. Nothing is deleted: the row
        stays, withdrawn, with who withdrew it; deciding again takes the row up again."""
        self.state = self.State.WITHDRAWN
        self.decided_by = by
        self._history_user = by
        self.save()
        log_change("decision_withdrawn", by, decision_id=self.pk, initiative_id=self.initiative_id)

    def apply(self, by) -> None:
        """Carry the decision out on the initiative (inside Review.close's transaction,
        which has locked both). A decision the initiative has overtaken is skipped, and
        the skip recorded for the minutes; one the lifecycle refuses raises
        ValidationError, so that the whole close is rolled back."""
        initiative = self.initiative
        if not initiative.is_active:
            self.state, self.overtaken_by = self.State.SKIPPED, initiative.status
        else:
            if refusal := self.refusal():
                raise ValidationError(refusal)
            if self.decision == self.Decision.STOP:
                initiative.stop(by, self.stop_reason, self.stop_learning)
            elif self.decision == self.Decision.SCALE:
                initiative.scale(by)
            self.state = self.State.APPLIED
        self._history_user = by
        self.save(update_fields=["state", "overtaken_by"])
        log_change(
            "decision_" + self.state, by, decision_id=self.pk, initiative_id=self.initiative_id
        )
