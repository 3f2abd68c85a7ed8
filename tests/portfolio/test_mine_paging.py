"""'Mine indsatser' for someone who owns many initiatives: what needs an entry first, a
page at a time, and the count of what needs an entry over all of them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from portfolio.models import Review
from portfolio.views.logbook import MINE_PER_PAGE
from tests.factories import make_cluster, make_initiatives, make_user

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
PER = MINE_PER_PAGE


@pytest.fixture
def owner(contract_holder):
    # A quiet cluster (no review coming) with many, then a cluster whose review is coming
    # and whose initiatives have nothing in the logbook since the last one.
    quiet = make_cluster(name="A-klyngen", members=[contract_holder])
    make_initiatives(quiet, PER + 10, contract_holder, "Rolig", last_entry_at=timezone.now())
    busy = make_cluster(name="B-klyngen", members=[contract_holder])
    make_initiatives(busy, 7, contract_holder, "Mangler")
    Review.objects.create(
        cluster=busy,
        scheduled_at=timezone.now() + dt.timedelta(days=7),
        created_by=make_user(),
    )
    return contract_holder


def test_it_lists_what_needs_an_entry_first_and_counts_it_in_full(client, owner):
    client.force_login(owner)
    page = client.get(reverse("portfolio:my_initiatives")).content.decode()
    assert page.count('class="dus-mine-row"') == PER
    titles = [chunk.split("<")[0] for chunk in page.split('<h2 class="h4"><a href="')[1:]]
    titles = [t.split(">")[-1] for t in titles]
    assert [t.startswith("Mangler") for t in titles] == [True] * 7 + [False] * (PER - 7)
    assert '<span class="dus-count">7</span>' in page
    assert page.count("Mangler et notat før næste vurdering") == 1 + 7
    assert f"Viser {PER} af {PER + 17}" in page
    assert 'href="/mine-indsatser/?side=2"' in page


def test_it_shows_the_next_page_plain_and_with_htmx(client, owner):
    client.force_login(owner)
    plain = client.get(reverse("portfolio:my_initiatives"), {"side": 2}).content.decode()
    assert plain.count('class="dus-mine-row"') == 17
    assert "Forrige side" in plain and "data-dus-focus" not in plain
    more = client.get(
        reverse("portfolio:my_initiatives"),
        {"side": 2},
        headers=HTMX | {"HX-Target": "mine"},
    ).content.decode()
    assert more.count("data-dus-focus") == 1
    first = more.split('class="dus-mine-row"')[1]
    assert first.split(">")[0].endswith('tabindex="-1" data-dus-focus')
    assert "Forrige side" not in more
    # The count stays that of all of them.
    assert '<span class="dus-count">7</span>' in more


@pytest.mark.parametrize("n", [5, 60])
def test_it_lists_in_constant_queries(client, contract_holder, n, django_assert_max_num_queries):
    cluster = make_cluster(members=[contract_holder])
    make_initiatives(cluster, n, contract_holder)
    client.force_login(contract_holder)
    with django_assert_max_num_queries(9):
        page = client.get(reverse("portfolio:my_initiatives")).content.decode()
    assert page.count('class="dus-mine-row"') == min(n, PER)
