"""The personal calendar feed, read back with icalendar: each person's reviews, dialogues
and gatherings and nobody else's, times in Europe/Copenhagen, a UID that stays and a
SEQUENCE that rises when an event moves, cancelled reviews sent as cancelled; the secret
address, which works without signing in and which its owner can renew."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from dialogues.models import CalendarFeed
from missions.models import Membership
from portfolio.models import Review
from tests.factories import make_cluster, make_dialogue, make_gathering, make_user

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def days(n: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=n)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def feed_url(user) -> str:
    return reverse("dialogues:calendar_feed", args=[CalendarFeed.of(user).token])


def events(client, user) -> dict:
    """The person's feed, fetched as Outlook does (not signed in): UID -> event."""
    response = client.get(feed_url(user))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return {str(e["uid"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


@pytest.fixture
def world(frame, contract_holder, coordinator, outsider):
    """contract_holder: a member of one cluster, a participant in another cluster's
    review, a former member of a third, and the contract holder of a dialogue."""
    mine = make_cluster(coordinators=[coordinator], members=[contract_holder])
    other = make_cluster(coordinators=[coordinator])
    former = make_cluster(coordinators=[coordinator], members=[contract_holder])
    Membership.objects.filter(cluster=former, person=contract_holder).update(
        ended_at=timezone.now()
    )
    return {
        "member": Review.schedule(mine, days(10), coordinator, place="Rådhuset"),
        "participant": Review.schedule(
            other, days(20), coordinator, participants=[contract_holder]
        ),
        "others": Review.schedule(other, days(30), coordinator),
        "former": Review.schedule(former, days(40), coordinator),
        "dialogue": make_dialogue(
            unit=contract_holder.unit, scheduled_at=days(5), prep_operations="Fortroligt"
        ),
        "other_dialogue": make_dialogue(scheduled_at=days(6)),
        "gathering": make_gathering(
            state="published", date=timezone.localdate() + dt.timedelta(days=15)
        ),
        "held": make_gathering(state="held", date=timezone.localdate() - dt.timedelta(days=30)),
        "planned": make_gathering(date=timezone.localdate() + dt.timedelta(days=25)),
    }


def uid(kind: str, obj) -> str:
    return f"{kind}-{obj.pk}@dus-portalen"


def test_it_lists_each_kind_of_event_for_its_owner_only(client, world, contract_holder, outsider):
    listed = set(events(client, contract_holder))
    assert listed == {
        uid("review", world["member"]),
        uid("review", world["participant"]),
        uid("dialogue", world["dialogue"]),
        uid("gathering", world["gathering"]),
        uid("gathering", world["held"]),
    }
    # Someone with no cluster and no dialogue gets the gatherings, which are for everyone.
    assert set(events(client, outsider)) == {
        uid("gathering", world["gathering"]),
        uid("gathering", world["held"]),
    }


def test_it_gives_the_times_in_copenhagen_and_links_each_event_to_its_page(
    client, world, contract_holder
):
    listed = events(client, contract_holder)
    review = listed[uid("review", world["member"])]
    start = review.decoded("dtstart")
    assert start == world["member"].scheduled_at
    assert str(start.tzinfo) == "Europe/Copenhagen" and start.hour == 10
    assert review.decoded("dtend") - start == dt.timedelta(hours=1)
    assert review["location"] == "Rådhuset"
    assert review["url"] == "http://testserver" + world["member"].get_absolute_url()
    gathering = listed[uid("gathering", world["gathering"])]
    assert str(gathering.decoded("dtstart").tzinfo) == "Europe/Copenhagen"
    assert gathering["url"] == "http://testserver" + world["gathering"].get_absolute_url()
    dialogue = listed[uid("dialogue", world["dialogue"])]
    assert dialogue["url"] == "http://testserver" + world["dialogue"].get_absolute_url()
    # The time zone travels with the file, for calendars that do not know it.
    response = client.get(feed_url(contract_holder))
    (zone,) = Calendar.from_ical(response.content).walk("VTIMEZONE")
    assert zone["tzid"] == "Europe/Copenhagen"


def test_it_keeps_a_dialogue_s_preparation_out_of_the_feed(client, world, contract_holder):
    content = client.get(feed_url(contract_holder)).content.decode()
    assert "Fortroligt" not in content
    assert str(contract_holder) in content  # the participants are named


def test_it_keeps_the_uid_and_raises_the_sequence_when_a_review_moves(
    client, world, contract_holder, coordinator
):
    review = world["member"]
    before = events(client, contract_holder)[uid("review", review)]
    review.reschedule(days(12, hour=13), "Biblioteket", coordinator)
    after = events(client, contract_holder)[uid("review", review)]
    assert int(after["sequence"]) > int(before["sequence"])
    assert after.decoded("dtstart") == days(12, hour=13)
    assert after["location"] == "Biblioteket"


def test_it_raises_the_sequence_when_a_gathering_changes(client, world, staff_member, outsider):
    gathering = world["gathering"]
    before = events(client, outsider)[uid("gathering", gathering)]
    gathering.mark_held(staff_member)
    after = events(client, outsider)[uid("gathering", gathering)]
    assert int(after["sequence"]) > int(before["sequence"])


def test_it_sends_a_cancelled_review_as_cancelled(client, world, contract_holder, coordinator):
    listed = events(client, contract_holder)
    assert listed[uid("review", world["member"])]["status"] == "CONFIRMED"
    world["member"].cancel(coordinator, "Sygdom")
    event = events(client, contract_holder)[uid("review", world["member"])]
    assert event["status"] == "CANCELLED"
    assert event["summary"].startswith("Aflyst: ")


def test_it_holds_the_last_90_days_and_the_coming_year(client, frame, contract_holder, coordinator):
    cluster = make_cluster(members=[contract_holder])
    recent = Review.schedule(cluster, days(-80), coordinator)
    Review.schedule(cluster, days(-100), coordinator)
    Review.schedule(cluster, days(400), coordinator)
    assert set(events(client, contract_holder)) == {uid("review", recent)}


def test_it_answers_without_signing_in_and_is_not_cached(client, world, contract_holder):
    response = client.get(feed_url(contract_holder))
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_it_answers_404_to_a_wrong_token_and_to_someone_who_left(client, contract_holder):
    url = feed_url(contract_holder)
    assert client.get(reverse("dialogues:calendar_feed", args=["x" * 43])).status_code == 404
    contract_holder.is_active = False
    contract_holder.save()
    assert client.get(url).status_code == 404


def test_it_refuses_a_post_on_the_feed(client, contract_holder):
    assert client.post(feed_url(contract_holder)).status_code == 405


def test_it_renews_the_link_which_ends_the_old_one(client, contract_holder, outsider):
    old = feed_url(contract_holder)
    others = feed_url(outsider)
    client.force_login(contract_holder)
    response = client.post(reverse("dialogues:calendar_feed_renew"))
    assert response.status_code == 302
    assert response["Location"] == reverse("frame:my_settings") + "#calendar"
    client.logout()
    new = feed_url(contract_holder)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert CalendarFeed.objects.get(user=contract_holder).renewed_at is not None
    # The renewal was the owner's own: someone else's link still works.
    assert feed_url(outsider) == others
    assert client.get(others).status_code == 200


def test_it_renews_only_on_post_and_only_for_someone_signed_in(client, contract_holder):
    old = feed_url(contract_holder)
    url = reverse("dialogues:calendar_feed_renew")
    assert client.post(url).status_code == 302  # to sign in
    assert feed_url(contract_holder) == old
    client.force_login(contract_holder)
    assert client.get(url).status_code == 405
    assert feed_url(contract_holder) == old


def test_it_shows_the_link_and_the_renew_button_on_my_settings(client, contract_holder):
    client.force_login(contract_holder)
    page = client.get(reverse("frame:my_settings")).content.decode()
    feed = CalendarFeed.objects.get(user=contract_holder)  # made on first view
    assert f'value="http://testserver/kalender/{feed.token}.ics"' in page
    assert f'action="{reverse("dialogues:calendar_feed_renew")}"' in page
    assert "Abonner fra internettet" in page and "Forny link" in page
    assert "Det gamle link holder straks op med at virke" in page
    # The settings form still works beside it.
    assert client.get(reverse("frame:my_settings")).status_code == 200
    assert CalendarFeed.objects.count() == 1


@pytest.mark.parametrize("size", [1, 8])
def test_it_fetches_the_feed_in_a_fixed_number_of_queries(
    client, frame, contract_holder, coordinator, staff_member, size, django_assert_max_num_queries
):
    for n in range(size):
        cluster = make_cluster(coordinators=[coordinator], members=[contract_holder])
        review = Review.schedule(cluster, days(n + 1), coordinator, participants=[contract_holder])
        review.reschedule(days(n + 2), "", coordinator)
        make_dialogue(contract_holder=contract_holder, scheduled_at=days(n + 3))
        gathering = make_gathering(date=timezone.localdate() + dt.timedelta(days=n + 4))
        for _ in range(3):
            gathering.add_free_item(
                title="Pause", duration_minutes=15, presenter=make_user(), by=staff_member
            )
        gathering.publish(staff_member)
    url = feed_url(contract_holder)
    with django_assert_max_num_queries(5):
        response = client.get(url)
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 3 * size
