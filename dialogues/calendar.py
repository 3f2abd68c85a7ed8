"""Gatherings as iCalendar (.ics) files, with the `icalendar` library: times in
Europe/Copenhagen, a UID that stays the gathering's whatever changes, and a SEQUENCE
that is its version, so a calendar replaces an older copy of the event."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from icalendar import Calendar, Event

from dus.validators import one_line

TIME_ZONE = ZoneInfo("Europe/Copenhagen")


def gathering_event(gathering, request: HttpRequest) -> Event:
    event = Event()
    event.add("uid", f"gathering-{gathering.pk}@dus-portalen")
    event.add("sequence", gathering.version)
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", dt.datetime.combine(gathering.date, gathering.starts_at, TIME_ZONE))
    event.add("dtend", dt.datetime.combine(gathering.date, gathering.ends_at, TIME_ZONE))
    event.add("summary", one_line(str(gathering)))
    event.add("location", one_line(gathering.place))
    url = request.build_absolute_uri(gathering.get_absolute_url())
    event.add("url", url)
    lines = [
        f"{item.starts:%H:%M} {one_line(item.title)}"
        + (f" ({one_line(str(item.presenter))})" if item.presenter else "")
        for item in gathering.agenda()
    ]
    event.add("description", "\n".join([*lines, "", url]))
    return event


def gathering_ics(gathering, request: HttpRequest) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//DUS-portalen//Skanderborg Kommune//DA")
    calendar.add("version", "2.0")
    calendar.add_component(gathering_event(gathering, request))
    calendar.add_missing_timezones()
    return calendar.to_ical()
