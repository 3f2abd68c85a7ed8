"""The unit's initiatives beside a dialogue and a hard problem's initiatives, a page at a
time ("Vis flere"), in the same queries however many there are."""

import pytest
from django.urls import reverse

from dus.models import HardProblem
from portfolio.models import Initiative
from tests.factories import make_cluster, make_initiative, make_user

pytestmark = pytest.mark.django_db


def _many(count: int, **fields) -> list[Initiative]:
    cluster = make_cluster()
    owner = make_user()
    return Initiative.objects.bulk_create(
        Initiative(
            cluster=cluster,
            owner=owner,
            created_by=owner,
            title=f"Indsats {n:03}",
            what="x",
            hypothesis="y",
            status="running",
            rank=n + 1,
            **fields,
        )
        for n in range(count)
    )


@pytest.mark.parametrize("count", [3, 200])
def test_the_dialogue_page_shows_a_page_of_the_units_initiatives(
    client, dialogue, contract_holder, django_assert_max_num_queries, count
):
    _many(count, unit=dialogue.unit)
    client.force_login(contract_holder)
    url = reverse("dialogues:dialogue_detail", args=[dialogue.pk])
    with django_assert_max_num_queries(17):
        page = client.get(url).text
    assert page.count("Indsats ") == min(count, 20)
    if count > 20:
        assert f"Viser 20 af {count}" in page and f'href="{url}?indsatser=2"' in page
        more = client.get(
            url, {"indsatser": 2}, headers={"HX-Request": "true", "HX-Target": "unit-initiatives"}
        ).text
        assert "Indsats 020" in more and more.count("data-dus-focus") == 1


@pytest.mark.parametrize("count", [3, 200])
def test_a_hard_problem_shows_a_page_of_its_initiatives(
    client, contract_holder, django_assert_max_num_queries, count
):
    problem = HardProblem.objects.get(number=3)
    links = Initiative.problems.through
    links.objects.bulk_create(
        links(initiative=i, hardproblem=problem)
        for i in [*_many(count), make_initiative(status="anchored")]  # not active: not listed
    )
    client.force_login(contract_holder)
    with django_assert_max_num_queries(12):
        page = client.get(problem.get_absolute_url()).text
    assert page.count("Indsats ") == min(count, 25)
    if count > 25:
        assert f"Viser 25 af {count}" in page
        last = client.get(problem.get_absolute_url(), {"indsatser": 8}).text
        assert "Indsats 199" in last and "Viser 176–200 af 200" in last
