"""An initiative's logbook and history, a page at a time: newest first, "Vis flere"."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from portfolio.models import LogEntry
from tests.factories import make_cluster, make_initiative

pytestmark = pytest.mark.django_db
HTMX_MORE = {"HX-Request": "true", "HX-Target": "logbook-entries"}


@pytest.fixture
def initiative(contract_holder, coordinator):
    cluster = make_cluster(coordinators=[coordinator], members=[contract_holder])
    return make_initiative(cluster, owner=contract_holder, title="Fredagscafé", status="running")


def _log(initiative, count: int) -> None:
    """`count` entries, number 1 the oldest, a day apart (bulk: no per-row work)."""
    start = timezone.now() - dt.timedelta(days=count + 1)
    entries = LogEntry.objects.bulk_create(
        LogEntry(initiative=initiative, author=initiative.owner, text=f"Note nummer {n}.")
        for n in range(1, count + 1)
    )
    for n, entry in enumerate(entries, start=1):
        entry.created_at = start + dt.timedelta(days=n)
    LogEntry.objects.bulk_update(entries, ["created_at"])


def _notes(html: str) -> list[int]:
    import re

    return [int(n) for n in re.findall(r"Note nummer (\d+)\.", html)]


def test_it_shows_the_newest_entries_first_and_links_to_more(client, initiative, contract_holder):
    _log(initiative, 60)
    client.force_login(contract_holder)
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert _notes(html) == list(range(60, 35, -1))
    assert "Viser 25 af 60" in html
    assert f'href="{initiative.get_absolute_url()}?logbog=2"' in html


def test_the_next_page_is_a_plain_page_without_javascript(client, initiative, contract_holder):
    _log(initiative, 60)
    client.force_login(contract_holder)
    html = client.get(initiative.get_absolute_url(), {"logbog": 2}).content.decode()
    assert _notes(html) == list(range(35, 10, -1))
    assert "Viser 26–50 af 60" in html
    assert "Forrige side" in html and "<h1>Fredagscafé</h1>" in html


def test_htmx_gets_only_the_logbook_with_the_next_rows_to_append(
    client, initiative, contract_holder
):
    _log(initiative, 60)
    client.force_login(contract_holder)
    response = client.get(initiative.get_absolute_url(), {"logbog": 3}, headers=HTMX_MORE)
    html = response.content.decode()
    assert _notes(html) == list(range(10, 0, -1))
    assert "<h1>" not in html  # the logbook section only
    first = html.index('<li class="dus-entry')
    assert 'tabindex="-1" data-dus-focus' in html[first : html.index(">", first)]
    assert html.count("data-dus-focus") == 1
    assert "Viser 60 af 60" in html and "Vis flere" not in html


def test_other_parameters_are_kept_in_the_links(client, initiative, contract_holder):
    _log(initiative, 30)
    client.force_login(contract_holder)
    html = client.get(initiative.get_absolute_url(), {"historik": 1}).content.decode()
    assert f'href="{initiative.get_absolute_url()}?historik=1&amp;logbog=2"' in html


def test_a_new_entry_by_htmx_comes_first_on_the_first_page(client, initiative, contract_holder):
    _log(initiative, 40)
    client.force_login(contract_holder)
    response = client.post(
        reverse("portfolio:entry_add", args=[initiative.pk]),
        {"kind": "learning", "text": "Nyeste læring"},
        headers={"HX-Request": "true", "HX-Target": "logbook"},
    )
    html = response.content.decode()
    assert html.index("Nyeste læring") < html.index("Note nummer 40.")
    assert _notes(html) == list(range(40, 16, -1))  # 24 old ones and the new
    assert "Viser 25 af 41" in html
    # "Vis flere" leads to the initiative page, not to the address the form posted to.
    assert f'href="{initiative.get_absolute_url()}?logbog=2"' in html


@pytest.mark.parametrize("entries", [3, 300])
def test_the_page_and_its_next_rows_take_the_same_queries(
    client, initiative, contract_holder, django_assert_max_num_queries, entries
):
    _log(initiative, entries)
    for n in range(entries // 10):  # a history that grows too
        initiative.title = f"Fredagscafé {n}"
        initiative.save()
    client.force_login(contract_holder)
    with django_assert_max_num_queries(25):
        page = client.get(initiative.get_absolute_url())
    with django_assert_max_num_queries(9):
        client.get(initiative.get_absolute_url(), {"logbog": 2}, headers=HTMX_MORE)
    assert page.content.decode().count('<li class="dus-entry ') == min(entries, 25)
