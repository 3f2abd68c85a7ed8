"""Closing a portfolio review applies every decision in one transaction; a decision the
initiative has overtaken is skipped, and the lifecycle rule for decisions lives on
Initiative."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from portfolio.models import Review, ReviewDecision
from tests.factories import make_cluster, make_initiative

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


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


@time_machine.travel(dt.datetime(2026, 3, 2, 12, tzinfo=CPH), tick=False)
def test_it_sets_the_next_review_from_the_cadence(cluster, coordinator):
    when = timezone.make_aware(dt.datetime(2026, 3, 2, 10))
    review = _review(cluster, coordinator, when)
    review.close(coordinator)
    cluster.refresh_from_db()
    assert cluster.next_review_on == dt.date(2026, 4, 13)  # six weeks on


@time_machine.travel(dt.datetime(2026, 3, 2, 12, tzinfo=CPH), tick=False)
def test_it_keeps_an_already_scheduled_next_review(cluster, coordinator):
    review = _review(cluster, coordinator, timezone.make_aware(dt.datetime(2026, 3, 2, 10)))
    _review(cluster, coordinator, timezone.make_aware(dt.datetime(2026, 3, 20, 10)))
    review.close(coordinator)
    cluster.refresh_from_db()
    assert cluster.next_review_on == dt.date(2026, 3, 20)


def test_it_skips_a_decision_the_initiative_has_overtaken_and_applies_the_rest(
    cluster, coordinator
):
    review = _review(cluster, coordinator)
    anchored = make_initiative(cluster, status="evaluating")
    stopped = make_initiative(cluster, status="running")
    grow = make_initiative(cluster, status="running")
    _decide(review, anchored, "scale", coordinator)
    _decide(review, stopped, "stop", coordinator, stop_reason="r", stop_learning="l")
    _decide(review, grow, "scale", coordinator)
    # Meanwhile, from the initiatives' own pages:
    anchored.advance("anchored", by=coordinator)
    stopped.stop(coordinator, "Fondet lukkede", "Søg bredere")
    review.close(coordinator)
    for initiative in (anchored, stopped, grow):
        initiative.refresh_from_db()
    assert (anchored.status, stopped.status, grow.status) == ("anchored", "stopped", "scaled")
    assert stopped.stop_reason == "Fondet lukkede"  # not overwritten by the review's stop
    outcome = {d.initiative_id: (d.state, d.overtaken_by) for d in review.decisions.all()}
    assert outcome == {
        anchored.pk: ("skipped", "anchored"),
        stopped.pk: ("skipped", "stopped"),
        grow.pk: ("applied", ""),
    }
    assert review.is_closed


def test_it_says_which_decisions_the_lifecycle_allows(cluster):
    planned = make_initiative(cluster, status="planned", title="Plan")
    running = make_initiative(cluster, status="running")
    anchored = make_initiative(cluster, status="anchored")
    with translation.override("da"):
        assert str(planned.decision_refusal("scale")).startswith(
            "Kun en indsats, der er i gang eller under evaluering, kan skaleres"
        )
        assert str(anchored.decision_refusal("continue")) == "Indsatsen er allerede forankret."
    assert planned.decision_refusal("stop") == planned.decision_refusal("continue") == ""
    assert running.decision_refusal("scale") == ""
    assert anchored.decision_refusal("stop")


def test_it_refuses_to_scale_where_the_decision_form_would(cluster, coordinator):
    planned = make_initiative(cluster, status="planned")
    with pytest.raises(ValidationError) as refused:
        planned.scale(coordinator)
    assert refused.value.messages == [str(planned.decision_refusal("scale"))]


def test_it_ignores_a_withdrawn_decision_and_keeps_it_in_the_history(cluster, coordinator):
    review = _review(cluster, coordinator)
    initiative = make_initiative(cluster, status="running")
    decision = _decide(review, initiative, "stop", coordinator, stop_reason="r", stop_learning="l")
    decision.withdraw(coordinator)
    review.close(coordinator)
    initiative.refresh_from_db()
    decision.refresh_from_db()
    assert initiative.status == "running"
    assert decision.state == "withdrawn"
    history = decision.history.order_by("history_date", "history_id")
    assert [(h.state, h.decision) for h in history] == [("decided", "stop"), ("withdrawn", "stop")]
