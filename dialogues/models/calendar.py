"""The personal calendar feed: a secret address that Outlook (or any calendar) subscribes
to, with the person's portfolio reviews, contract-holder dialogues and gatherings
(dialogues.calendar builds it). Outlook fetches it without signing in, so the token is
the only key: long and random, and renewable by its owner, which ends the old address."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dus.validators import single_line


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """One person's calendar feed, made the first time they look for it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    # Looked up on every fetch of the feed (unique, so indexed).
    token = models.CharField(
        max_length=64, unique=True, default=new_token, editable=False, validators=[single_line]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    renewed_at = models.DateTimeField(_("renewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)

    @classmethod
    def of(cls, user) -> "CalendarFeed":
        """The person's feed, made on first use."""
        feed, _created = cls.objects.get_or_create(user=user)
        return feed

    def url(self) -> str:
        """The absolute address to subscribe to: Outlook cannot resolve a relative one."""
        return settings.SITE_URL + reverse("dialogues:calendar_feed", args=[self.token])

    def renew(self) -> None:
        """A new secret address, for when the old one may have been seen by others: the
        old one answers 404 from now on, and the calendar must subscribe again."""
        self.token = new_token()
        self.renewed_at = timezone.now()
        self.save(update_fields=["token", "renewed_at"])
