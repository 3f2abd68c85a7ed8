"""Bounded lists of gatherings: the list of upcoming (soonest first) and held ones
(newest first), and the initiatives a held gathering set going (newest first), each a
page at a time."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Adoption, AgendaItem, Gathering
from dialogues.views.gatherings import ADOPTIONS_PAGE, GATHERINGS_PAGE
from tests.factories import make_cluster, make_gathering, make_initiative, make_initiatives
from tests.paging_checks import HTMX, check_paging

pytestmark = pytest.mark.django_db
PER = GATHERINGS_PAGE


def _gatherings(n: int, by, held: bool) -> None:
    today = timezone.localdate()
    Gathering.objects.bulk_create(
        Gathering(
            title=f"{'Afholdt' if held else 'Kommende'} træf {i:03}",
            date=today + dt.timedelta(days=-i - 1 if held else i + 1),
            starts_at=dt.time(13),
            ends_at=dt.time(16),
            place="Rådhuset",
            state=Gathering.State.HELD if held else Gathering.State.PUBLISHED,
            created_by=by,
        )
        for i in range(n)
    )


def _held_with_adoptions(n: int) -> Gathering:
    gathering = make_gathering(state=Gathering.State.HELD)
    original = make_initiative(title="Lektiecafé")
    item = AgendaItem.objects.create(
        gathering=gathering, kind="initiative", initiative=original, title="Lektiecafé"
    )
    started = make_initiatives(make_cluster(), n, title="Sat i gang", inspired_by=original)
    Adoption.objects.bulk_create(Adoption(agenda_item=item, initiative=i) for i in started)
    return gathering


@pytest.mark.parametrize("held", [False, True])
def test_it_shows_the_first_gatherings_of_each_kind_and_the_next_in_place(
    client, staff_member, held
):
    _gatherings(PER + 4, staff_member, held)
    client.force_login(staff_member)
    word = "Afholdt" if held else "Kommende"
    first, _more = check_paging(
        client,
        reverse("dialogues:gathering_list"),
        list_id="past-rows" if held else "upcoming-rows",
        param="afholdte" if held else "kommende",
        marker=f">{word} træf ",
        per=PER,
        total=PER + 4,
    )
    # Soonest first, and the latest held first: both the one nearest today.
    assert first.index(f"{word} træf 000") < first.index(f"{word} træf 001")


def test_it_shows_the_newest_initiatives_set_going_and_the_next_in_place(client, outsider):
    gathering = _held_with_adoptions(ADOPTIONS_PAGE + 3)
    client.force_login(outsider)
    first, more = check_paging(
        client,
        gathering.get_absolute_url(),
        list_id="adoption-list",
        param="udbredelse",
        marker=">Sat i gang ",
        per=ADOPTIONS_PAGE,
        total=ADOPTIONS_PAGE + 3,
    )
    assert f"Satte {ADOPTIONS_PAGE + 3} indsatser i gang" in first
    assert "<h1>" not in more


@pytest.mark.parametrize("n", [2, 2 * PER + 3])
def test_the_gathering_pages_take_the_same_queries_whatever_their_number(
    client, staff_member, django_assert_max_num_queries, n
):
    _gatherings(n, staff_member, held=False)
    _gatherings(n, staff_member, held=True)
    gathering = _held_with_adoptions(n)
    client.force_login(staff_member)
    with django_assert_max_num_queries(8):
        client.get(reverse("dialogues:gathering_list"))
    with django_assert_max_num_queries(12):
        client.get(gathering.get_absolute_url())
    with django_assert_max_num_queries(6):
        client.get(
            gathering.get_absolute_url(),
            {"udbredelse": 2},
            headers=HTMX | {"HX-Target": "adoption-list"},
        )
