"""Moving, stopping and reopening through the browser's forms."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import make_cluster, make_initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(coordinator):
    return make_cluster(coordinators=[coordinator])


def test_it_shows_only_the_allowed_next_steps(client, cluster, contract_holder, coordinator):
    initiative = make_initiative(cluster, owner=contract_holder, status="evaluating")
    client.force_login(contract_holder)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert 'value="anchored"' in page and 'value="scaled"' not in page
    assert reverse("portfolio:initiative_stop", args=[initiative.pk]) not in page
    client.force_login(coordinator)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert 'value="anchored"' in page and 'value="scaled"' in page
    assert reverse("portfolio:initiative_stop", args=[initiative.pk]) in page


def test_it_moves_forward(client, cluster, contract_holder):
    initiative = make_initiative(cluster, owner=contract_holder, status="idea")
    client.force_login(contract_holder)
    assert (
        client.get(reverse("portfolio:initiative_advance", args=[initiative.pk])).status_code == 405
    )
    response = client.post(
        reverse("portfolio:initiative_advance", args=[initiative.pk]), {"status": "planned"}
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == "planned"


@pytest.mark.parametrize("status", ["scaled", "stopped", "anchored", "nonsense", ""])
def test_it_refuses_a_forged_transition(client, cluster, contract_holder, status):
    """None of these is a forward step from running (stopping has its own form), so the
    owner is sent back to the page with the reason, as for any bad input; not a 403."""
    initiative = make_initiative(cluster, owner=contract_holder, status="running")
    client.force_login(contract_holder)
    response = client.post(
        reverse("portfolio:initiative_advance", args=[initiative.pk]), {"status": status}
    )
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    initiative.refresh_from_db()
    assert initiative.status == "running"


def test_it_refuses_transitions_to_a_reader(client, cluster, staff_member):
    initiative = make_initiative(cluster, status="idea")
    client.force_login(staff_member)
    assert (
        client.post(
            reverse("portfolio:initiative_advance", args=[initiative.pk]), {"status": "planned"}
        ).status_code
        == 403
    )
    assert client.get(reverse("portfolio:initiative_stop", args=[initiative.pk])).status_code == 403
    assert (
        client.post(reverse("portfolio:initiative_reopen", args=[initiative.pk])).status_code == 403
    )


@pytest.mark.parametrize("status", ["", "nonsense", "scaled"])
def test_it_refuses_a_reader_whatever_step_is_sent(client, cluster, staff_member, status):
    """Not a form error and a redirect, as for the owner: a reader is refused first."""
    initiative = make_initiative(cluster, status="running")
    client.force_login(staff_member)
    url = reverse("portfolio:initiative_advance", args=[initiative.pk])
    assert client.post(url, {"status": status}).status_code == 403


def test_it_stops_with_reason_and_learning_and_shows_both(client, cluster, coordinator, outsider):
    initiative = make_initiative(cluster, status="running")
    client.force_login(coordinator)
    url = reverse("portfolio:initiative_stop", args=[initiative.pk])
    response = client.post(url, {"reason": "", "learning": ""})
    assert response.status_code == 200
    assert response.content.decode().count('class="form-error-message"') == 2
    initiative.refresh_from_db()
    assert initiative.status == "running"
    client.post(url, {"reason": "Ingen effekt", "learning": "Borgerne ville mødes lokalt"})
    initiative.refresh_from_db()
    assert initiative.status == "stopped"
    client.force_login(outsider)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Ingen effekt" in page and "Borgerne ville mødes lokalt" in page


def test_it_lets_only_group_management_reopen(client, cluster, coordinator, group_manager):
    initiative = make_initiative(cluster, status="running")
    initiative.stop(coordinator, "r", "l")
    client.force_login(coordinator)
    assert (
        client.post(reverse("portfolio:initiative_reopen", args=[initiative.pk])).status_code == 403
    )
    client.force_login(group_manager)
    assert (
        client.post(reverse("portfolio:initiative_reopen", args=[initiative.pk])).status_code == 302
    )
    initiative.refresh_from_db()
    assert initiative.status == "running"
