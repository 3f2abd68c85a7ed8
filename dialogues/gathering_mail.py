"""Telling the presenters of a gathering: when its agenda is published, and
GATHERING_REMINDER_DAYS_BEFORE days before it, one plain-text e-mail to each presenter
listing their items with start times.

A kind of the portfolio's reminders ("gathering_presenter", registered in
DialoguesConfig.ready): Gathering.publish writes its rows with the publishing, the
portfolio's sending pass sends them (beat, or `manage.py send_reminders`) and brings the
coming gatherings' rows up to date first (a moved gathering's reminder follows), and
Gathering.mark_held cancels the unsent ones.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dus.models import User
from portfolio.models import Reminder
from portfolio.reminder_kinds import KindSpec
from portfolio.reminders import absolute, cancel_target_reminders, sync_target_reminders

KIND = "gathering_presenter"


def due_times(gathering) -> list[dt.datetime]:
    """When the presenters are told: at publishing, and the configured days before the
    start (at its local time of day) unless that had already passed at publishing."""
    if gathering.state != gathering.State.PUBLISHED or gathering.published_at is None:
        return []
    day = gathering.date - dt.timedelta(days=settings.GATHERING_REMINDER_DAYS_BEFORE)
    before = timezone.make_aware(dt.datetime.combine(day, gathering.starts_at))
    return [gathering.published_at] + ([before] if before > gathering.published_at else [])


def presenters(gathering) -> list[User]:
    """The people presenting an item of the agenda; each once, however many items."""
    return list(
        User.objects.filter(is_active=True, agenda_items__gathering=gathering)
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def sync_presenter_reminders(gathering) -> None:
    """Bring the gathering's presenter reminders up to date with its state, date and
    presenters (none unless it is published)."""
    dues = due_times(gathering)
    sync_target_reminders(KIND, gathering.pk, presenters(gathering) if dues else [], dues)


def cancel_presenter_reminders(gathering) -> int:
    return cancel_target_reminders(KIND, gathering.pk)


def refresh(now: dt.datetime) -> None:
    """Each pass: the published gatherings coming within the reminder days."""
    from dialogues.models import Gathering

    today = timezone.localdate(now)
    horizon = today + dt.timedelta(days=settings.GATHERING_REMINDER_DAYS_BEFORE + 1)
    for gathering in Gathering.objects.filter(
        state=Gathering.State.PUBLISHED, date__gte=today, date__lte=horizon
    ):
        sync_presenter_reminders(gathering)


def _gathering(reminder: Reminder):
    from dialogues.models import Gathering

    return Gathering.objects.filter(pk=reminder.target_id).first()


def _skip_reason(reminder: Reminder, now: dt.datetime) -> str:
    gathering = _gathering(reminder)
    if gathering is None or reminder.due_at not in due_times(gathering):
        return Reminder.SkipReason.OBSOLETE  # held, moved, or gone
    if reminder.due_at != gathering.published_at and gathering.start <= now:
        return Reminder.SkipReason.OBSOLETE  # "a few days before" once it has begun
    if reminder.recipient not in presenters(gathering):
        return Reminder.SkipReason.NOT_RECIPIENT
    return ""


def _context(reminder: Reminder) -> dict:
    gathering = _gathering(reminder)
    return {
        "gathering": gathering,
        "items": [i for i in gathering.agenda() if i.presenter_id == reminder.recipient_id],
        "url": absolute(gathering.get_absolute_url()),
    }


def _subject(reminder: Reminder) -> str:
    gathering = _gathering(reminder)
    values = {"gathering": gathering, "date": date_format(gathering.date, "SHORT_DATE_FORMAT")}
    if reminder.due_at == gathering.published_at:
        return _("You present at %(gathering)s on %(date)s") % values
    return _("Reminder: you present at %(gathering)s on %(date)s") % values


PRESENTER_KIND = KindSpec(
    gettext_lazy("Presenter at a gathering"),
    "dialogues/email/gathering_presenter",
    _subject,
    _context,
    _skip_reason,
    html=False,
    refresh=refresh,
)
