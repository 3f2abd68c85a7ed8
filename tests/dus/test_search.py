"""The portal's one search: Danish full text on PostgreSQL, a fallback on SQLite."""

import pytest
from django.urls import reverse

from tests.factories import make_cluster, make_entry, make_initiative, make_mission

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    mission = make_mission(title="Borgerne i centrum", statement="Vi møder borgeren hjemme.")
    cluster = make_cluster(
        mission=mission, name="Klyngen for nærvær", purpose="Mere tid med borgere"
    )
    initiative = make_initiative(
        cluster, title="Fredagscafé for ældre", what="Ældre borgere mødes hver fredag."
    )
    make_entry(initiative, text="Borgerne kom igen i denne uge, også de ældre.")
    return initiative


def _search(client, user, q):
    client.force_login(user)
    return client.get(reverse("frame:search"), {"q": q})


def test_it_groups_results_by_kind_and_marks_the_words(client, contract_holder, content):
    page = _search(client, contract_holder, "fredag").content.decode()
    assert "Fredagscafé for ældre" in page
    assert "<mark>" in page
    assert 'id="results-initiatives"' in page


def test_it_finds_across_missions_clusters_and_entries(client, contract_holder, content):
    page = _search(client, contract_holder, "borger").content.decode()
    for group in ("results-initiatives", "results-entries", "results-missions", "results-clusters"):
        assert group in page, group


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert('x')</script>",
        "' OR 1=1; DROP TABLE dus_user; --",
        "x" * 10_000,
        "   ",
        "%_%",
    ],
)
def test_it_answers_odd_queries_safely(client, contract_holder, content, query):
    response = _search(client, contract_holder, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert('x')</script>" not in page
    if len(query) > 200:
        assert "forkortet til 200 tegn" in page


def test_it_offers_the_search_box_on_every_page(client, contract_holder):
    client.force_login(contract_holder)
    assert f'action="{reverse("frame:search")}"' in client.get("/").content.decode()


@pytest.mark.postgres
def test_it_finds_danish_inflected_forms_on_postgres(client, contract_holder, content):
    page = _search(client, contract_holder, "borgere").content.decode()
    assert "Borgerne i centrum" in page  # "borgere" finds "borgeren" and "borgerne"
    assert "Fredagscafé for ældre" in page
    assert "<mark>" in page
