"""Ids beyond 64 bits in the missions' forms (SQLite's OverflowError) are an
ordinary "not a valid choice", in Danish, and nothing is saved."""

import pytest
from django.urls import reverse

from dus.models import HardProblem, StrategyTrack, Track
from missions.models import Cluster, Mission
from tests.factories import make_cluster, make_mission

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999999"
INVALID = "tilgængelige valgmuligheder"


@pytest.mark.parametrize("field", ["problems", "strategy_tracks", "track", "sponsor"])
def test_it_refuses_a_huge_id_in_the_mission_form(client, group_manager, field):
    data = {
        "title": "Ny mission",
        "track": Track.objects.get(number=1).pk,
        "statement": "S",
        "ambition": "A",
        "problems": [HardProblem.objects.get(number=7).pk],
        "strategy_tracks": [StrategyTrack.objects.get(number=1).pk],
        "status": "active",
    }
    client.force_login(group_manager)
    response = client.post(reverse("missions:mission_create"), {**data, field: [HUGE]})
    assert response.status_code == 200
    assert INVALID in response.content.decode()
    assert not Mission.objects.exists()


def test_it_refuses_a_huge_coordinator_id(client, group_manager, coordinator):
    mission = make_mission()
    client.force_login(group_manager)
    response = client.post(
        reverse("missions:cluster_create", args=[mission.pk]),
        {"name": "K", "purpose": "P", "review_cadence_weeks": 8, "coordinators": [HUGE]},
    )
    assert response.status_code == 200
    assert INVALID in response.content.decode()
    assert not Cluster.objects.exists()


def test_it_refuses_a_huge_colleague_id(client, coordinator):
    cluster = make_cluster(coordinators=[coordinator])
    client.force_login(coordinator)
    response = client.post(
        reverse("missions:member_add", args=[cluster.pk]),
        {"person": HUGE, "role": "member"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Vælg en kollega fra søgeresultatet." in response.content.decode()
    assert cluster.memberships.count() == 1
