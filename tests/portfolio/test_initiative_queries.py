"""The initiatives' queryset methods, each named for what it filters."""

import pytest

from portfolio.models import Initiative
from tests.factories import make_cluster, make_initiative

pytestmark = pytest.mark.django_db


def test_it_lists_the_initiatives_a_person_owns(coordinator, contract_holder):
    cluster = make_cluster(coordinators=[coordinator])
    mine = make_initiative(cluster, owner=contract_holder)
    make_initiative(cluster, owner=coordinator, created_by=contract_holder)
    assert list(Initiative.objects.owned_by(contract_holder)) == [mine]
