"""Portfolio reviews (porteføljevurderinger): the cluster and group management ask the
document's three questions and decide on each initiative; closing the review applies
the decisions in one transaction."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dus.validators import multi_line, single_line
from missions.models import Cluster
from portfolio.models.initiatives import Initiative

# The document's three questions for a portfolio review.
REVIEW_QUESTIONS = [
    ("relevant_answer", _("Are the initiatives relevant?")),
    ("capacity_answer", _("Can we bear it as an organisation?")),
    ("room_answer", _("Is there room to take in new initiatives?")),
]


class ReviewQuerySet(models.QuerySet):
    def upcoming(self) -> "ReviewQuerySet":
        return self.filter(state=Review.State.SCHEDULED, scheduled_at__gte=timezone.now())

    def overdue(self) -> "ReviewQuerySet":
        return self.filter(state=Review.State.SCHEDULED, scheduled_at__lt=timezone.now())


class Review(models.Model):
    """A portfolio review (porteføljevurdering) of one cluster's portfolio, asking the
    document's three questions and deciding on each initiative."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CLOSED = "closed", _("Closed")

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
        return f"{self.cluster} – {timezone.localtime(self.scheduled_at):%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:review", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED

    def close(self, by) -> None:
        """ "Afslut vurdering": apply every decision and lock the review, all in one
        transaction, so a decision that cannot be applied leaves everything as it was."""
        with transaction.atomic():
            locked = Review.objects.select_for_update().get(pk=self.pk)
            if locked.is_closed:
                raise ValidationError(_("The review is already closed."))
            for decision in locked.decisions.select_related("initiative__cluster"):
                decision.apply(by)
            locked.state = self.State.CLOSED
            locked.closed_at = timezone.now()
            locked.closed_by = by
            locked.version = F("version") + 1
            locked.save()
            cluster = Cluster.objects.select_for_update().get(pk=locked.cluster_id)
            following = (
                cluster.reviews.filter(
                    state=self.State.SCHEDULED, scheduled_at__gt=locked.scheduled_at
                )
                .order_by("scheduled_at")
                .first()
            )
            cluster.next_review_on = (
                timezone.localdate(following.scheduled_at)
                if following
                else timezone.localdate(locked.scheduled_at)
                + timedelta(weeks=cluster.review_cadence_weeks)
            )
            cluster.save(update_fields=["next_review_on", "updated_at"])
        self.refresh_from_db()


class ReviewDecision(models.Model):
    """The review's decision on one initiative: continue, adjust, scale or stop."""

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

    history = HistoricalRecords()

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

    def apply(self, by) -> None:
        """Carry the decision out on the initiative (inside Review.close's transaction)."""
        initiative = self.initiative
        if self.decision == self.Decision.STOP:
            initiative.stop(by, self.stop_reason, self.stop_learning)
        elif self.decision == self.Decision.SCALE:
            initiative.scale(by)
