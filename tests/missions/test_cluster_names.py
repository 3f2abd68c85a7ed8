"""A cluster's name is unique within its mission: refused with a message, never a 500,
also when two people save the same name at the same moment."""

import pytest
from django.urls import reverse

from missions.forms import ClusterForm
from missions.models import Cluster
from tests.factories import make_cluster, make_mission

pytestmark = pytest.mark.django_db
TAKEN = "Missionen har allerede en klynge med det navn. Vælg et andet navn."


@pytest.fixture
def mission():
    return make_mission()


def _create(client, mission, coordinator, name):
    return client.post(
        reverse("missions:cluster_create", args=[mission.pk]),
        {"name": name, "purpose": "P", "review_cadence_weeks": 8, "coordinators": [coordinator.pk]},
    )


def _edit(client, cluster, name):
    return client.post(
        reverse("missions:cluster_edit", args=[cluster.pk]),
        {
            "name": name,
            "purpose": cluster.purpose,
            "review_cadence_weeks": 8,
            "read_version": cluster.version,
        },
    )


def test_it_refuses_renaming_a_cluster_to_a_sibling_clusters_name(client, mission, group_manager):
    make_cluster(mission=mission, name="Trivsel")
    other = make_cluster(mission=mission, name="Nærvær")
    client.force_login(group_manager)
    response = _edit(client, other, "Trivsel")
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    other.refresh_from_db()
    assert other.name == "Nærvær"


def test_it_refuses_creating_a_cluster_with_a_taken_name(
    client, mission, group_manager, coordinator
):
    make_cluster(mission=mission, name="Trivsel")
    client.force_login(group_manager)
    response = _create(client, mission, coordinator, "Trivsel")
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    assert Cluster.objects.filter(name="Trivsel").count() == 1


def test_it_allows_a_name_used_in_another_mission_and_keeping_ones_own_name(
    client, mission, group_manager, coordinator
):
    elsewhere = make_cluster(name="Trivsel")
    client.force_login(group_manager)
    assert _create(client, mission, coordinator, "Trivsel").status_code == 302
    assert _edit(client, elsewhere, "Trivsel").status_code == 302


@pytest.fixture
def race(monkeypatch):
    """Another save of the same name lands between this form's check and its save."""

    def patch(mission, name):
        original = ClusterForm.clean

        def clean(form):
            cleaned = original(form)
            make_cluster(mission=mission, name=name)
            return cleaned

        monkeypatch.setattr(ClusterForm, "clean", clean)

    return patch


def test_it_answers_a_create_that_loses_the_race_for_a_name_with_the_form_error(
    client, mission, group_manager, coordinator, race
):
    race(mission, "Trivsel")
    client.force_login(group_manager)
    response = _create(client, mission, coordinator, "Trivsel")
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    assert Cluster.objects.filter(name="Trivsel").count() == 1


def test_it_answers_a_rename_that_loses_the_race_for_a_name_with_the_form_error(
    client, mission, group_manager, race
):
    cluster = make_cluster(mission=mission, name="Nærvær")
    race(mission, "Trivsel")
    client.force_login(group_manager)
    response = _edit(client, cluster, "Trivsel")
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    cluster.refresh_from_db()
    assert (cluster.name, cluster.version) == ("Nærvær", 1)
