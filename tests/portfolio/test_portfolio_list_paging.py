"""The list of portfolios, a page at a time in the order of the tracks and missions."""

import pytest
from django.urls import reverse

from missions.models import Cluster
from portfolio.views.ranking import PORTFOLIOS_PER_PAGE
from tests.factories import make_initiatives, make_mission
from tests.paging_checks import HTMX, check_paging

pytestmark = pytest.mark.django_db
PER = PORTFOLIOS_PER_PAGE


def _clusters(n: int) -> list[Cluster]:
    mission = make_mission()
    return Cluster.objects.bulk_create(
        Cluster(mission=mission, name=f"Portefølje nr. {i:03}", purpose="p") for i in range(n)
    )


def test_it_shows_the_first_portfolios_and_the_next_in_place(client, contract_holder):
    clusters = _clusters(PER + 3)
    make_initiatives(clusters[0], 3)
    client.force_login(contract_holder)
    first, more = check_paging(
        client,
        reverse("portfolio:portfolio_list"),
        list_id="portfolio-rows",
        param="side",
        marker="Portefølje nr. ",
        per=PER,
        total=PER + 3,
    )
    assert '<td class="dus-num">3</td>' in first  # the counts of each row
    assert f"Portefølje nr. {PER:03}" in more


@pytest.mark.parametrize("n", [2, 2 * PER + 3])
def test_it_lists_the_portfolios_in_the_same_queries_whatever_their_number(
    client, contract_holder, django_assert_max_num_queries, n
):
    clusters = _clusters(n)
    make_initiatives(clusters[-1], 4)
    client.force_login(contract_holder)
    for query in ({}, {"side": 2}):
        with django_assert_max_num_queries(6):
            client.get(reverse("portfolio:portfolio_list"), query, headers=HTMX)
