"""A portfolio review shows, beside "Kan vi holde til det som organisation?", what the
portfolio asks of each of its units against the unit's capacity."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from portfolio import metrics
from portfolio.models import Review
from tests.factories import make_cluster, make_initiative, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(coordinator, contract_holder, settings):
    settings.DEFAULT_CAPACITY_HOURS = 100
    cluster = make_cluster(coordinators=[coordinator], members=[contract_holder])
    other = make_cluster()
    busy = make_unit(name="Travl enhed", capacity_hours=50)
    calm = make_unit(name="Rolig enhed")  # the default: 100
    elsewhere = make_unit(name="Fjern enhed")
    make_initiative(cluster, unit=busy, status="running", effort_hours=30)
    make_initiative(cluster, unit=busy, status="planned")  # no estimate
    make_initiative(other, unit=busy, status="running", effort_hours=40)  # busy: 70 of 50
    make_initiative(
        cluster, unit=busy, status="stopped", effort_hours=500, stop_reason="r", stop_learning="l"
    )
    make_initiative(cluster, unit=calm, status="evaluating", effort_hours=10)
    make_initiative(cluster, status="running", effort_hours=5)  # no unit
    make_initiative(other, unit=elsewhere, status="running", effort_hours=999)
    review = Review.objects.create(
        cluster=cluster, scheduled_at=timezone.now() + dt.timedelta(days=7), created_by=coordinator
    )
    return {"cluster": cluster, "review": review, "busy": busy, "calm": calm}


def test_it_counts_the_portfolios_hours_per_unit_against_the_units_capacity(world):
    capacity = metrics.portfolio_capacity(world["cluster"])
    rows = {
        row["unit"].name: (row["portfolio_hours"], row["hours"], row["threshold"], row["over"])
        for row in capacity["rows"]
    }
    assert rows == {"Rolig enhed": (10, 10, 100, False), "Travl enhed": (30, 70, 50, True)}
    assert (capacity["without_unit"], capacity["without_unit_hours"]) == (1, 5)
    assert capacity["unestimated"] == 1


def _capacity_table(page: str) -> list[list[str]]:
    start = page.index('class="dus-review-capacity"')
    table = page[start : page.index("</table>", start)]
    return [
        [
            re.sub(r"<.*?>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    ]


@pytest.mark.parametrize("who", ["coordinator", "contract_holder"])
def test_it_shows_the_load_beside_the_capacity_question(client, world, who, request):
    client.force_login(request.getfixturevalue(who))  # the form, and the answers read
    page = client.get(world["review"].get_absolute_url()).content.decode()
    question = page.index("Kan vi holde til det som organisation?")
    assert question < page.index('class="dus-review-capacity"')
    assert page.index('class="dus-review-capacity"') < page.index("Er der rum til")
    assert _capacity_table(page) == [
        ["Enhed", "Denne portefølje", "Alle aktive indsatser", "Kapacitet"],
        ["Rolig enhed", "10", "10", "100"],
        ["Travl enhed over kapacitet", "30", "70", "50"],  # in words, not colour alone
    ]
    assert "1 aktiv indsats har ingen enhed (5 timer om måneden)." in page
    assert "1 aktiv indsats har ingen anslåede timer." in page
    assert "Fjern enhed" not in page


def test_it_says_so_when_no_initiative_has_a_unit(client, coordinator, contract_holder):
    cluster = make_cluster(coordinators=[coordinator])
    make_initiative(cluster, status="running", effort_hours=5)
    review = Review.objects.create(
        cluster=cluster, scheduled_at=timezone.now() + dt.timedelta(days=7), created_by=coordinator
    )
    client.force_login(contract_holder)
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Ingen aktiv indsats i porteføljen har en enhed" in page


@pytest.mark.parametrize("extra", [0, 30])
def test_it_shows_the_load_in_constant_queries(
    client, world, coordinator, django_assert_max_num_queries, extra
):
    for n in range(extra):
        make_initiative(world["cluster"], unit=make_unit(), status="running", effort_hours=n)
    client.force_login(coordinator)
    with django_assert_max_num_queries(17):
        page = client.get(world["review"].get_absolute_url()).content.decode()
    assert len(_capacity_table(page)) == 3 + extra
