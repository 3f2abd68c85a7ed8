"""A mission's clusters, a page at a time by name, with "Vis flere"."""

import pytest

from missions.models import Cluster
from missions.views.missions import CLUSTERS_PAGE
from tests.factories import make_mission
from tests.paging_checks import HTMX, check_paging

pytestmark = pytest.mark.django_db


def _mission(clusters: int):
    mission = make_mission()
    Cluster.objects.bulk_create(
        Cluster(mission=mission, name=f"Klyngen nr. {n:03}", purpose="At mødes.")
        for n in range(clusters)
    )
    return mission


def test_it_shows_the_first_clusters_by_name_and_the_next_in_place(client, contract_holder):
    mission = _mission(CLUSTERS_PAGE + 5)
    client.force_login(contract_holder)
    first, more = check_paging(
        client,
        mission.get_absolute_url(),
        list_id="mission-clusters",
        param="klynger",
        marker="Klyngen nr. ",
        per=CLUSTERS_PAGE,
        total=CLUSTERS_PAGE + 5,
    )
    assert first.index("Klyngen nr. 000") < first.index("Klyngen nr. 001")
    assert f"Klyngen nr. {CLUSTERS_PAGE:03}" in more and "<h1>" not in more


@pytest.mark.parametrize("clusters", [2, 2 * CLUSTERS_PAGE + 5])
def test_it_shows_the_mission_in_the_same_queries_whatever_its_clusters(
    client, contract_holder, django_assert_max_num_queries, clusters
):
    mission = _mission(clusters)
    client.force_login(contract_holder)
    with django_assert_max_num_queries(14):
        client.get(mission.get_absolute_url())
    with django_assert_max_num_queries(6):
        client.get(
            mission.get_absolute_url(),
            {"klynger": 2},
            headers=HTMX | {"HX-Target": "mission-clusters"},
        )
