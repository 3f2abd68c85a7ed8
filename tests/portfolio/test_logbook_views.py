"""'Mine indsatser' and the logbook in the browser's forms, with and without htmx."""

import datetime as dt

import pytest
from django.urls import reverse

from portfolio.models import LogEntry
from portfolio.views.logbook import MINE_PER_PAGE
from tests.factories import make_cluster, make_entry, make_initiative

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def initiative(contract_holder, coordinator):
    cluster = make_cluster(coordinators=[coordinator], members=[contract_holder])
    return make_initiative(cluster, owner=contract_holder, title="Fredagscafé", status="running")


@pytest.mark.parametrize("count", [2, 40])
def test_it_lists_my_initiatives_with_the_last_entry_in_constant_queries(
    client, contract_holder, django_assert_max_num_queries, count
):
    cluster = make_cluster(members=[contract_holder])
    for n in range(count):
        initiative = make_initiative(cluster, owner=contract_holder, title=f"Indsats {n}")
        make_entry(initiative, text=f"Notat {n}")
    make_initiative(cluster, title="Andres")
    client.force_login(contract_holder)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("portfolio:my_initiatives")).content.decode()
    assert page.count('class="dus-mine-row"') == min(count, MINE_PER_PAGE)
    assert "Notat 1" in page and "Andres" not in page


def test_it_adds_an_entry_in_place_with_htmx(client, initiative, contract_holder):
    client.force_login(contract_holder)
    response = client.post(
        reverse("portfolio:entry_add", args=[initiative.pk]),
        {"kind": "learning", "text": "Borgerne kom igen", "share": "on", "next": "mine"},
        headers={**HTMX, "HX-Target": f"row-{initiative.pk}"},
    )
    page = response.content.decode()
    assert page.lstrip().startswith(f'<li id="row-{initiative.pk}"')
    assert "Borgerne kom igen" in page
    assert len(response.content) < 10_000
    entry = LogEntry.objects.get()
    assert (entry.author, entry.kind, entry.share) == (contract_holder, "learning", True)


def test_it_adds_an_entry_on_the_initiative_page_with_htmx(client, initiative, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("portfolio:entry_add", args=[initiative.pk]),
        {"kind": "obstacle", "text": "Lokalet er optaget"},
        headers={**HTMX, "HX-Target": "logbook"},
    )
    assert response.content.decode().lstrip().startswith('<section id="logbook"')
    assert "dus:announce" in response["HX-Trigger"]


def test_it_answers_htmx_with_the_logbook_the_initiative_page_shows(
    client, initiative, contract_holder
):
    make_entry(initiative, author=contract_holder, text="Første møde")
    client.force_login(contract_holder)
    response = client.post(
        reverse("portfolio:entry_add", args=[initiative.pk]),
        {"kind": "obstacle", "text": "Lokalet er optaget"},
        headers={**HTMX, "HX-Target": "logbook"},
    )
    page = client.get(initiative.get_absolute_url()).content.decode()

    def entries(html):
        return html[html.index('<ol class="unstyled-list no-max-width dus-entries"') :].split(
            "</ol>"
        )[0]

    answer = entries(response.content.decode())
    assert "Lokalet er optaget" in answer and "Første møde" in answer
    assert answer.count(">Ret<") == 2  # the author may correct both
    # Keyboard focus goes to the new entry, at the top; otherwise the page's list.
    focus = ' tabindex="-1" data-dus-focus'
    assert answer.index(focus) < answer.index("Lokalet er optaget") < answer.index("Første møde")
    assert answer.count(focus) == 1
    assert answer.replace(focus, "") == entries(page)


def test_it_adds_an_entry_without_javascript(client, initiative, contract_holder):
    client.force_login(contract_holder)
    response = client.post(
        reverse("portfolio:entry_add", args=[initiative.pk]),
        {"kind": "progress", "text": "Første møde", "next": "mine"},
    )
    assert response["Location"] == reverse("portfolio:my_initiatives")


@pytest.mark.parametrize(
    "data", [{"kind": "progress", "text": "   "}, {"kind": "gossip", "text": "x"}]
)
def test_it_refuses_an_empty_or_odd_entry_and_keeps_what_was_typed(
    client, initiative, contract_holder, data
):
    client.force_login(contract_holder)
    for headers in ({}, {**HTMX, "HX-Target": f"row-{initiative.pk}"}):
        response = client.post(
            reverse("portfolio:entry_add", args=[initiative.pk]), data, headers=headers
        )
        assert response.status_code == 200
        assert 'class="form-error-message"' in response.content.decode()
    assert not LogEntry.objects.exists()


def test_it_refuses_entries_from_outside_the_cluster(client, initiative, staff_member):
    client.force_login(staff_member)
    response = client.post(
        reverse("portfolio:entry_add", args=[initiative.pk]), {"kind": "progress", "text": "x"}
    )
    assert response.status_code == 403
    assert client.get(reverse("portfolio:entry_add", args=[initiative.pk])).status_code == 405
    assert client.post(reverse("portfolio:entry_add", args=[99999]), {}).status_code == 404


def test_it_lets_the_author_correct_within_24_hours_only(
    client, initiative, contract_holder, time_machine
):
    time_machine.move_to(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC), tick=False)
    entry = make_entry(initiative, author=contract_holder, text="Stavefjel")
    url = reverse("portfolio:entry_correct", args=[entry.pk])
    client.force_login(contract_holder)
    assert url in client.get(initiative.get_absolute_url()).content.decode()
    response = client.post(url, {"kind": "progress", "text": "Stavefejl"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.text == "Stavefejl" and entry.corrected_at
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 1, tzinfo=dt.UTC), tick=False)
    client.force_login(contract_holder)  # the session of the day before has expired
    assert url not in client.get(initiative.get_absolute_url()).content.decode()
    assert client.post(url, {"kind": "progress", "text": "For sent"}).status_code == 403
    entry.refresh_from_db()
    assert entry.text == "Stavefejl"


def test_it_never_lets_another_person_correct(client, initiative, contract_holder, coordinator):
    entry = make_entry(initiative, author=contract_holder)
    client.force_login(coordinator)
    assert client.get(reverse("portfolio:entry_correct", args=[entry.pk])).status_code == 403
