"""Udbredelse: "vi vil også prøve det" starts a new initiative from another, linked to
it, in a cluster where the user is a member; the original shows where it spread; the
dashboard counts spread per hard problem."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dus.models import HardProblem
from missions.models import Membership
from portfolio.models import Initiative
from tests.factories import make_cluster, make_initiative, make_unit, make_user

pytestmark = pytest.mark.django_db
NOT_A_MEMBER = "Du kan kun starte indsatser i en klynge, du er medlem af."


@pytest.fixture
def original(coordinator):
    initiative = make_initiative(
        make_cluster(name="Klynge Ude"),
        owner=coordinator,
        unit=coordinator.unit,
        title="Lektiecafé på biblioteket",
        kind="trial",
        what="Frivillige hjælper med lektier to eftermiddage om ugen.",
        hypothesis="Vi tror, at flere elever får lavet lektier.",
        status="running",
    )
    initiative.problems.set(HardProblem.objects.filter(number__in=[4, 7]))
    return initiative


@pytest.fixture
def home(contract_holder):
    return make_cluster(name="Klynge Hjem", members=[contract_holder])


def adopt_url(initiative) -> str:
    return reverse("portfolio:initiative_adopt", args=[initiative.pk])


def form_data(cluster, **extra) -> dict:
    return {
        "cluster": cluster.pk,
        "title": "Lektiecafé i Stilling",
        "kind": "trial",
        "what": "Vi prøver det på skolen.",
        "hypothesis": "Vi tror, at flere elever får lavet lektier.",
        "problems": [p.pk for p in HardProblem.objects.filter(number__in=[4, 7])],
        **extra,
    }


def test_it_prefills_the_form_from_the_original(client, original, home, contract_holder):
    client.force_login(contract_holder)
    response = client.get(adopt_url(original))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Lektiecafé på biblioteket" in content
    assert "Frivillige hjælper med lektier" in content
    assert "Klynge Hjem" in content and "Klynge Ude" not in content.split("<form")[1]


def test_it_links_the_new_initiative_to_the_original_both_ways(
    client, original, home, contract_holder
):
    client.force_login(contract_holder)
    response = client.post(adopt_url(original), form_data(home))
    adopted = Initiative.objects.get(inspired_by=original)
    assert response.status_code == 302 and response.url == adopted.get_absolute_url()
    assert adopted.cluster == home
    assert adopted.unit == contract_holder.unit  # their own unit
    assert adopted.owner == contract_holder and adopted.created_by == contract_holder
    assert adopted.title == "Lektiecafé i Stilling"
    assert set(adopted.problems.values_list("number", flat=True)) == {4, 7}
    assert {row.inspired_by_id for row in adopted.history.all()} == {original.pk}
    page = client.get(original.get_absolute_url()).content.decode()
    spread = page.split('id="spread-heading"')[1]
    assert "Lektiecafé i Stilling" in spread
    assert "Stilling Skole" in spread and "Klynge Hjem" in spread and "Idé" in spread
    new_page = client.get(adopted.get_absolute_url()).content.decode()
    assert "Inspireret af" in new_page and original.get_absolute_url() in new_page


def test_it_refuses_a_cluster_the_user_is_not_a_member_of(client, original, contract_holder):
    elsewhere = make_cluster(name="Fremmed klynge")
    ended = make_cluster(name="Forladt klynge", members=[contract_holder])
    Membership.objects.filter(cluster=ended).update(ended_at="2026-01-01T00:00Z")
    client.force_login(contract_holder)
    for cluster in (elsewhere, ended, original.cluster):
        response = client.post(adopt_url(original), form_data(cluster))
        assert response.status_code == 200
        assert NOT_A_MEMBER in response.content.decode()
        assert 'aria-invalid="true"' in response.content.decode()
    assert not Initiative.objects.filter(inspired_by=original).exists()


def test_it_refuses_group_management_outside_its_clusters(client, original, group_manager):
    client.force_login(group_manager)
    response = client.post(adopt_url(original), form_data(make_cluster()))
    assert NOT_A_MEMBER in response.content.decode()
    assert not Initiative.objects.filter(inspired_by=original).exists()


def test_it_says_so_when_the_user_has_no_cluster(client, original, outsider):
    client.force_login(outsider)
    response = client.get(adopt_url(original))
    assert response.status_code == 200
    assert "Du er endnu ikke med i en klynge" in response.content.decode()


def test_it_answers_bad_input_beside_the_field_and_saves_nothing(
    client, original, home, contract_holder
):
    client.force_login(contract_holder)
    response = client.post(adopt_url(original), form_data(home, title="", what="x" * 4001))
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"title", "what"}
    assert not Initiative.objects.filter(inspired_by=original).exists()


def test_it_creates_once_when_sent_twice(client, original, home, contract_holder):
    client.force_login(contract_holder)
    token = client.get(adopt_url(original)).context["form"]["submission"].value()
    first = client.post(adopt_url(original), form_data(home, submission=token))
    again = client.post(adopt_url(original), form_data(home, submission=token))
    assert Initiative.objects.filter(inspired_by=original).count() == 1
    assert again.status_code == 302 and again.url == first.url


def test_it_refuses_other_methods(client, original, contract_holder):
    client.force_login(contract_holder)
    assert client.put(adopt_url(original)).status_code == 405
    assert client.delete(adopt_url(original)).status_code == 405


def test_it_gives_404_for_an_unknown_initiative(client, contract_holder):
    client.force_login(contract_holder)
    assert client.get(reverse("portfolio:initiative_adopt", args=[999999])).status_code == 404


def test_it_refuses_adoption_by_a_non_member_in_the_model(original, contract_holder):
    with pytest.raises(ValidationError):
        original.adopt(
            contract_holder,
            make_cluster(),
            title="t",
            kind="trial",
            what="w",
            hypothesis="h",
            problems=[],
        )


@pytest.mark.parametrize("spread", [1, 8])
def test_it_shows_the_spread_in_a_fixed_number_of_queries(
    client, original, contract_holder, django_assert_max_num_queries, spread
):
    for n in range(spread):
        person = make_user(unit=make_unit(name=f"Enhed nr. {n}"))
        original.adopt(
            person,
            make_cluster(members=[person]),
            title=f"Kopi {n}",
            kind="trial",
            what="w",
            hypothesis="h",
            problems=[],
        )
    client.force_login(contract_holder)
    with django_assert_max_num_queries(16):  # decisions and spread: each counted, then a page
        response = client.get(original.get_absolute_url())
    assert response.content.decode().count("Enhed nr.") == spread


def test_it_counts_spread_per_hard_problem_on_the_dashboard(
    client, original, home, contract_holder, group_manager
):
    client.force_login(contract_holder)
    client.post(adopt_url(original), form_data(home))
    client.force_login(group_manager)
    content = client.get(reverse("portfolio:dashboard")).content.decode()
    panel = content.split('id="panel-spread"')[1].split("</section>")[0]
    for problem in HardProblem.objects.filter(number__in=[4, 7]):
        assert f'{problem.title}</th><td class="dus-num">1</td>' in panel
    other = client.get(reverse("portfolio:dashboard"), {"cluster": original.cluster.pk})
    assert "Ingen indsats er blevet udbredt endnu." in other.content.decode()
