"""Udbredelse from a gathering: "vi vil også prøve det" from an agenda item creates the
initiative through the portfolio's adoption and records the gathering that set it
going; the gathering's page and the dashboard count what each gathering set going."""

import pytest
from django.urls import reverse

from dialogues.models import Adoption, AgendaItem
from dus.models import HardProblem
from missions.models import Cluster
from portfolio.models import Initiative
from tests.factories import make_cluster, make_entry, make_gathering, make_initiative

pytestmark = pytest.mark.django_db
NOT_A_MEMBER = "Du kan kun starte indsatser i en klynge, du er medlem af."


@pytest.fixture
def original(coordinator):
    initiative = make_initiative(
        make_cluster(name="Klynge Ude"),
        owner=coordinator,
        unit=coordinator.unit,
        title="Lektiecafé på biblioteket",
        status="scaled",
    )
    initiative.problems.set(HardProblem.objects.filter(number__in=[4]))
    return initiative


@pytest.fixture
def home(contract_holder):
    return make_cluster(name="Klynge Hjem", members=[contract_holder])


def _item(gathering, **kwargs) -> AgendaItem:
    kwargs.setdefault("title", "Punkt")
    return AgendaItem.objects.create(gathering=gathering, position=1, **kwargs)


@pytest.fixture
def item(original):
    held = make_gathering(title="Efterårets Ledertræf", state="held")
    return _item(held, kind="initiative", initiative=original)


def adopt_url(item) -> str:
    return reverse("dialogues:gathering_adopt", args=[item.pk])


def form_data(cluster, **extra) -> dict:
    return {
        "cluster": cluster.pk,
        "title": "Lektiecafé i Stilling",
        "kind": "trial",
        "what": "Vi prøver det på skolen.",
        "hypothesis": "Vi tror, at flere elever får lavet lektier.",
        "problems": [p.pk for p in HardProblem.objects.filter(number__in=[4])],
        **extra,
    }


def test_it_adopts_from_an_initiative_item(client, item, original, home, contract_holder):
    client.force_login(contract_holder)
    assert client.get(adopt_url(item)).context["form"]["title"].value() == original.title
    response = client.post(adopt_url(item), form_data(home))
    adopted = Initiative.objects.get(inspired_by=original)
    assert response.status_code == 302 and response.url == adopted.get_absolute_url()
    assert adopted.cluster == home and adopted.unit == contract_holder.unit
    assert Adoption.objects.get().agenda_item == item
    assert Adoption.objects.get().initiative == adopted


def test_it_adopts_the_initiative_of_a_learning_item(client, original, home, contract_holder):
    entry = make_entry(original, share=True)
    item = _item(make_gathering(state="published"), kind="learning", entry=entry)
    client.force_login(contract_holder)
    client.post(adopt_url(item), form_data(home))
    assert Adoption.objects.get(agenda_item=item).initiative.inspired_by == original


def test_it_refuses_a_cluster_the_user_is_not_a_member_of(client, item, contract_holder):
    client.force_login(contract_holder)
    response = client.post(adopt_url(item), form_data(make_cluster()))
    assert response.status_code == 200
    assert NOT_A_MEMBER in response.content.decode()
    assert not Initiative.objects.filter(inspired_by__isnull=False).exists()
    assert not Adoption.objects.exists()


def test_it_creates_once_when_sent_twice(client, item, home, contract_holder):
    client.force_login(contract_holder)
    token = client.get(adopt_url(item)).context["form"]["submission"].value()
    first = client.post(adopt_url(item), form_data(home, submission=token))
    again = client.post(adopt_url(item), form_data(home, submission=token))
    assert Adoption.objects.count() == 1
    assert again.status_code == 302 and again.url == first.url


def test_it_hides_an_unpublished_gathering_and_free_items(
    client, original, contract_holder, staff_member
):
    planned = _item(make_gathering(), kind="initiative", initiative=original)
    free = AgendaItem.objects.create(gathering=make_gathering(state="held"), title="Pause")
    client.force_login(contract_holder)
    assert client.get(adopt_url(planned)).status_code == 404
    assert client.get(adopt_url(free)).status_code == 404
    client.force_login(staff_member)  # not even for those who build it
    assert client.get(adopt_url(planned)).status_code == 404


def test_it_refuses_other_methods(client, item, contract_holder):
    client.force_login(contract_holder)
    assert client.put(adopt_url(item)).status_code == 405
    assert client.delete(adopt_url(item)).status_code == 405


def test_it_offers_adoption_on_the_agenda_to_cluster_members_only(
    client, item, home, contract_holder, outsider
):
    _item(item.gathering, title="Pause")
    client.force_login(contract_holder)
    page = client.get(item.gathering.get_absolute_url()).content.decode()
    assert page.count(adopt_url(item)) == 1
    assert "/proev/" not in page.replace(adopt_url(item), "")  # not for the free item
    client.force_login(outsider)
    assert adopt_url(item) not in client.get(item.gathering.get_absolute_url()).text


def test_it_shows_what_a_held_gathering_set_going(
    client, item, original, home, contract_holder, django_assert_max_num_queries
):
    other = make_cluster(members=[contract_holder])
    for cluster in (home, other):
        Adoption.adopt(
            item,
            contract_holder,
            cluster,
            title=f"Lektiecafé i {cluster.name}",
            kind="trial",
            what="Vi prøver.",
            hypothesis="Vi tror.",
            problems=[],
        )
    client.force_login(contract_holder)
    page = client.get(item.gathering.get_absolute_url()).content.decode()
    assert "Satte 2 indsatser i gang" in page
    assert "Lektiecafé i Klynge Hjem" in page and "Stilling Skole" in page
    with django_assert_max_num_queries(12):
        client.get(item.gathering.get_absolute_url())


def test_it_counts_spread_per_gathering_on_the_dashboard(
    client, item, original, home, contract_holder, group_manager, django_assert_max_num_queries
):
    quiet = make_gathering(title="Stille Ledertræf", state="held")
    Adoption.adopt(
        item,
        contract_holder,
        home,
        title="Lektiecafé i Stilling",
        kind="trial",
        what="Vi prøver.",
        hypothesis="Vi tror.",
        problems=[],
    )
    client.force_login(group_manager)
    url = reverse("portfolio:dashboard")
    panel = client.get(url).content.decode().split('id="panel-gathering-spread"')[1]
    assert "Efterårets Ledertræf</a></th><td" in panel and quiet.title in panel
    counts = [row.split('class="dus-num">')[1].split("<")[0] for row in panel.split("<tr>")[2:4]]
    assert sorted(counts) == ["0", "1"]
    # Never stale: the panel is not cached with the figures.
    Adoption.adopt(
        item,
        contract_holder,
        home,
        title="Endnu en",
        kind="trial",
        what="Vi prøver.",
        hypothesis="Vi tror.",
        problems=[],
    )
    panel = client.get(url).content.decode().split('id="panel-gathering-spread"')[1]
    assert '<td class="dus-num">2</td>' in panel
    # And it follows the dashboard's filters: another cluster's initiatives only.
    other = Cluster.objects.exclude(pk=home.pk).first()
    panel = client.get(url, {"mission": other.mission_id}).content.decode()
    assert '<td class="dus-num">2</td>' not in panel.split('id="panel-gathering-spread"')[1]
