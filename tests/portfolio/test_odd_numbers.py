"""Numbers and ids typed into a request by hand: Unicode digits that are not ASCII
("²" passes str.isdigit() but not int()) and ids beyond 64 bits are answered with
a message, or ignored where they only prefill a form; never a 500."""

import pytest
from django.urls import reverse

from dus.models import Unit
from portfolio.models import Initiative
from tests.factories import capacity_data, make_cluster, make_initiative, make_unit

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
HUGE = "99999999999999999999999"


@pytest.mark.parametrize("value", ["²", "٣", "1²", HUGE, "-1", "1.0"])
def test_it_ignores_an_odd_cluster_in_the_log_form_prefill(client, contract_holder, value):
    cluster = make_cluster(members=[contract_holder])
    client.force_login(contract_holder)
    response = client.get(reverse("portfolio:initiative_create"), {"klynge": value})
    assert response.status_code == 200
    assert f'<option value="{cluster.pk}" selected>' not in response.content.decode()


@pytest.mark.parametrize("value", ["²:up", "٣:up", f"{HUGE}:down"])
def test_it_refuses_an_odd_move_with_a_message(client, coordinator, value):
    cluster = make_cluster(coordinators=[coordinator])
    make_initiative(cluster, status="running")
    make_initiative(cluster, status="running")
    client.force_login(coordinator)
    url = reverse("portfolio:portfolio_rank", args=[cluster.pk])
    response = client.post(url, {"move": value}, headers=HTMX)
    assert response.status_code == 200
    assert "Vælg op eller ned for en indsats i denne portefølje." in response.content.decode()
    response = client.post(url, {"move": value}, follow=True)
    assert "Vælg op eller ned for en indsats i denne portefølje." in response.content.decode()
    assert list(Initiative.objects.order_by("rank").values_list("rank", flat=True)) == [1, 2]


@pytest.mark.parametrize("value", ["²", "٣", "1²"])
def test_it_refuses_an_odd_order_with_a_message(client, coordinator, value):
    cluster = make_cluster(coordinators=[coordinator])
    initiative = make_initiative(cluster, status="running")
    client.force_login(coordinator)
    response = client.post(
        reverse("portfolio:portfolio_reorder", args=[cluster.pk]),
        {"order": [value, initiative.pk]},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Rækkefølgen er ikke gyldig." in response.content.decode()


@pytest.mark.parametrize("value", ["²", "٣", "1²", HUGE, "1e3"])
def test_it_refuses_an_odd_capacity_with_a_message(client, group_manager, value):
    unit = make_unit(name="Rolig enhed")
    client.force_login(group_manager)
    response = client.post(
        reverse("portfolio:capacities"), capacity_data({unit: value}), follow=True
    )
    assert response.status_code == 200
    assert "Angiv kapaciteten som et helt antal timer fra 1 til 10.000." in (
        response.content.decode()
    )
    unit.refresh_from_db()
    assert unit.capacity_hours is None


@pytest.mark.parametrize("unit_id", ["²", "٣٣٣٣", HUGE, ""])
def test_it_refuses_a_capacity_for_an_odd_unit(client, group_manager, unit_id):
    """A capacity sent for an odd unit id is answered with a message on the form's page."""
    client.force_login(group_manager)
    response = client.post(reverse("portfolio:capacities"), capacity_data({unit_id: "80"}))
    assert response.status_code == 200
    assert "En enhed i formularen findes ikke længere." in response.content.decode()
    assert not Unit.objects.filter(capacity_hours=80).exists()


# Ids beyond 64 bits in forms and filters


@pytest.mark.parametrize("field", ["problems", "cluster", "owner", "unit"])
def test_it_refuses_a_huge_id_in_the_initiative_form(client, contract_holder, field):
    cluster = make_cluster(members=[contract_holder])
    data = {"title": "T", "cluster": cluster.pk, "what": "W", "hypothesis": "H"}
    client.force_login(contract_holder)
    response = client.post(reverse("portfolio:initiative_create"), {**data, field: [HUGE]})
    assert response.status_code == 200
    assert 'class="form-error-message"' in response.content.decode()
    assert not Initiative.objects.exists()


def test_it_refuses_a_huge_participant_id(client, coordinator):
    from portfolio.models import Review

    cluster = make_cluster(coordinators=[coordinator])
    client.force_login(coordinator)
    response = client.post(
        reverse("portfolio:review_create", args=[cluster.pk]),
        {"date": "2027-01-04", "time": "10:00", "participants": [coordinator.pk, HUGE]},
    )
    assert response.status_code == 200
    assert "tilgængelige valgmuligheder" in response.content.decode()
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    "name", ["dashboard", "initiative_list", "initiative_export_csv", "initiative_export_xlsx"]
)
@pytest.mark.parametrize("field", ["track", "mission", "cluster", "unit", "problem", "owner"])
def test_it_answers_a_huge_id_in_a_filter_with_nothing(client, group_manager, name, field):
    make_initiative(title="Skal ikke ses")
    client.force_login(group_manager)
    response = client.get(reverse(f"portfolio:{name}"), {field: HUGE})
    assert response.status_code == 200
    if name != "initiative_export_xlsx":
        assert "Skal ikke ses" not in response.getvalue().decode()


def test_it_answers_a_huge_id_in_a_foreign_key_lookup_with_404(client, coordinator):
    """Found by tests/dus/test_post_fuzz.py: `initiative_id=<20 digits>` (a foreign key,
    not an id) answered 500 on SQLite."""
    from django.utils import timezone

    from portfolio.models import Review

    cluster = make_cluster(coordinators=[coordinator])
    review = Review.schedule(cluster, timezone.now(), by=coordinator)
    client.force_login(coordinator)
    for pk in (HUGE, str(2**63)):
        url = f"/vurderinger/{review.pk}/beslutninger/{pk}/tilbagekald/"
        assert client.post(url).status_code == 404
    assert Initiative.objects.filter(cluster__pk=int(HUGE)).count() == 0


def test_it_goes_back_to_the_dashboard_from_a_next_too_long_to_redirect_to(client, group_manager):
    unit = make_unit()
    client.force_login(group_manager)
    next_url = reverse("portfolio:dashboard") + "?q=" + "x" * 5000
    response = client.post(
        reverse("portfolio:capacities"), capacity_data({unit: "120"}, next=next_url)
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portfolio:dashboard")
    unit.refresh_from_db()
    assert unit.capacity_hours == 120
