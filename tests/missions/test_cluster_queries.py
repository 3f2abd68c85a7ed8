"""The clusters' queryset methods, each named for what it filters."""

import pytest

from missions.models import Cluster
from tests.factories import make_cluster, make_user

pytestmark = pytest.mark.django_db


def test_it_lists_the_clusters_a_person_is_a_current_member_of(coordinator, contract_holder):
    led = make_cluster(coordinators=[coordinator])
    joined = make_cluster(members=[coordinator], coordinators=[contract_holder])
    left = make_cluster(coordinators=[coordinator, make_user()])
    left.end_membership(left.memberships.get(person=coordinator))
    make_cluster(coordinators=[contract_holder])
    assert set(Cluster.objects.with_member(coordinator)) == {led, joined}
