"""Clusters: their page, creating one with coordinators, editing, and 'Mine klynger'."""

import pytest
from django.urls import resolve, reverse

from missions.models import Cluster, Membership
from tests.factories import make_cluster, make_initiative, make_mission

pytestmark = pytest.mark.django_db


def test_it_shows_a_cluster_with_members_and_cadence(client, contract_holder, coordinator):
    cluster = make_cluster(
        name="Trivselsklyngen", coordinators=[coordinator], review_cadence_weeks=6
    )
    client.force_login(contract_holder)
    page = client.get(cluster.get_absolute_url()).content.decode()
    assert "<h1>Trivselsklyngen</h1>" in page
    assert "Jonas Ravn" in page
    assert "Tovholder" in page
    assert "Hver 6. uge" in page
    assert reverse("missions:cluster_edit", args=[cluster.pk]) not in page


def test_it_serves_the_cluster_page_with_the_other_cluster_views():
    page = resolve(reverse("missions:cluster_detail", args=[1])).func
    assert page.__module__ == "missions.views.clusters"


def test_it_shows_the_clusters_portfolio_on_its_page(client, contract_holder, coordinator):
    """The portfolio app adds its section to the cluster page (missions.hooks)."""
    cluster = make_cluster(coordinators=[coordinator])
    make_initiative(cluster, title="Fredagscafé", status="running", owner=coordinator)
    make_initiative(
        cluster, title="Stoppet café", status="stopped", stop_reason="r", stop_learning="l"
    )
    client.force_login(contract_holder)
    page = client.get(cluster.get_absolute_url()).content.decode()
    assert '<h2 id="portfolio-heading">Portefølje</h2>' in page
    assert "Fredagscafé" in page and "Stoppet café" not in page
    assert reverse("portfolio:portfolio_detail", args=[cluster.pk]) in page
    assert "Se hele porteføljen (1 aktiv indsats)" in page


def test_it_lets_group_management_create_a_cluster_with_coordinators(
    client, group_manager, coordinator
):
    mission = make_mission()
    client.force_login(group_manager)
    url = reverse("missions:cluster_create", args=[mission.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Ny klynge",
            "purpose": "Noget nyt",
            "review_cadence_weeks": 8,
            "coordinators": [coordinator.pk],
        },
    )
    cluster = Cluster.objects.get(name="Ny klynge")
    assert response["Location"] == cluster.get_absolute_url()
    assert cluster.memberships.get().role == Membership.Role.COORDINATOR


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "review_cadence_weeks": 8}, "Dette felt er påkrævet."),
        ({"name": "K", "review_cadence_weeks": 0}, "Angiv et antal uger fra 1 til 52."),
        ({"name": "K", "review_cadence_weeks": 99}, "Angiv et antal uger fra 1 til 52."),
        ({"name": "K", "review_cadence_weeks": "otte"}, "Indtast et heltal."),
    ],
)
def test_it_refuses_a_bad_cluster_with_a_danish_message(
    client, group_manager, coordinator, data, message
):
    mission = make_mission()
    client.force_login(group_manager)
    response = client.post(
        reverse("missions:cluster_create", args=[mission.pk]),
        {"purpose": "P", "coordinators": [coordinator.pk], **data},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Cluster.objects.exists()


def test_it_requires_a_coordinator(client, group_manager):
    mission = make_mission()
    client.force_login(group_manager)
    response = client.post(
        reverse("missions:cluster_create", args=[mission.pk]),
        {"name": "K", "purpose": "P", "review_cadence_weeks": 8},
    )
    assert "Vælg mindst én tovholder." in response.content.decode()


def test_it_lets_a_coordinator_edit_but_not_a_member(client, coordinator, contract_holder):
    cluster = make_cluster(coordinators=[coordinator], members=[contract_holder])
    url = reverse("missions:cluster_edit", args=[cluster.pk])
    data = {"name": "Nyt navn", "purpose": "P", "review_cadence_weeks": 4, "read_version": 1}
    client.force_login(contract_holder)
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    client.force_login(coordinator)
    assert client.post(url, data).status_code == 302
    cluster.refresh_from_db()
    assert (cluster.name, cluster.review_cadence_weeks) == ("Nyt navn", 4)


def test_it_leaves_the_next_review_date_to_the_reviews(client, coordinator):
    """Cluster.next_review_on is written by the reviews alone, not by the cluster form."""
    cluster = make_cluster(coordinators=[coordinator])
    url = reverse("missions:cluster_edit", args=[cluster.pk])
    client.force_login(coordinator)
    assert "next_review_on" not in client.get(url).content.decode()
    data = {"name": "K", "purpose": "P", "review_cadence_weeks": 4, "read_version": 1}
    assert client.post(url, data | {"next_review_on": "2030-01-01"}).status_code == 302
    cluster.refresh_from_db()
    assert cluster.next_review_on is None


def test_it_refuses_cluster_creation_to_a_coordinator(client, coordinator):
    mission = make_mission()
    client.force_login(coordinator)
    assert client.get(reverse("missions:cluster_create", args=[mission.pk])).status_code == 403


def test_it_shows_my_clusters_on_the_front_page(client, contract_holder):
    mine = make_cluster(name="Min klynge", members=[contract_holder])
    make_cluster(name="Andres klynge")
    client.force_login(contract_holder)
    page = client.get("/").content.decode()
    assert "Mine klynger" in page
    assert mine.get_absolute_url() in page
    assert "Andres klynge" not in page


def test_it_counts_a_person_once_per_cluster(contract_holder):
    from django.db import IntegrityError, transaction

    cluster = make_cluster(members=[contract_holder])
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(cluster=cluster, person=contract_holder)


def test_it_marks_missions_as_the_section_on_a_cluster_page(client, contract_holder):
    cluster = make_cluster()
    client.force_login(contract_holder)
    page = client.get(cluster.get_absolute_url()).content.decode()
    assert 'aria-current="true"><span>Missioner</span>' in page


def test_it_refuses_a_stale_cluster_edit(client, coordinator, group_manager):
    cluster = make_cluster(name="Original", coordinators=[coordinator])
    url = reverse("missions:cluster_edit", args=[cluster.pk])
    data = {"purpose": "P", "review_cadence_weeks": 8, "read_version": 1}
    client.force_login(group_manager)
    assert client.post(url, {**data, "name": "Koncernledelsens"}).status_code == 302
    client.force_login(coordinator)
    response = client.post(url, {**data, "name": "Tovholderens"})
    assert response.status_code == 409
    assert 'value="Tovholderens"' in response.content.decode()
    cluster.refresh_from_db()
    assert cluster.name == "Koncernledelsens"
