"""The portal's search at scale: stored vectors kept in step with every write, prefix
matching as the user types, and user input never read as tsquery syntax."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dus import search
from missions.models import Mission
from portfolio.models import Initiative, LogEntry
from tests.factories import make_cluster, make_entry, make_initiative

pytestmark = pytest.mark.django_db


def _page(client, user, q) -> str:
    client.force_login(user)
    response = client.get(reverse("frame:search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode().replace("<mark>", "").replace("</mark>", "")


def test_tsquery_keeps_only_words_and_makes_the_last_a_prefix():
    assert search.tsquery("ældre borg") == "ældre & borg:*"
    assert search.tsquery("a&b|c!(d):*'e\\f") == "a & b & c & d & e & f:*"
    assert search.tsquery("&|!():*'\\") == ""
    assert search.tsquery(" ".join(f"w{n}" for n in range(20))).count("&") == search.MAX_WORDS - 1


def test_it_finds_a_word_by_its_beginning(client, contract_holder):
    initiative = make_initiative(title="Fredagscafé", what="Ældre borgerne mødes.")
    make_entry(initiative, text="Borgerne kom igen i denne uge.")
    page = _page(client, contract_holder, "borg")
    assert "Ældre borgerne mødes." in page
    assert "Borgerne kom igen i denne uge." in page


@pytest.mark.parametrize("q", ["&|!():*'\\", "borg & | ! ( ) : * ' \\", "'borg':*A", "!!", "(("])
def test_it_answers_tsquery_syntax_without_an_error(client, contract_holder, q):
    make_initiative(title="Borgermøde", what="Borgerne mødes.")
    _page(client, contract_holder, q)


@pytest.mark.postgres
def test_it_finds_what_was_just_written_on_postgres(client, contract_holder):
    initiative = make_initiative(title="Kaffevognen", what="Vi kører rundt.")
    assert "Kaffevognen" in _page(client, contract_holder, "kaffevogn")
    initiative.title = "Tevognen"
    initiative.save()
    page = _page(client, contract_holder, "tevogn")
    assert "Tevognen" in page
    assert "Tevognen" not in _page(client, contract_holder, "kaffevogn")
    Initiative.objects.filter(pk=initiative.pk).update(hypothesis="Vi tror at solsikker hjælper.")
    assert "Tevognen" in _page(client, contract_holder, "solsikke")

    entry = make_entry(initiative, text="Mødet om cykelstier gik godt.")
    assert "cykelstier" in _page(client, contract_holder, "cykelsti")
    LogEntry.objects.filter(pk=entry.pk).update(text="Mødet om gadelamper gik godt.")
    assert "gadelamper" in _page(client, contract_holder, "gadelampe")
    LogEntry.objects.bulk_create(
        [LogEntry(initiative=initiative, author=initiative.owner, text="Vandposten er åben.")]
    )
    assert "Vandposten er åben." in _page(client, contract_holder, "vandpost")

    cluster = initiative.cluster
    cluster.name = "Klyngen for havebrug"
    cluster.save()
    assert "Klyngen for havebrug" in _page(client, contract_holder, "havebrug")
    Mission.objects.filter(pk=cluster.mission_id).update(ambition="Flere frugttræer.")
    assert cluster.mission.title in _page(client, contract_holder, "frugttræ")


@pytest.mark.postgres
def test_it_reads_the_stored_vectors_of_the_big_tables_on_postgres(client, contract_holder):
    make_entry(make_initiative(title="Borgermøde"), text="Borgerne kom.")
    client.force_login(contract_holder)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("frame:search"), {"q": "borger"})
    for table in (
        "portfolio_initiative",
        "portfolio_logentry",
        "missions_mission",
        "missions_cluster",
    ):
        # The ids of a kind's first hits, counted up to a limit, and then the rows of
        # its first page by id, marked (ts_headline) when there are any.
        counted, *found = [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"]]
        assert '"search_vector" @@' in counted and "LIMIT 101" in counted
        assert "ts_headline" not in counted and "COUNT(*)" not in counted
        assert len(found) <= 1  # none when nothing was found (the mission, the cluster)
        assert found or not table.startswith("portfolio_")
        for sql in found:
            assert "ts_headline" in sql and '"id" IN (' in sql and "@@" not in sql
        for sql in (counted, *found):
            assert "to_tsvector" not in sql


@pytest.mark.parametrize("size", [1, 8])
def test_it_searches_in_a_constant_number_of_queries(
    client, contract_holder, django_assert_max_num_queries, size
):
    cluster = make_cluster(name="Borgerklyngen")
    for n in range(size):
        make_entry(make_initiative(cluster, title=f"Borgermøde {n}"), text="Borgerne kom.")
    client.force_login(contract_holder)
    # A query a kind for its first hits (their ids, counted) and one for the page shown.
    with django_assert_max_num_queries(17):
        client.get(reverse("frame:search"), {"q": "borg"})


@pytest.mark.postgres
def test_it_ranks_the_hits_best_first_and_the_newest_first_past_the_cap(
    client, contract_holder, monkeypatch
):
    cluster = make_cluster()
    in_title = make_initiative(cluster, title="Kaffe til alle", what="Vi mødes.")
    in_text = make_initiative(cluster, title="Fredagscafé", what="Vi drikker kaffe.")
    client.force_login(contract_holder)
    page = client.get(reverse("frame:search"), {"q": "kaffe"}).text
    # The title weighs more than the other texts, though the other hit is newer.
    assert page.index(in_title.get_absolute_url()) < page.index(in_text.get_absolute_url())
    # Past the cap only the CAP newest hits are ranked, and the rest follow newest first.
    monkeypatch.setattr(search, "CAP", 1)
    newest = make_initiative(cluster, title="Tredje", what="Kaffe?")
    page = client.get(reverse("frame:search"), {"q": "kaffe"}).text
    order = [page.index(o.get_absolute_url()) for o in (newest, in_text, in_title)]
    assert order == sorted(order)


@pytest.mark.postgres
def test_it_finds_hits_older_than_the_newest_rows_it_looks_through_first(
    client, contract_holder, monkeypatch
):
    monkeypatch.setattr(search, "WINDOW", 2)
    initiative = make_initiative(title="Fredagscafé")
    make_entry(initiative, text="Kaffevognen kom forbi.")
    for n in range(3):
        make_entry(initiative, text=f"Intet nyt {n}.")
    assert "Kaffevognen kom forbi." in _page(client, contract_holder, "kaffevogn")
    # Found through the GIN index, they are still in the kind's order, newest first.
    for n in range(2):
        make_entry(initiative, text=f"Kaffevognen igen {n}.")
    page = _page(client, contract_holder, "kaffevogn")
    assert page.index("Kaffevognen igen 1.") < page.index("Kaffevognen igen 0.")
    assert page.index("Kaffevognen igen 0.") < page.index("Kaffevognen kom forbi.")
