"""Initiative.objects.needing_entry(): an owner's initiatives that need a logbook entry
before their cluster's next review (the contract holder's list on the front page)."""

import datetime as dt

import pytest
from django.utils import timezone

from portfolio.models import Initiative, Review
from tests.factories import make_cluster, make_entry, make_initiative, make_user

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def _review(cluster, when, state=Review.State.SCHEDULED):
    return Review.objects.create(
        cluster=cluster, scheduled_at=when, state=state, created_by=make_user()
    )


def _entry(initiative, when):
    return make_entry(initiative, created_at=when)


def _needing() -> set[str]:
    return set(Initiative.objects.needing_entry().values_list("title", flat=True))


@pytest.fixture
def cluster():
    return make_cluster()


def test_it_needs_nothing_without_a_coming_review(cluster):
    now = timezone.now()
    make_initiative(cluster, title="Uden vurdering")
    _review(cluster, now - 30 * DAY, Review.State.CLOSED)
    _review(cluster, now + 7 * DAY, Review.State.CANCELLED)
    assert _needing() == set()


def test_it_needs_an_entry_from_an_initiative_with_none(cluster):
    _review(cluster, timezone.now() + 7 * DAY)
    make_initiative(cluster, title="Tom logbog")
    assert _needing() == {"Tom logbog"}


def test_it_needs_an_entry_when_the_last_one_is_older_than_the_last_review(cluster):
    now = timezone.now()
    _review(cluster, now - 60 * DAY, Review.State.CLOSED)
    _review(cluster, now - 20 * DAY, Review.State.CLOSED)  # the last review
    _review(cluster, now + 7 * DAY)
    before = make_initiative(cluster, title="Før sidste vurdering")
    _entry(before, now - 30 * DAY)  # after the first review, before the last
    after = make_initiative(cluster, title="Efter sidste vurdering")
    _entry(after, now - 30 * DAY)
    _entry(after, now - 10 * DAY)
    assert _needing() == {"Før sidste vurdering"}


def test_it_takes_any_entry_as_enough_before_the_first_review(cluster):
    _review(cluster, timezone.now() + 7 * DAY)
    _entry(make_initiative(cluster, title="Har skrevet"), timezone.now() - 300 * DAY)
    assert _needing() == set()


def test_it_counts_an_overdue_review_not_yet_closed_as_coming(cluster):
    now = timezone.now()
    _review(cluster, now - 60 * DAY, Review.State.CLOSED)
    overdue = _review(cluster, now - 2 * DAY)
    initiative = make_initiative(cluster, title="Venter på vurdering")
    _entry(initiative, now - 70 * DAY)
    result = Initiative.objects.needing_entry().get()
    assert result == initiative and result.next_review_at == overdue.scheduled_at


def test_it_leaves_out_ended_initiatives_and_annotates_the_dates(cluster):
    now = timezone.now()
    held = _review(cluster, now - 20 * DAY, Review.State.CLOSED)
    coming = _review(cluster, now + 7 * DAY)
    _review(cluster, now + 70 * DAY)
    make_initiative(cluster, title="Forankret", status="anchored")
    make_initiative(cluster, title="Stoppet", status="stopped", stop_reason="r", stop_learning="l")
    running = make_initiative(cluster, title="Kører", status="running")
    entry = _entry(running, now - 25 * DAY)
    result = Initiative.objects.needing_entry().get()
    assert result == running
    assert result.next_review_at == coming.scheduled_at
    assert result.last_review_at == held.scheduled_at
    assert result.last_entry_at == entry.created_at


def test_it_orders_by_the_next_review(cluster):
    later = make_cluster()
    _review(later, timezone.now() + 20 * DAY)
    _review(cluster, timezone.now() + 5 * DAY)
    make_initiative(later, title="Senere")
    make_initiative(cluster, title="Først")
    assert list(Initiative.objects.needing_entry().values_list("title", flat=True)) == [
        "Først",
        "Senere",
    ]
