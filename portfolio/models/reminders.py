"""Reminders: one database row per e-mail that must go out once (DOMAIN.md: "nobody
forgets a portfolio review"). Rows are created ahead of time by portfolio/reminders.py
and sent by a periodic pass; never by Celery ETA tasks (see STACK.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dus.validators import multi_line
from portfolio.reminder_kinds import kind_choices


class Reminder(models.Model):
    """One e-mail to one person about one thing (a review, the weekly digest, or what an
    upper app registered: portfolio/reminder_kinds.py), due at a given time. The unique
    constraints make sending the same reminder twice impossible; a moved review gets new
    rows, because the due time is part of the key."""

    # The portfolio's own kinds; the choices are every registered kind.
    class Kind(models.TextChoices):
        REVIEW = "review", _("Review reminder")
        DIGEST = "digest", _("Weekly digest")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent")
        # Closing or cancelling the review cancels its unsent rows (Review.close, .cancel):
        # never sent, never revived by a later sync.
        CANCELLED = "cancelled", pgettext_lazy("reminder", "Cancelled")

    class SkipReason(models.TextChoices):
        NO_EMAIL = "no_email", _("The person has no e-mail address.")
        OPTED_OUT = "opted_out", _("The person has turned it off.")
        NOT_RECIPIENT = "not_recipient", _("The person is no longer a recipient.")
        OBSOLETE = "obsolete", _("The review was moved, closed or cancelled, or has taken place.")

    kind = models.CharField(_("kind"), max_length=20, choices=kind_choices)
    review = models.ForeignKey(
        "portfolio.Review",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("review"),
    )
    # What a kind registered by an upper app is about (a gathering's pk), which the
    # portfolio cannot point a foreign key at; null for reviews and the digest.
    target_id = models.PositiveIntegerField(_("about"), null=True, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When the next pass may (re)try it; for a row being sent, when its claim runs out.
    next_attempt_at = models.DateTimeField(_("next attempt"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Written by the sending pass, cut to this length (portfolio/reminders.py).
    last_error = models.TextField(
        _("last error"), max_length=1000, blank=True, validators=[multi_line]
    )
    skip_reason = models.CharField(
        _("why not sent"), max_length=20, choices=SkipReason.choices, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "review", "recipient", "due_at"],
                condition=Q(review__isnull=False),
                name="reminder_once_per_review_recipient_due",
            ),
            models.UniqueConstraint(
                fields=["kind", "target_id", "recipient", "due_at"],
                condition=Q(target_id__isnull=False),
                name="reminder_once_per_target_recipient_due",
            ),
            # NULL reviews never collide in a unique index: the digest needs its own.
            models.UniqueConstraint(
                fields=["kind", "recipient", "due_at"],
                condition=Q(review__isnull=True, target_id__isnull=True),
                name="reminder_once_per_recipient_due",
            ),
        ]
        indexes = [
            # send_due_reminders: pending (or stuck sending) rows whose attempt is due.
            models.Index(fields=["status", "next_attempt_at"], name="reminder_due_idx"),
        ]

    def __str__(self) -> str:
        due = date_format(timezone.localtime(self.due_at), "SHORT_DATETIME_FORMAT")
        return f"{self.get_kind_display()} → {self.recipient} ({due})"
