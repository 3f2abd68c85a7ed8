"""A gathering's .ics file, read back with icalendar: times in Europe/Copenhagen, a
UID that stays, and a SEQUENCE raised by a change."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.factories import make_gathering

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def _event(client, gathering):
    response = client.get(reverse("dialogues:gathering_calendar", args=[gathering.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    return event


def test_it_gives_the_times_in_copenhagen_and_a_stable_uid(client, staff_member, outsider):
    gathering = make_gathering(
        state="published", date=dt.date(2026, 6, 4), starts_at=dt.time(9), ends_at=dt.time(12)
    )
    client.force_login(outsider)
    event = _event(client, gathering)
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == dt.datetime(2026, 6, 4, 9, tzinfo=CPH)
    assert str(start.tzinfo) == "Europe/Copenhagen" and end.hour == 12
    assert str(event["uid"]) == f"gathering-{gathering.pk}@dus-portalen"
    assert event["summary"] == str(gathering)
    assert event["location"] == gathering.place


def test_it_raises_the_sequence_when_the_gathering_moves(client, staff_member):
    gathering = make_gathering(state="published", date=dt.date(2026, 6, 4))
    client.force_login(staff_member)
    before = _event(client, gathering)
    response = client.post(
        reverse("dialogues:gathering_edit", args=[gathering.pk]),
        {
            "kind": "ledertraef",
            "title": gathering.title,
            "date": "2026-06-11",
            "starts_at": "10:00",
            "ends_at": "13:00",
            "place": "Kulturhuset",
            "read_version": gathering.version,
        },
    )
    assert response.status_code == 302
    after = _event(client, gathering)
    assert after["uid"] == before["uid"]
    assert int(after["sequence"]) > int(before["sequence"])
    assert after.decoded("dtstart") == dt.datetime(2026, 6, 11, 10, tzinfo=CPH)


def test_it_hides_an_unpublished_gathering_s_calendar(client, outsider):
    gathering = make_gathering()
    client.force_login(outsider)
    response = client.get(reverse("dialogues:gathering_calendar", args=[gathering.pk]))
    assert response.status_code == 404
