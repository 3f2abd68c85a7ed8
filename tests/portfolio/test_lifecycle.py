"""The initiative's lifecycle: every allowed step, every refused one, and who may take it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from portfolio.models import Initiative, Status
from tests.factories import make_cluster, make_initiative

pytestmark = pytest.mark.django_db

FORWARD_STEPS = [
    ("idea", "planned"),
    ("planned", "running"),
    ("running", "evaluating"),
    ("evaluating", "anchored"),
]
ALL = [s.value for s in Status]


@pytest.fixture
def cluster(coordinator):
    return make_cluster(coordinators=[coordinator])


@pytest.mark.parametrize(("start", "step"), FORWARD_STEPS)
def test_it_lets_the_owner_move_forward(cluster, contract_holder, start, step):
    initiative = make_initiative(cluster, owner=contract_holder, status=start)
    assert initiative.next_steps(contract_holder) == [step]
    initiative.advance(step, by=contract_holder)
    assert initiative.status == step
    assert initiative.version == 2


@pytest.mark.parametrize(
    ("start", "step"),
    [(a, b) for a in ALL for b in ALL if (a, b) not in [*FORWARD_STEPS, ("evaluating", "scaled")]],
)
def test_it_refuses_every_other_step(cluster, group_manager, start, step):
    initiative = make_initiative(cluster, status=start, **_stopped_fields(start))
    with pytest.raises(ValidationError):
        initiative.advance(step, by=group_manager)
    initiative.refresh_from_db()
    assert initiative.status == start


def _stopped_fields(status):
    return {"stop_reason": "r", "stop_learning": "l"} if status == "stopped" else {}


def test_it_keeps_scaling_for_coordinators_and_group_management(
    cluster, contract_holder, coordinator
):
    initiative = make_initiative(cluster, owner=contract_holder, status="evaluating")
    assert initiative.next_steps(contract_holder) == ["anchored"]
    with pytest.raises(PermissionDenied):
        initiative.advance("scaled", by=contract_holder)
    assert initiative.next_steps(coordinator) == ["anchored", "scaled"]
    initiative.advance("scaled", by=coordinator)
    assert initiative.status == "scaled"


def test_it_refuses_a_stranger(cluster, outsider):
    initiative = make_initiative(cluster)
    assert initiative.next_steps(outsider) == []
    with pytest.raises(PermissionDenied):
        initiative.advance("planned", by=outsider)


@pytest.mark.parametrize(
    "start", ["idea", "planned", "running", "evaluating", "anchored", "scaled"]
)
def test_it_stops_from_any_state_with_reason_and_learning(cluster, coordinator, start):
    initiative = make_initiative(cluster, status=start)
    initiative.stop(coordinator, "Ingen effekt", "Borgerne ville noget andet")
    assert initiative.status == "stopped"
    assert (initiative.stop_reason, initiative.stop_learning, initiative.status_before_stop) == (
        "Ingen effekt",
        "Borgerne ville noget andet",
        start,
    )
    assert Initiative.objects.filter(pk=initiative.pk).exists()  # never deleted


@pytest.mark.parametrize(("reason", "learning"), [("", "l"), ("r", ""), ("  ", "  ")])
def test_it_refuses_a_stop_without_reason_or_learning(cluster, coordinator, reason, learning):
    initiative = make_initiative(cluster, status="running")
    with pytest.raises(ValidationError):
        initiative.stop(coordinator, reason, learning)
    initiative.refresh_from_db()
    assert initiative.status == "running"


def test_it_refuses_stopping_to_the_owner(cluster, contract_holder):
    initiative = make_initiative(cluster, owner=contract_holder, status="running")
    with pytest.raises(PermissionDenied):
        initiative.stop(contract_holder, "r", "l")


def test_the_database_refuses_a_stopped_initiative_without_reason(cluster):
    initiative = make_initiative(cluster)
    initiative.status = "stopped"
    with pytest.raises(IntegrityError), transaction.atomic():
        initiative.save()


def test_it_lets_only_group_management_reopen(cluster, coordinator, group_manager):
    initiative = make_initiative(cluster, status="running")
    initiative.stop(coordinator, "r", "l")
    with pytest.raises(PermissionDenied):
        initiative.reopen(coordinator)
    initiative.reopen(group_manager)
    assert initiative.status == "running"
    assert initiative.stop_reason == ""
    # The stop, with its reason and learning, stays in the history.
    assert initiative.history.filter(status="stopped", stop_reason="r").exists()


def test_it_scales_only_running_or_evaluated_work(cluster, coordinator):
    idea = make_initiative(cluster, status="idea")
    with pytest.raises(ValidationError):
        idea.scale(coordinator)
    running = make_initiative(cluster, status="running")
    running.scale(coordinator)
    assert running.status == "scaled"
