"""Search results, a page of each kind at a time, the query kept."""

import re

import pytest
from django.urls import reverse

from portfolio.models import LogEntry
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db
URL = reverse("frame:search")


@pytest.fixture
def many(db):
    initiative = make_initiative(title="Kaffevognen")
    LogEntry.objects.bulk_create(
        LogEntry(initiative=initiative, author=initiative.owner, text=f"Cykelturen nummer {n}.")
        for n in range(45)
    )
    return initiative


def test_it_shows_a_page_of_each_kind_counts_them_all_and_keeps_the_query(
    client, contract_holder, many
):
    client.force_login(contract_holder)
    html = client.get(URL, {"q": "cykelturen"}).text
    assert html.count("nummer") == 20
    assert "45 resultater" in html and '<span class="dus-count">45</span>' in html
    assert f'href="{URL}?q=cykelturen&amp;entries=2"' in html
    plain = client.get(URL, {"q": "cykelturen", "entries": 3}).text
    assert plain.count("nummer") == 5 and "Viser 41–45 af 45" in plain


def test_htmx_asks_for_more_of_one_kind_only(
    client, contract_holder, many, django_assert_max_num_queries
):
    client.force_login(contract_holder)
    with django_assert_max_num_queries(6):
        response = client.get(
            URL,
            {"q": "cykelturen", "entries": 2},
            headers={"HX-Request": "true", "HX-Target": "results-entries-list"},
        )
    html = response.text
    assert len(re.findall(r"<li[ >]", html.split('id="results-entries-list"')[1])) >= 20
    assert html.count('tabindex="-1" data-dus-focus') == 1
    assert f'href="{URL}?q=cykelturen&amp;entries=3"' in html
