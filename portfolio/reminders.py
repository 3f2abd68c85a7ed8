"""Reminders: who gets which e-mail when, and the pass that sends the due ones.

Every reminder is a `Reminder` row, written ahead of time by the views that schedule or
move a review or change a cluster's members (`sync_review_reminders`), and sent by
`send_due_reminders`, which Celery beat runs every few minutes (`portfolio.tasks`) and
`manage.py send_reminders` runs by hand. The web request never talks to the broker.

A kind of reminder is an entry in the registry (portfolio/reminder_kinds.py): its e-mail
template, subject, context, the check made just before sending, and what each pass
refreshes. A review reminder's rows come from `sync_review_reminders`, the digest's from
`plan_digests`; an upper app registers its kind in its `AppConfig.ready` and writes its
rows with `sync_target_reminders` (its target's pk in `Reminder.target_id`) and cancels
them with `cancel_target_reminders`.
"""

import datetime as dt
import logging
import smtplib
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dus.models import Role, User
from dus.validators import one_line
from missions.models import Cluster, Membership
from portfolio.models import Initiative, Reminder, Review
from portfolio.reminder_kinds import KINDS, KindSpec, register

log = logging.getLogger(__name__)

Status = Reminder.Status
SkipReason = Reminder.SkipReason

BATCH_SIZE = 100
# A row still "sending" after this long lost its worker mid-send: it is tried again.
CLAIM_LEASE = dt.timedelta(minutes=30)
FIRST_RETRY = dt.timedelta(minutes=5)
LONGEST_RETRY = dt.timedelta(hours=6)
# A digest not planned within a day of its slot (beat was down) waits for next week.
DIGEST_LATE = dt.timedelta(days=1)


def absolute(path: str) -> str:
    return settings.SITE_URL + path


# --- Review reminders: when, and to whom ---


def review_due_times(scheduled_at: dt.datetime, days_before: Iterable[int] = ()) -> list:
    """The reminders' due times, earliest first: the review's local wall-clock time the
    given days before (REMINDER_DAYS_BEFORE), so a reminder keeps the hour across a
    daylight-saving change."""
    local = timezone.make_naive(scheduled_at)
    days = days_before or settings.REMINDER_DAYS_BEFORE
    return sorted(timezone.make_aware(local - dt.timedelta(days=n)) for n in set(days))


def wanted_due_times(review: Review, now: dt.datetime) -> list:
    """The due times that should have rows now: every future one, and the latest one
    already past (a review scheduled at short notice, or a member added late, still
    gets one reminder, not a burst of them)."""
    if not review.is_open or review.scheduled_at <= now:
        return []
    times = review_due_times(review.scheduled_at)
    return [t for t in times if t > now] + [t for t in times if t <= now][-1:]


def _recipients(review: Review):
    members = Membership.objects.current().filter(
        cluster_id=review.cluster_id, person__isnull=False
    )
    owners = Initiative.objects.active().filter(cluster_id=review.cluster_id)
    return User.objects.filter(is_active=True).filter(
        Q(pk__in=members.values("person")) | Q(pk__in=owners.values("owner"))
    )


def review_recipients(review: Review) -> list[User]:
    """The cluster's current members who are people, and the owners of the active
    initiatives in its portfolio; each once."""
    return list(_recipients(review).order_by("first_name", "last_name", "pk"))


def has_review_recipients(review: Review) -> bool:
    """Whether the review has anyone to remind (one query, however many there are)."""
    return _recipients(review).exists()


def _sync(kind: str, rows: dict, people: list[User], dues: list, **target) -> None:
    """Make the kind's rows for one target match `people` × `dues`: create the missing
    ones, revive skipped ones that can now be sent, and delete the unsent ones nobody
    wants any more (an old date, a former member). Sent, failed and cancelled rows stay as
    a record and are never revived (a closed or cancelled review's unsent rows were
    cancelled by Review.close or .cancel); since the due time is part of the unique key,
    they never block a new date's."""
    wanted = {(person.pk, due) for person in people for due in dues}
    unwanted = [
        row.pk
        for key, row in rows.items()
        if key not in wanted and row.status in (Status.PENDING, Status.SKIPPED)
    ]
    Reminder.objects.filter(pk__in=unwanted).delete()
    new = []
    for person in people:
        has_email = bool(person.email.strip())
        for due in dues:
            row = rows.get((person.pk, due))
            if row is None:
                new.append(
                    Reminder(
                        kind=kind,
                        recipient=person,
                        due_at=due,
                        next_attempt_at=due,
                        status=Status.PENDING if has_email else Status.SKIPPED,
                        skip_reason="" if has_email else SkipReason.NO_EMAIL,
                        **target,
                    )
                )
            elif row.status == Status.SKIPPED and has_email:
                Reminder.objects.filter(pk=row.pk, status=Status.SKIPPED).update(
                    status=Status.PENDING, skip_reason="", next_attempt_at=due
                )
    # Two requests syncing at once may both create a row: the constraint keeps one.
    Reminder.objects.bulk_create(new, ignore_conflicts=True)


def sync_review_reminders(review: Review, now: dt.datetime | None = None) -> None:
    """Bring the review's reminder rows up to date with its date and its cluster's
    members and owners. Called where those change (scheduling or moving a review,
    adding or removing a member) and by each sending pass."""
    now = now or timezone.now()
    dues = wanted_due_times(review, now)
    people = review_recipients(review) if dues else []
    with transaction.atomic():
        rows = {
            (row.recipient_id, row.due_at): row
            for row in Reminder.objects.filter(kind=Reminder.Kind.REVIEW, review=review)
        }
        _sync(Reminder.Kind.REVIEW, rows, people, dues, review=review)


def sync_target_reminders(kind: str, target_id: int, people: list[User], dues: list) -> None:
    """For a kind registered by an upper app: make the rows about one target (say, a
    gathering) match `people` × `dues`, as `sync_review_reminders` does for a review."""
    with transaction.atomic():
        rows = {
            (row.recipient_id, row.due_at): row
            for row in Reminder.objects.filter(kind=kind, target_id=target_id)
        }
        _sync(kind, rows, people, dues, target_id=target_id)


def cancel_target_reminders(kind: str, target_id: int) -> int:
    """The target is over (a gathering held): its unsent rows are cancelled, never sent
    or revived, as Review.close does for a review's."""
    return Reminder.objects.filter(kind=kind, target_id=target_id, status=Status.PENDING).update(
        status=Status.CANCELLED
    )


def refresh_review_reminders(now: dt.datetime) -> None:
    """Each pass: the reminders of the reviews coming within the reminder days."""
    horizon = now + dt.timedelta(days=max(settings.REMINDER_DAYS_BEFORE) + 1)
    for review in Review.objects.filter(
        state=Review.State.SCHEDULED, scheduled_at__gt=now, scheduled_at__lte=horizon
    ):
        sync_review_reminders(review, now)


def sync_cluster_reminders(cluster: Cluster) -> None:
    """After a change of members: the reminders of the cluster's coming reviews."""
    now = timezone.now()
    for review in cluster.reviews.filter(state=Review.State.SCHEDULED, scheduled_at__gt=now):
        sync_review_reminders(review, now)


# --- The weekly digest ---


def digest_slot(now: dt.datetime) -> dt.datetime:
    """The latest digest time (DIGEST_WEEKDAY at DIGEST_HOUR, local) at or before now."""
    local = timezone.localtime(now)
    days_back = (local.isoweekday() - settings.DIGEST_WEEKDAY) % 7
    day = local.date() - dt.timedelta(days=days_back)
    slot = timezone.make_aware(dt.datetime.combine(day, dt.time(settings.DIGEST_HOUR)))
    return slot if slot <= now else slot - dt.timedelta(days=7)


def digest_recipients() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, weekly_digest=True, groups__name=Role.GROUP_MANAGEMENT
        ).distinct()
    )


def plan_digests(now: dt.datetime) -> None:
    """Rows for this week's digest, once its time has come (at most a day late)."""
    slot = digest_slot(now)
    if now - slot > DIGEST_LATE:
        return
    planned = set(
        Reminder.objects.filter(kind=Reminder.Kind.DIGEST, due_at=slot).values_list(
            "recipient_id", flat=True
        )
    )
    # Only adds: a row planned already stays, and is checked again when sent.
    _sync(Reminder.Kind.DIGEST, {}, [p for p in digest_recipients() if p.pk not in planned], [slot])


# --- What each kind of reminder says ---


def _review_skip_reason(reminder: Reminder, now: dt.datetime) -> str:
    review = reminder.review
    if not review.is_open or review.scheduled_at <= now:
        return SkipReason.OBSOLETE
    if reminder.due_at not in review_due_times(review.scheduled_at):
        return SkipReason.OBSOLETE  # moved after this row was claimed
    if reminder.recipient not in review_recipients(review):
        return SkipReason.NOT_RECIPIENT
    return ""


def _review_context(reminder: Reminder) -> dict:
    review, person = reminder.review, reminder.recipient
    previous = (
        Review.objects.filter(
            cluster_id=review.cluster_id,
            state=Review.State.CLOSED,
            scheduled_at__lt=review.scheduled_at,
        )
        .order_by("-scheduled_at")
        .first()
    )
    initiatives = list(
        Initiative.objects.active()
        .filter(cluster_id=review.cluster_id, owner=person)
        .with_last_entry()
        .order_by("rank", "pk")
    )
    for initiative in initiatives:
        initiative.url = absolute(initiative.get_absolute_url())
        initiative.needs_update = initiative.last_entry_at is None or bool(
            previous and initiative.last_entry_at < previous.scheduled_at
        )
    return {
        "review": review,
        "cluster": review.cluster,
        # From the day it is sent: a late reminder must not say "in 7 days".
        "days": (timezone.localdate(review.scheduled_at) - timezone.localdate()).days,
        "review_url": absolute(review.get_absolute_url()),
        "previous": previous,
        "initiatives": initiatives,
    }


def _review_subject(reminder: Reminder) -> str:
    review = reminder.review
    return _("Portfolio review of %(cluster)s on %(date)s: update your initiatives") % {
        "cluster": review.cluster.name,
        "date": date_format(timezone.localtime(review.scheduled_at), "SHORT_DATE_FORMAT"),
    }


def _digest_skip_reason(reminder: Reminder, now: dt.datetime) -> str:
    if not reminder.recipient.weekly_digest:
        return SkipReason.OPTED_OUT
    if not reminder.recipient.has_role(Role.GROUP_MANAGEMENT):
        return SkipReason.NOT_RECIPIENT
    return ""


def _digest_context(reminder: Reminder) -> dict:
    stale = (
        Initiative.objects.stale(settings.STALE_DAYS)
        .select_related("owner", "cluster")
        .order_by("newest_entry_at", "created_at")
    )
    overdue = Review.objects.overdue().select_related("cluster").order_by("scheduled_at")
    return {
        "stale": [(i, absolute(i.get_absolute_url())) for i in stale[:15]],
        "stale_count": stale.count(),
        "stale_days": settings.STALE_DAYS,
        "overdue": [(r, absolute(r.get_absolute_url())) for r in overdue[:20]],
        "dashboard_url": absolute(reverse("portfolio:dashboard")),
    }


def _unsubscribe(reminder: Reminder) -> dict:
    return {"List-Unsubscribe": f"<{absolute(reverse('frame:my_settings'))}>"}


register(
    Reminder.Kind.REVIEW,
    KindSpec(
        Reminder.Kind.REVIEW.label,
        "portfolio/email/review_reminder",
        _review_subject,
        _review_context,
        _review_skip_reason,
        refresh=refresh_review_reminders,
    ),
)
register(
    Reminder.Kind.DIGEST,
    KindSpec(
        Reminder.Kind.DIGEST.label,
        "portfolio/email/digest",
        lambda reminder: _("DUS-portalen: this week's stale initiatives and overdue reviews"),
        _digest_context,
        _digest_skip_reason,
        _unsubscribe,
        refresh=plan_digests,
    ),
)


def build_message(reminder: Reminder) -> EmailMultiAlternatives:
    spec = KINDS[reminder.kind]
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "recipient": reminder.recipient,
            "settings_url": absolute(reverse("frame:my_settings")),
        } | spec.context(reminder)
        message = EmailMultiAlternatives(
            # A name stored with a line break must not make the header unsendable.
            subject=one_line(spec.subject(reminder)),
            body=render_to_string(f"{spec.template}.txt", context),
            to=[reminder.recipient.email],
            headers=spec.headers(reminder),
        )
        if spec.html:
            html = render_to_string(f"{spec.template}.html", context)
            message.attach_alternative(html, "text/html")
    return message


# --- The sending pass ---


def claim_due(now: dt.datetime, limit: int | None = None) -> list[Reminder]:
    """Claim up to `limit` due rows for this pass: each row is taken by a conditional
    UPDATE from the state it was read in, so of two passes at once only one gets it
    (on PostgreSQL the second does not even see rows the first has locked)."""
    due = Q(status__in=[Status.PENDING, Status.SENDING], next_attempt_at__lte=now)
    claimed = []
    with transaction.atomic():
        candidates = list(
            Reminder.objects.filter(due)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", "status", "next_attempt_at")[: limit or BATCH_SIZE]
        )
        for pk, status, next_attempt_at in candidates:
            taken = Reminder.objects.filter(
                pk=pk, status=status, next_attempt_at=next_attempt_at
            ).update(
                status=Status.SENDING,
                next_attempt_at=now + CLAIM_LEASE,
                attempts=F("attempts") + 1,
            )
            if taken:
                claimed.append(pk)
    return list(
        Reminder.objects.filter(pk__in=claimed)
        .select_related("recipient", "review__cluster")
        .order_by("next_attempt_at", "pk")
    )


def _finish(reminder: Reminder, **values) -> None:
    Reminder.objects.filter(pk=reminder.pk, status=Status.SENDING).update(**values)


def retry_delay(attempts: int) -> dt.timedelta:
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


class MailServerUnavailable(Exception):
    """The mail server cannot be reached, or dropped the connection: not the fault of the
    reminder being sent, so it does not count as one of its tries."""


def server_unavailable(error: BaseException) -> bool:
    """Whether an error of the mail backend means the server is away (refused or timed-out
    connection, a dropped one, a 4xx greeting), rather than that it refused a message.
    smtplib's errors are OSErrors too: only the connection-level ones count here."""
    if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def release(reminders: list[Reminder], error: BaseException, now: dt.datetime) -> int:
    """Give claimed rows back, pending and due at once, without counting the try: the
    mail server was away. The next pass tries them again, however long it is away."""
    return Reminder.objects.filter(pk__in=[r.pk for r in reminders], status=Status.SENDING).update(
        status=Status.PENDING,
        attempts=F("attempts") - 1,
        next_attempt_at=now,
        last_error=f"{type(error).__name__}: {error}"[:1000],
    )


def deliver(reminder: Reminder, connection, now: dt.datetime) -> str:
    """Send one claimed reminder; returns its new status. An error about this message (a
    refused address) leaves it pending for a later try, until REMINDER_MAX_ATTEMPTS; the
    server being away raises MailServerUnavailable, which ends the pass."""
    reason = KINDS[reminder.kind].skip_reason(reminder, now)
    if not reason and not reminder.recipient.email.strip():
        reason = SkipReason.NO_EMAIL
    if reason:
        _finish(reminder, status=Status.SKIPPED, skip_reason=reason)
        return Status.SKIPPED
    try:
        if connection.send_messages([build_message(reminder)]) != 1:
            raise RuntimeError("the mail backend did not accept the message")
    except Exception as error:  # whatever the backend raises: one row must not stop the rest
        if server_unavailable(error):
            raise MailServerUnavailable(error) from error
        log.warning("Reminder %s to %s failed: %s", reminder.pk, reminder.recipient.email, error)
        failed = reminder.attempts >= settings.REMINDER_MAX_ATTEMPTS
        status = Status.FAILED if failed else Status.PENDING
        _finish(
            reminder,
            status=status,
            last_error=f"{type(error).__name__}: {error}"[:1000],
            next_attempt_at=now + retry_delay(reminder.attempts),
        )
        return status
    _finish(reminder, status=Status.SENT, sent_at=timezone.now(), last_error="")
    return Status.SENT


def send_due_reminders(now: dt.datetime | None = None) -> Counter:
    """One pass: let each kind bring its rows up to date (this week's digest when its
    time has come, the reminders of the coming reviews and gatherings), then claim and
    send every due row. Returns how many rows ended in each status.

    When the mail server is away (SMTP down), the pass gives the rows it claimed back,
    pending and with their tries uncounted, and ends: they go out, once, at the first pass
    after the server is back, and the pass does not wait out a connection timeout for each
    row."""
    now = now or timezone.now()
    for spec in list(KINDS.values()):
        if spec.refresh:
            spec.refresh(now)
    counts: Counter = Counter()
    connection = mailers.default
    while batch := claim_due(now):
        done = 0
        try:
            try:
                connection.open()  # one connection for the batch, where the server answers
            except Exception as error:
                if server_unavailable(error):
                    raise MailServerUnavailable(error) from error
                log.warning("Cannot open the mail connection: %s", error)
            for reminder in batch:
                counts[deliver(reminder, connection, now)] += 1
                done += 1
        except MailServerUnavailable as error:
            counts[Status.PENDING] += release(batch[done:], error.__cause__ or error, now)
            log.warning(
                "The mail server is unavailable; reminders wait for the next pass: %s", error
            )
            return counts
        finally:
            connection.close()
    return counts
