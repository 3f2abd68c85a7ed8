"""A mission, cluster or external actor sent twice is made once; the second answer
leads to the first result."""

import json

import pytest
from django.urls import reverse

from dus.models import HardProblem, Track
from missions.models import Actor, Cluster, Mission
from tests.factories import make_cluster, make_mission
from tests.portfolio.test_double_submit import ALREADY_SENT, HTMX, token_on

pytestmark = pytest.mark.django_db


def test_it_creates_a_mission_sent_twice_once(client, group_manager):
    client.force_login(group_manager)
    url = reverse("missions:mission_create")
    data = {
        "title": "Ny mission",
        "track": Track.objects.get(number=1).pk,
        "statement": "S",
        "ambition": "A",
        "problems": [HardProblem.objects.get(number=7).pk],
        "status": "active",
    } | token_on(client.get(url).content.decode())
    client.post(url, data)
    second = client.post(url, data, follow=True)
    mission = Mission.objects.get()
    assert second.redirect_chain == [(mission.get_absolute_url(), 302)]
    assert ALREADY_SENT in second.content.decode()


def test_it_creates_a_cluster_sent_twice_once(client, group_manager, coordinator):
    mission = make_mission()
    client.force_login(group_manager)
    url = reverse("missions:cluster_create", args=[mission.pk])
    data = {
        "name": "Ny klynge",
        "purpose": "P",
        "review_cadence_weeks": 8,
        "coordinators": [coordinator.pk],
    } | token_on(client.get(url).content.decode())
    client.post(url, data)
    second = client.post(url, data, follow=True)
    cluster = Cluster.objects.get()
    assert second.redirect_chain == [(cluster.get_absolute_url(), 302)]
    assert ALREADY_SENT in second.content.decode()


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_it_adds_an_external_actor_sent_twice_once(client, coordinator, headers):
    cluster = make_cluster(coordinators=[coordinator])
    client.force_login(coordinator)
    data = {
        "actor-name": "Anne Borg",
        "actor-kind": "citizen",
        "actor-role": "external",
    } | token_on(client.get(cluster.get_absolute_url()).content.decode(), "actor-submission")
    url = reverse("missions:actor_add", args=[cluster.pk])
    client.post(url, data, headers=headers)
    second = client.post(url, data, headers=headers, follow=not headers)
    assert Actor.objects.count() == 1
    assert "Anne Borg" in second.content.decode()
    if headers:
        assert json.loads(second["HX-Trigger"])["dus:announce"]["message"] == ALREADY_SENT
    else:
        assert ALREADY_SENT in second.content.decode()
