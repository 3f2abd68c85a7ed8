"""The lifecycle's one table (TRANSITIONS): the page's buttons, advance, scale, stop,
reopen and a review's decisions all read it, so they cannot disagree."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portfolio.models import Status
from portfolio.models.initiatives import TRANSITIONS, Way
from tests.factories import make_cluster, make_initiative

pytestmark = pytest.mark.django_db

ALL = [s.value for s in Status]


def _make(cluster, status):
    stopped = {"stop_reason": "r", "stop_learning": "l"} if status == "stopped" else {}
    return make_initiative(cluster, status=status, **stopped)


def _take(initiative, way, target, by) -> str:
    """Take `way` towards `target` with its method; the status after, refused or not."""
    start = initiative.status
    try:
        if way == Way.STEP:
            initiative.advance(target, by=by)
        elif way == Way.SCALE:
            initiative.scale(by)
        elif way == Way.STOP:
            initiative.stop(by, "r", "l")
        else:
            initiative.status_before_stop = target
            initiative.reopen(by)
    except (ValidationError, PermissionDenied):
        initiative.refresh_from_db()
        assert initiative.status == start
    return initiative.status


def test_every_method_takes_exactly_the_transitions_of_the_table(group_manager):
    cluster = make_cluster()
    taken = set()
    for start in ALL:
        initiative = _make(cluster, start)
        for way in Way:
            # Scaling and stopping have one target; a step and reopening are told theirs.
            for target in ALL if way in (Way.STEP, Way.REOPEN) else [None]:
                if (after := _take(initiative, way, target, group_manager)) != start:
                    taken.add((start, after, way))
                    initiative = _make(cluster, start)
    table = {(start, target, way) for (start, target), ways in TRANSITIONS.items() for way in ways}
    assert taken == table


@pytest.mark.parametrize("start", ALL)
def test_the_buttons_offer_exactly_the_steps_of_the_table(
    start, group_manager, coordinator, contract_holder, outsider
):
    cluster = make_cluster(coordinators=[coordinator])
    steps = [target for (s, target), ways in TRANSITIONS.items() if s == start and Way.STEP in ways]
    initiative = _make(cluster, start)
    initiative.owner = contract_holder
    assert initiative.next_steps(group_manager) == initiative.next_steps(coordinator) == steps
    assert initiative.next_steps(contract_holder) == [s for s in steps if s != Status.SCALED]
    assert initiative.next_steps(outsider) == []


@pytest.mark.parametrize("start", ["idea", "planned", "running", "evaluating"])
def test_a_reviews_scale_decision_follows_the_table(start):
    initiative = _make(make_cluster(), start)
    allowed = Way.SCALE in TRANSITIONS.get((start, Status.SCALED), ())
    assert (initiative.decision_refusal("scale") == "") is allowed
    assert initiative.decision_refusal("stop") == ""  # an active initiative can always stop


def test_scaling_stays_a_steering_step_from_running_and_evaluating_only():
    assert {start for (start, target), ways in TRANSITIONS.items() if Way.SCALE in ways} == {
        Status.RUNNING,
        Status.EVALUATING,
    }
    # The page's buttons offer scaling once the work is evaluated, as before.
    assert Way.STEP not in TRANSITIONS[(Status.RUNNING, Status.SCALED)]
    assert Way.STEP in TRANSITIONS[(Status.EVALUATING, Status.SCALED)]
