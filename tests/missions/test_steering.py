"""Who may steer a cluster: one rule, Cluster.can_steer (the portfolio asks it too:
tests/portfolio/test_steering.py)."""

import pytest
from django.urls import reverse

from missions.models import Cluster
from tests.factories import make_cluster, make_user

pytestmark = pytest.mark.django_db


def test_it_lets_group_management_and_direction_steer_every_cluster(group_manager, director):
    cluster = make_cluster()
    assert cluster.can_steer(group_manager)
    assert cluster.can_steer(director)


def test_it_lets_a_coordinator_steer_only_their_own_cluster(coordinator):
    own = make_cluster(coordinators=[coordinator])
    other = make_cluster(coordinators=[make_user()])
    assert own.can_steer(coordinator)
    assert not other.can_steer(coordinator)


def test_it_does_not_let_members_or_outsiders_steer(contract_holder, outsider):
    cluster = make_cluster(members=[contract_holder])
    assert not cluster.can_steer(contract_holder)
    assert not cluster.can_steer(outsider)


def test_it_stops_a_coordinator_steering_when_their_membership_ends(coordinator):
    cluster = make_cluster(coordinators=[coordinator, make_user()])
    cluster.end_membership(cluster.memberships.get(person=coordinator))
    assert not Cluster.objects.get(pk=cluster.pk).can_steer(coordinator)


def test_it_asks_the_clusters_rule_for_the_cluster_page(client, monkeypatch, contract_holder):
    cluster = make_cluster(members=[contract_holder])
    edit = reverse("missions:cluster_edit", args=[cluster.pk])
    client.force_login(contract_holder)
    assert edit not in client.get(cluster.get_absolute_url()).content.decode()
    assert client.get(edit).status_code == 403
    monkeypatch.setattr(Cluster, "can_steer", lambda self, user: True)
    assert edit in client.get(cluster.get_absolute_url()).content.decode()
    assert client.get(edit).status_code == 200
