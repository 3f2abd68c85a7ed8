"""The portal's one search: Danish full text on PostgreSQL, a fallback on SQLite."""

import re

import pytest
from django.urls import reverse

from dialogues.search import STRATEGY_TRACKS_ANCHOR
from dus import search
from dus.models import HardProblem, Track
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


def _unmarked(page: str) -> str:
    return page.replace("<mark>", "").replace("</mark>", "")


def _search(client, user, q):
    client.force_login(user)
    return client.get(reverse("frame:search"), {"q": q})


def test_it_groups_results_by_kind_and_marks_the_words(client, contract_holder, content):
    page = _search(client, contract_holder, "fredag").content.decode()
    assert "Fredagscafé for ældre" in _unmarked(page)
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
    assert "<mark>Borgerne</mark> i centrum" in page  # "borgere" finds "borgerne"
    assert "Fredagscafé for ældre" in page
    assert "<mark>" in page


def _hits(client, user, q) -> list[tuple[str, str]]:
    """(group, link) of every hit on the search page, in order."""
    page = _search(client, user, q).content.decode()
    sections = re.findall(
        r'<section aria-labelledby="results-([a-z_]+)">(.*?)</section>', page, re.S
    )
    return [
        (group, url)
        for group, html in sections
        for url in re.findall(r'<li>\s*<a href="([^"]+)"', html)
    ]


def test_it_folds_the_case_of_danish_letters(client, contract_holder, content):
    make_initiative(content.cluster, title="Ældrerådet", what="ÆLDRE OG UNGE SAMMEN.")
    upper = _hits(client, contract_holder, "Ældre")
    assert len(upper) >= 3  # "Ældre", "ældre", "ÆLDRE" and the entry's "ældre"
    assert _hits(client, contract_holder, "ældre") == upper
    assert _hits(client, contract_holder, "ÆLDRE") == upper


def test_it_folds_the_case_of_every_letter_in_icontains(db):
    assert HardProblem.objects.filter(title__icontains="øGET MISTRIVSEL").count() == 1
    assert HardProblem.objects.filter(title__icontains="Øget").count() == 1
    assert HardProblem.objects.filter(title__icontains="%").count() == 0  # still escaped


def test_it_finds_hard_problems_tracks_and_strategy_tracks(client, contract_holder):
    problem = HardProblem.objects.get(title="Øget mistrivsel og ny udsathed")
    assert ("problems", problem.get_absolute_url()) in _hits(client, contract_holder, "øget")
    track = Track.objects.get(number=2)  # "Fremtidens attraktive arbejdsfællesskab"
    assert ("tracks", track.get_absolute_url()) in _hits(client, contract_holder, "attraktive")
    strategy = f"{reverse('frame:overview')}#{STRATEGY_TRACKS_ANCHOR}"
    assert ("strategy_tracks", strategy) in _hits(client, contract_holder, "grøn")
    page = _search(client, contract_holder, "grøn").content.decode()
    assert "<mark>Grøn</mark> Skanderborg" in page
    assert "Strategispor 4 · DUS 2024-25" in page


def test_it_links_a_strategy_track_to_where_the_front_page_lists_them(client, contract_holder):
    client.force_login(contract_holder)
    page = client.get(reverse("frame:overview")).content.decode()
    section = page[page.index(f'id="{STRATEGY_TRACKS_ANCHOR}"') :]
    assert "Grøn Skanderborg" in section


def test_it_shows_the_matched_word_in_the_snippet(client, contract_holder, content):
    long = " ".join(["Vi begynder med at samle erfaringer fra skolerne i området."] * 8)
    make_initiative(
        content.cluster,
        title="Mad til alle",
        what=long + " Til sidst kommer kaffevognen <b>forbi</b> & co.",
        hypothesis="Vi tror at fællesskab virker.",
    )
    make_initiative(content.cluster, title="Hypotesen", hypothesis="Vi tror at cykelturen hjælper.")
    page = _search(client, contract_holder, "kaffevognen").content.decode()
    snippet = page[page.index("Mad til alle") :]
    snippet = snippet[snippet.index("<p>") : snippet.index("</p>")]
    assert "<mark>kaffevognen</mark>" in snippet  # 500 characters into the text
    # Only the mark is markup: the text is escaped (PostgreSQL's headline drops the tags).
    assert "forbi" in snippet and "&amp; co" in snippet
    assert "<b>" not in snippet
    page = _search(client, contract_holder, "cykelturen").content.decode()
    assert "<mark>cykelturen</mark>" in page  # found in the hypothesis, not in "what"


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("Ældre borgere mødes", "ældre", "<mark>Ældre</mark> borgere mødes"),
        ("a & b ældre", "ÆLDRE", "a &amp; b <mark>ældre</mark>"),
        ("Ældre æ", "æ ældre", "<mark>Ældre</mark> <mark>æ</mark>"),
        ("intet her", "ældre", "intet her"),
    ],
)
def test_it_marks_every_query_word_in_any_case(text, query, expected):
    assert search.mark(text, query) == expected


def test_it_cuts_the_excerpt_at_words_around_the_first_match():
    text = " ".join(f"ord{n}" for n in range(200)) + " Kaffevognen kom " + "slut " * 100
    excerpt = search.excerpt(text, "kaffevognen")
    assert excerpt.startswith("…ord") and excerpt.endswith("…")
    assert "<mark>Kaffevognen</mark>" in excerpt
    assert len(excerpt) < search.SNIPPET_CHARACTERS + 40
    words = excerpt.strip("…").replace("<mark>", "").replace("</mark>", "").split()
    assert all(w.startswith("ord") or w in ("Kaffevognen", "kom", "slut") for w in words)
    assert search.excerpt("Kort tekst", "intet") == "Kort tekst"
