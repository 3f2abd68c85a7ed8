"""Logging a trial action ("Log en prøvehandling") and editing an initiative."""

import pytest
from django.urls import reverse

from portfolio.models import Initiative
from tests.factories import make_cluster, make_initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(coordinator, contract_holder):
    return make_cluster(
        name="Trivselsklyngen", coordinators=[coordinator], members=[contract_holder]
    )


def _quick(cluster, **overrides):
    data = {
        "title": "Fredagscafé",
        "cluster": cluster.pk,
        "what": "Et mødested for unge og ældre.",
        "hypothesis": "Vi tror at mødesteder vil føre til mindre ensomhed.",
    }
    return {**data, **overrides}


def test_it_logs_a_trial_action_with_four_fields_and_sensible_defaults(
    client, cluster, contract_holder
):
    client.force_login(contract_holder)
    page = client.get(
        reverse("portfolio:initiative_create"), {"klynge": cluster.pk}
    ).content.decode()
    assert f'<option value="{cluster.pk}" selected>' in page
    response = client.post(reverse("portfolio:initiative_create"), _quick(cluster))
    initiative = Initiative.objects.get(title="Fredagscafé")
    assert response["Location"] == initiative.get_absolute_url()
    assert initiative.kind == "trial" and initiative.status == "idea"
    assert initiative.owner == contract_holder and initiative.unit == contract_holder.unit
    assert set(initiative.problems.all()) == set(cluster.mission.problems.all())
    assert initiative.rank == 1
    assert initiative.history.first().history_user == contract_holder


def test_it_puts_the_users_clusters_first(client, cluster, group_manager):
    make_cluster(name="AAA klynge")
    cluster.memberships.create(person=group_manager, role="sponsor")
    client.force_login(group_manager)
    page = client.get(reverse("portfolio:initiative_create")).content.decode()
    assert page.index("Trivselsklyngen") < page.index("AAA klynge")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"hypothesis": ""}, "hypothesis"),
        ({"starts_on": "2026-05-01", "ends_on": "2026-04-01"}, "ends_on"),
        ({"effort_hours": "-5"}, "effort_hours"),
        ({"effort_hours": "2001"}, "effort_hours"),
        ({"effort_hours": "mange"}, "effort_hours"),
        ({"starts_on": "31-02-2026"}, "starts_on"),
        ({"challenges_rules": "on", "challenged_rule": ""}, "challenged_rule"),
    ],
)
def test_it_refuses_bad_input_with_a_field_error(
    client, cluster, contract_holder, overrides, field
):
    client.force_login(contract_holder)
    response = client.post(reverse("portfolio:initiative_create"), _quick(cluster, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'class="form-error-message"' in response.content.decode()
    assert not Initiative.objects.exists()


def test_it_refuses_a_cluster_the_user_may_not_add_to(client, contract_holder):
    foreign = make_cluster()
    client.force_login(contract_holder)
    response = client.post(reverse("portfolio:initiative_create"), _quick(foreign))
    assert "cluster" in response.context["form"].errors
    assert not Initiative.objects.exists()


def test_it_tells_someone_without_clusters_what_to_do(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("portfolio:initiative_create"))
    assert response.status_code == 200
    assert 'name="title"' not in response.content.decode()


def test_it_edits_with_optimistic_locking(client, cluster, contract_holder, coordinator):
    initiative = make_initiative(cluster, owner=contract_holder, title="Original")
    url = reverse("portfolio:initiative_edit", args=[initiative.pk])
    data = {"title": "", "what": "w", "hypothesis": "h", "kind": "trial", "read_version": 1}
    client.force_login(coordinator)
    assert client.post(url, {**data, "title": "Tovholderens"}).status_code == 302
    client.force_login(contract_holder)
    response = client.post(url, {**data, "title": "Min"})
    assert response.status_code == 409
    assert 'value="Min"' in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.title == "Tovholderens"


def test_it_refuses_editing_to_others(client, cluster, staff_member):
    initiative = make_initiative(cluster)
    client.force_login(staff_member)
    assert client.get(reverse("portfolio:initiative_edit", args=[initiative.pk])).status_code == 403
    assert (
        client.post(
            reverse("portfolio:initiative_edit", args=[initiative.pk]), {"title": "x"}
        ).status_code
        == 403
    )
    assert client.get(reverse("portfolio:initiative_edit", args=[99999])).status_code == 404


def test_it_shows_an_initiative_to_everyone(
    client, cluster, outsider, django_assert_max_num_queries
):
    initiative = make_initiative(cluster, title="Synlig")
    client.force_login(outsider)
    with django_assert_max_num_queries(20):
        page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Synlig" in page
    assert reverse("portfolio:initiative_edit", args=[initiative.pk]) not in page
    assert reverse("portfolio:entry_add", args=[initiative.pk]) not in page
