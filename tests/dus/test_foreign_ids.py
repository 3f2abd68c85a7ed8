"""Ids that are not the sender's to name, sent in the fields (and URLs) that take an id:
another cluster for an initiative, a person outside the dialogue or the cluster, a
membership or an initiative of another cluster reached through one's own. Each is
refused and changes nothing (see test_mass_assignment.py)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.forgery import post, snapshot
from tests.role_world import COORDINATOR, HOLDER, OTHER_HOLDER, World, build_world

pytestmark = pytest.mark.django_db

ADOPT_BODY = {"title": "Vi prøver også", "kind": "trial", "what": "w", "hypothesis": "h"}


@pytest.fixture(scope="module")
def world(module_transaction) -> World:
    return build_world()


def _today(days: int = 0) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def test_an_initiative_cannot_be_logged_in_a_cluster_one_is_not_in(world):
    before = snapshot()
    response = post(
        world,
        HOLDER,
        reverse("portfolio:initiative_create"),
        ADOPT_BODY | {"title": "Hos de andre", "cluster": world.other_cluster.pk},
    )
    assert response.status_code == 200
    assert "cluster" in response.context["form"].errors
    assert snapshot() == before


def test_an_initiative_cannot_be_adopted_into_a_cluster_one_is_not_in(world):
    before = snapshot()
    url = reverse("portfolio:initiative_adopt", args=[world.initiative.pk])
    response = post(world, HOLDER, url, ADOPT_BODY | {"cluster": world.other_cluster.pk})
    assert response.status_code == 200
    assert "cluster" in response.context["form"].errors
    assert snapshot() == before


def test_a_follow_up_cannot_be_given_to_someone_outside_the_dialogue(world):
    before = snapshot()
    url = reverse("dialogues:follow_up_create", args=[world.dialogue.pk])
    data = {"what": "Noget", "owner": world[OTHER_HOLDER].pk, "due_on": _today(5)}
    response = post(world, HOLDER, url, data)
    assert response.status_code == 200
    assert "owner" in response.context["follow_up_form"].errors
    assert snapshot() == before


def test_a_review_cannot_invite_someone_outside_the_cluster(world):
    before = snapshot()
    url = reverse("portfolio:review_create", args=[world.cluster.pk])
    data = {"date": _today(20), "time": "10:00", "participants": [world[OTHER_HOLDER].pk]}
    response = post(world, COORDINATOR, url, data)
    assert response.status_code == 200
    assert "participants" in response.context["form"].errors
    assert snapshot() == before


@pytest.mark.parametrize(
    ("view", "ids"),
    [
        # A membership of another cluster, through one's own cluster.
        ("missions:member_role", lambda w: [w.cluster.pk, w.other_membership.pk]),
        ("missions:member_remove", lambda w: [w.cluster.pk, w.other_membership.pk]),
        # Another cluster's initiative, through one's own cluster's review.
        ("portfolio:review_decide", lambda w: [w.review.pk, w.other_initiative.pk]),
        ("portfolio:review_withdraw", lambda w: [w.review.pk, w.other_initiative.pk]),
    ],
)
def test_another_clusters_object_is_not_found_through_ones_own_cluster(world, view, ids):
    before = snapshot()
    decision = f"d{world.other_initiative.pk}-decision"
    data = {"role": "coordinator", "current_role": "member", decision: "stop"}
    response = post(world, COORDINATOR, reverse(view, args=ids(world)), data)
    assert response.status_code == 404
    assert snapshot() == before


def test_another_clusters_initiatives_cannot_be_ranked_through_ones_own_cluster(world):
    before = snapshot()
    url = reverse("portfolio:portfolio_rank", args=[world.cluster.pk])
    post(world, COORDINATOR, url, {"move": f"{world.other_initiative.pk}:up"})
    url = reverse("portfolio:portfolio_reorder", args=[world.cluster.pk])
    post(world, COORDINATOR, url, {"order": [world.other_initiative.pk, world.initiative.pk]})
    assert snapshot() == before
