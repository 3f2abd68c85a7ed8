"""Closing a portfolio review applies every decision in one transaction."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portfolio.models import Review, ReviewDecision
from tests.factories import make_cluster, make_initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(coordinator):
    return make_cluster(coordinators=[coordinator], review_cadence_weeks=6)


def _review(cluster, user, when=None):
    return Review.objects.create(
        cluster=cluster, scheduled_at=when or timezone.now(), created_by=user
    )


def _decide(review, initiative, decision, user, **kwargs):
    return ReviewDecision.objects.create(
        review=review, initiative=initiative, decision=decision, decided_by=user, **kwargs
    )


def test_it_applies_all_decisions_and_locks_the_review(cluster, coordinator):
    review = _review(cluster, coordinator)
    keep = make_initiative(cluster, status="running")
    grow = make_initiative(cluster, status="evaluating")
    end = make_initiative(cluster, status="planned")
    _decide(review, keep, "continue", coordinator)
    _decide(review, grow, "scale", coordinator)
    _decide(review, end, "stop", coordinator, stop_reason="Ingen effekt", stop_learning="Lærte X")
    review.close(coordinator)
    for initiative in (keep, grow, end):
        initiative.refresh_from_db()
    assert (keep.status, grow.status, end.status) == ("running", "scaled", "stopped")
    assert end.stop_learning == "Lærte X"
    assert review.is_closed and review.closed_by == coordinator
    with pytest.raises(ValidationError):
        review.close(coordinator)


def test_it_rolls_everything_back_when_one_decision_fails(cluster, coordinator):
    review = _review(cluster, coordinator)
    ok = make_initiative(cluster, status="running")
    bad = make_initiative(cluster, status="idea")  # an idea cannot be scaled
    _decide(review, ok, "stop", coordinator, stop_reason="r", stop_learning="l")
    _decide(review, bad, "scale", coordinator)
    with pytest.raises(ValidationError):
        review.close(coordinator)
    ok.refresh_from_db()
    review.refresh_from_db()
    assert ok.status == "running"
    assert not review.is_closed


def test_it_sets_the_next_review_from_the_cadence(cluster, coordinator):
    when = timezone.make_aware(dt.datetime(2026, 3, 2, 10))
    review = _review(cluster, coordinator, when)
    review.close(coordinator)
    cluster.refresh_from_db()
    assert cluster.next_review_on == dt.date(2026, 4, 13)  # six weeks on


def test_it_keeps_an_already_scheduled_next_review(cluster, coordinator):
    review = _review(cluster, coordinator, timezone.make_aware(dt.datetime(2026, 3, 2, 10)))
    _review(cluster, coordinator, timezone.make_aware(dt.datetime(2026, 3, 20, 10)))
    review.close(coordinator)
    cluster.refresh_from_db()
    assert cluster.next_review_on == dt.date(2026, 3, 20)
