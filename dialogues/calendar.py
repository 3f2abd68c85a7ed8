"""The portal's meetings as iCalendar, with the `icalendar` library: a gathering's own
.ics file, and each person's calendar feed (`CalendarFeed`) with their portfolio
reviews, contract-holder dialogues and gatherings, for Outlook to subscribe to.

Every event has a UID that stays its object's whatever changes (`review-<pk>@…`,
`dialogue-<pk>@…`, `gathering-<pk>@…`), and a SEQUENCE that rises with every change,
so a calendar replaces its older copy of a moved event rather than adding a second.
Times are in Europe/Copenhagen, with the time zone included in the file. A cancelled
review is sent with STATUS:CANCELLED; a dialogue cannot be cancelled (it has no such
state), and a gathering is listed once its agenda is published.
"""

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.text import capfirst

from dialogues.models import AgendaItem, Dialogue, Gathering
from dus.validators import one_line
from portfolio.models import Review

if TYPE_CHECKING:  # imported where used: icalendar holds ~7 MB in every process
    from icalendar import Event

TIME_ZONE = ZoneInfo("Europe/Copenhagen")
PRODID = "-//DUS-portalen//Skanderborg Kommune//DA"
# Reviews and dialogues record only when they start: in a calendar they last an hour.
MEETING_LENGTH = dt.timedelta(hours=1)
# The feed holds what is recent enough to look back on and what is planned this year.
FEED_PAST = dt.timedelta(days=90)
FEED_AHEAD = dt.timedelta(days=365)


def absolute_url(obj) -> str:
    """The object's page as a calendar must link to it: with the portal's address."""
    return settings.SITE_URL + obj.get_absolute_url()


def _meeting(
    obj, kind: str, *, sequence: int, start, end, summary, place, lines=(), cancelled=False
) -> "Event":
    from icalendar import Event

    url = absolute_url(obj)
    return Event.new(
        uid=f"{kind}-{obj.pk}@dus-portalen",
        sequence=sequence,
        start=start.astimezone(TIME_ZONE),
        end=end.astimezone(TIME_ZONE),
        summary=one_line(summary),
        location=one_line(place) or None,
        url=url,
        description="\n".join([*lines, url]),
        status="CANCELLED" if cancelled else "CONFIRMED",
    )


def gathering_event(gathering: Gathering, items=None) -> "Event":
    """A published or held gathering, with its agenda; SEQUENCE is its version, which
    every edit, publishing and marking it held raise."""
    lines = [
        f"{time_format(item.starts)} {one_line(item.title)}"
        + (f" ({one_line(str(item.presenter))})" if item.presenter else "")
        for item in gathering.agenda(items)
    ]
    return _meeting(
        gathering,
        "gathering",
        sequence=gathering.version,
        start=dt.datetime.combine(gathering.date, gathering.starts_at, TIME_ZONE),
        end=dt.datetime.combine(gathering.date, gathering.ends_at, TIME_ZONE),
        summary=str(gathering),
        place=gathering.place,
        lines=[*lines, ""] if lines else [],
    )


def review_event(review: Review) -> "Event":
    """A portfolio review. Its SEQUENCE is the number of its recorded versions
    (`with_changes`): moving a review (Review.reschedule) does not raise its `version`,
    which guards the answers form, but does record a version. A cancelled review stays,
    cancelled, so a calendar that has it takes it out."""
    summary = f"{capfirst(Review._meta.verbose_name)}: {review.cluster}"
    if review.is_cancelled:
        summary = f"{review.get_state_display()}: {summary}"
    return _meeting(
        review,
        "review",
        sequence=review.changes,
        start=review.scheduled_at,
        end=review.scheduled_at + MEETING_LENGTH,
        summary=summary,
        place=review.place,
        cancelled=review.is_cancelled,
    )


def dialogue_event(dialogue: Dialogue) -> "Event":
    """A contract-holder dialogue, with its three participants (never its preparation or
    notes: the feed's address is a secret, but a secret can travel). SEQUENCE is its
    version, which every saved preparation and note raises."""
    field = Dialogue._meta.get_field
    lines = [
        f"{capfirst(field(role).verbose_name)}: {getattr(dialogue, role)}"
        for role in ("contract_holder", "director", "head_of_department")
    ]
    return _meeting(
        dialogue,
        "dialogue",
        sequence=dialogue.version,
        start=dialogue.scheduled_at,
        end=dialogue.scheduled_at + MEETING_LENGTH,
        summary=f"{capfirst(Dialogue._meta.verbose_name)}: {dialogue.unit}",
        place=dialogue.place,
        lines=[*lines, ""],
    )


def _to_ical(events, **details) -> bytes:
    from icalendar import Calendar

    calendar = Calendar.new(prodid=PRODID, subcomponents=events, **details)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def gathering_ics(gathering: Gathering, request: HttpRequest | None = None) -> bytes:
    """One gathering as an .ics file. (`request` is not needed: links are built from
    SITE_URL, as in the feed.)"""
    return _to_ical([gathering_event(gathering)])


def with_changes(reviews):
    """Annotate each review with `changes`, the number of its recorded versions, in the
    same query."""
    history = Review.history.model.objects.filter(id=OuterRef("pk")).order_by()
    count = history.values("id").annotate(n=Count("*")).values("n")
    return reviews.annotate(changes=Coalesce(Subquery(count, output_field=IntegerField()), 0))


def feed_ics(user, now: dt.datetime | None = None) -> bytes:
    """The person's calendar feed, from FEED_PAST ago to FEED_AHEAD from now:

    - the portfolio reviews of the clusters they are a current member of, and those they
      take part in (`Review.objects.of_person`), cancelled ones included, as cancelled;
    - the contract-holder dialogues where they are the contract holder, the director or
      the head of department;
    - every published or held gathering: Ledertræf and the seminars are for all
      leaders, not only for those who present; one still being prepared is not there.

    Only what the person may open is listed, and each event links to its page. Five
    queries whatever the amount of data."""
    now = now or timezone.now()
    since, until = now - FEED_PAST, now + FEED_AHEAD
    reviews = with_changes(
        Review.objects.of_person(user)
        .filter(scheduled_at__range=(since, until))
        .select_related("cluster")
    )
    dialogues = (
        Dialogue.objects.with_participant(user)
        .filter(scheduled_at__range=(since, until))
        .select_related("unit", "contract_holder", "director", "head_of_department")
    )
    gatherings = (
        Gathering.objects.exclude(state=Gathering.State.PLANNED)
        .filter(date__range=(timezone.localdate(since), timezone.localdate(until)))
        .prefetch_related(
            Prefetch("items", queryset=AgendaItem.objects.select_related("presenter"))
        )
    )
    events = [
        *(review_event(review) for review in reviews),
        *(dialogue_event(dialogue) for dialogue in dialogues),
        *(gathering_event(gathering, gathering.items.all()) for gathering in gatherings),
    ]
    events.sort(key=lambda event: event.decoded("dtstart"))
    return _to_ical(
        events,
        uid=f"feed-{user.pk}@dus-portalen",
        name="DUS-portalen",
        refresh_interval=dt.timedelta(hours=1),
    )
