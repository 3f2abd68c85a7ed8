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


@pytest.fixture
def more_than_a_hundred(db):
    initiative = make_initiative(title="Kaffevognen")
    LogEntry.objects.bulk_create(
        LogEntry(initiative=initiative, author=initiative.owner, text=f"Cykelturen nummer {n}.")
        for n in range(105)
    )
    return initiative


def test_it_counts_at_most_a_hundred_hits_of_a_kind_and_says_so(
    client, contract_holder, more_than_a_hundred
):
    client.force_login(contract_holder)
    html = client.get(URL, {"q": "cykelturen"}).text
    assert html.count("nummer") == 20
    assert "Mere end 100 resultater" in html
    assert '<span class="dus-count">mere end 100</span>' in html
    assert "Viser 20 af mere end 100" in html
    fifth = client.get(URL, {"q": "cykelturen", "entries": 5}).text
    assert "Viser 81–100 af mere end 100" in fifth
    assert f'href="{URL}?q=cykelturen&amp;entries=6"' in fifth
    # A page past the hundred counts up to its own end: every hit can be reached.
    sixth = client.get(URL, {"q": "cykelturen", "entries": 6}).text
    assert sixth.count("nummer") == 5 and "Viser 101–105 af 105" in sixth
    seen = set()
    for page in range(1, 7):
        html = client.get(URL, {"q": "cykelturen", "entries": page}).text
        seen |= set(re.findall(r"nummer (\d+)", html))
    assert len(seen) == 105


def test_a_tampered_page_number_answers_the_last_page(client, contract_holder, many):
    client.force_login(contract_holder)
    for number in ("99999999999999999999999", "10001", "-1", "x"):
        response = client.get(URL, {"q": "cykelturen", "entries": number})
        assert response.status_code == 200
