"""The gathering pages: who sees and changes what, the builder's in-place changes,
bad input answered beside the field, and the query counts of the list and builder."""

import pytest
from django.urls import reverse

from dialogues.models import AgendaItem, Gathering
from tests.factories import make_entry, make_gathering, make_initiative

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
NEW = {
    "kind": "ledertraef",
    "title": "Læring fra klyngerne",
    "date": "2026-05-07",
    "starts_at": "13:00",
    "ends_at": "16:00",
    "place": "Rådhuset",
}


@pytest.fixture
def gathering(staff_member):
    return make_gathering(created_by=staff_member)


def _url(name, obj):
    return reverse(f"dialogues:{name}", args=[obj.pk])


def test_it_lists_upcoming_and_held_gatherings(client, outsider, staff_member):
    make_gathering(title="Forberedes", created_by=staff_member)
    make_gathering(title="Offentliggjort", state="published")
    client.force_login(outsider)
    response = client.get(reverse("dialogues:gathering_list"))
    assert response.status_code == 200
    assert "Offentliggjort" in response.text
    assert "Forberedes" not in response.text  # only staff and group management see it
    client.force_login(staff_member)
    assert "Forberedes" in client.get(reverse("dialogues:gathering_list")).text


def test_it_hides_a_gathering_being_prepared_from_others(
    client, gathering, outsider, contract_holder
):
    for person in (outsider, contract_holder):
        client.force_login(person)
        assert client.get(gathering.get_absolute_url()).status_code == 404
        assert client.post(_url("gathering_publish", gathering)).status_code == 404


def test_it_lets_everyone_read_a_published_agenda_but_not_change_it(client, outsider):
    gathering = make_gathering(state="published")
    client.force_login(outsider)
    assert client.get(gathering.get_absolute_url()).status_code == 200
    assert client.get(gathering.get_absolute_url() + "?print").status_code == 200
    for name in ("gathering_held", "gathering_move", "gathering_add", "gathering_add_free"):
        assert client.post(_url(name, gathering)).status_code == 403
    assert client.get(_url("gathering_outcomes", gathering)).status_code == 403
    assert client.get(_url("gathering_edit", gathering)).status_code == 403
    assert client.get(reverse("dialogues:gathering_create")).status_code == 403


def test_it_refuses_get_on_changing_views(client, gathering, staff_member):
    client.force_login(staff_member)
    for name in (
        "gathering_add",
        "gathering_add_free",
        "gathering_move",
        "gathering_reorder",
        "gathering_publish",
        "gathering_held",
    ):
        assert client.get(_url(name, gathering)).status_code == 405
    item = gathering.add_free_item(title="Pause", duration_minutes=10, by=staff_member)
    assert client.get(_url("gathering_remove", item)).status_code == 405


def test_it_creates_a_gathering_once(client, staff_member):
    client.force_login(staff_member)
    url = reverse("dialogues:gathering_create")
    form = client.get(url).context["form"]
    data = NEW | {"submission": form["submission"].value()}
    first = client.post(url, data)
    second = client.post(url, data)
    gathering = Gathering.objects.get()
    assert first["Location"] == second["Location"] == gathering.get_absolute_url()
    assert gathering.created_by == staff_member


def test_it_answers_an_end_before_the_start_beside_the_field(client, staff_member):
    client.force_login(staff_member)
    response = client.post(reverse("dialogues:gathering_create"), NEW | {"ends_at": "12:00"})
    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"] == [
        "Sluttidspunktet skal ligge efter starttidspunktet."
    ]
    assert not Gathering.objects.exists()


@pytest.mark.parametrize("minutes", ["0", "600", "x"])
def test_it_answers_a_bad_duration_beside_the_field(client, gathering, staff_member, minutes):
    client.force_login(staff_member)
    response = client.post(
        _url("gathering_add_free", gathering),
        {"free-title": "Pause", "free-duration_minutes": minutes},
        headers=HTMX,
    )
    assert response.status_code == 200  # htmx 2 swaps only 2xx answers in
    assert "duration_minutes" in response.context["free_form"].errors
    assert 'aria-invalid="true"' in response.text
    assert not gathering.items.exists()


def test_it_adds_a_candidate_in_place_and_refuses_it_twice(client, gathering, staff_member):
    entry = make_entry(make_initiative(title="Walk-and-talk"), kind="learning", share=True)
    client.force_login(staff_member)
    response = client.post(_url("gathering_add", gathering), {"entry": entry.pk}, headers=HTMX)
    assert response.status_code == 200
    assert 'id="builder"' in response.text and "<html" not in response.text
    assert gathering.items.get().entry == entry
    again = client.post(_url("gathering_add", gathering), {"entry": entry.pk}, headers=HTMX)
    assert "Det er allerede på dagsordenen." in again.text
    assert gathering.items.count() == 1


def test_it_adds_a_candidate_without_javascript(client, gathering, staff_member):
    initiative = make_initiative(status="scaled")
    client.force_login(staff_member)
    response = client.post(
        _url("gathering_add", gathering), {"initiative": initiative.pk, "filters": "track=1"}
    )
    assert response.status_code == 302
    assert response["Location"] == gathering.get_absolute_url() + "?track=1"
    assert gathering.items.get().initiative == initiative


def test_it_moves_reorders_and_removes_items(client, gathering, staff_member):
    a, b = (gathering.add_free_item(title=t, duration_minutes=10, by=staff_member) for t in "AB")
    client.force_login(staff_member)
    response = client.post(_url("gathering_move", gathering), {"move": f"{b.pk}:up"}, headers=HTMX)
    assert "B er nu nummer 1." in response.text
    assert [i.title for i in gathering.agenda()] == ["B", "A"]
    client.post(_url("gathering_reorder", gathering), {"order": [a.pk, b.pk]})
    assert [i.title for i in gathering.agenda()] == ["A", "B"]
    client.post(_url("gathering_remove", a))
    assert [i.title for i in gathering.agenda()] == ["B"]
    bad = client.post(_url("gathering_move", gathering), {"move": "x:sideways"}, headers=HTMX)
    assert bad.status_code == 200 and "Vælg op eller ned for et punkt." in bad.text


def test_it_changes_an_item_s_duration_and_presenter(client, gathering, staff_member, coordinator):
    item = gathering.add_free_item(title="Workshop", duration_minutes=30, by=staff_member)
    client.force_login(staff_member)
    url = _url("gathering_item_edit", item)
    refused = client.post(url, {"title": "Workshop", "duration_minutes": "0"})
    assert refused.context["form"].errors["duration_minutes"]
    client.post(url, {"title": "Workshop", "duration_minutes": "45", "presenter": str(coordinator)})
    item.refresh_from_db()
    assert (item.duration_minutes, item.presenter) == (45, coordinator)


def test_it_publishes_records_outcomes_and_marks_held(client, gathering, staff_member):
    entry = make_entry(make_initiative(), kind="learning", share=True)
    item = gathering.add_candidate(entry=entry, by=staff_member)
    client.force_login(staff_member)
    assert client.post(_url("gathering_publish", gathering)).status_code == 302
    gathering.refresh_from_db()
    assert gathering.state == "published"
    url = _url("gathering_outcomes", gathering)
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "outcome-TOTAL_FORMS": "1",
        "outcome-INITIAL_FORMS": "1",
        "outcome-0-id": item.pk,
        "outcome-0-outcome": "Godt modtaget.",
        "outcome-0-next_try": "Galten Skole",
    }
    assert client.post(url, data).status_code == 302
    assert AgendaItem.objects.get().next_try == "Galten Skole"
    assert client.post(_url("gathering_held", gathering)).status_code == 302
    entry.refresh_from_db()
    assert entry.shared_at is not None


def test_it_shows_the_overrun_warning_on_the_builder(client, gathering, staff_member):
    gathering.add_free_item(title="Lang workshop", duration_minutes=200, by=staff_member)
    client.force_login(staff_member)
    response = client.get(gathering.get_absolute_url())
    assert 'id="overrun-warning"' in response.text
    assert "Den går 20 minutter over 16.00" in response.text


@pytest.mark.parametrize("size", [1, 12])
def test_it_lists_gatherings_in_few_queries(
    client, staff_member, size, django_assert_max_num_queries
):
    for _n in range(size):
        make_gathering(created_by=staff_member, state="published")
    client.force_login(staff_member)
    with django_assert_max_num_queries(7):  # upcoming and held: each counted, then a page
        assert client.get(reverse("dialogues:gathering_list")).status_code == 200


@pytest.mark.parametrize("size", [1, 10])
def test_it_builds_the_agenda_page_in_few_queries(
    client, gathering, staff_member, size, django_assert_max_num_queries
):
    for _n in range(size):
        initiative = make_initiative(status="scaled")
        gathering.add_candidate(
            entry=make_entry(initiative, kind="learning", share=True), by=staff_member
        )
        make_entry(make_initiative(), kind="learning", share=True)
        make_initiative(status="anchored")
    client.force_login(staff_member)
    with django_assert_max_num_queries(16):
        assert client.get(gathering.get_absolute_url()).status_code == 200


def test_it_replaces_coming_soon_in_the_menu(client, contract_holder):
    client.force_login(contract_holder)
    page = client.get(reverse("dialogues:gathering_list")).text
    assert "Kommer snart" not in page
    assert 'aria-current="page"' in page


def test_it_filters_the_pool_on_the_builder(client, gathering, staff_member):
    from dus.models import Track
    from tests.factories import make_cluster, make_mission

    track_2 = Track.objects.get(number=2)
    make_entry(make_initiative(title="Spor et-indsats"), kind="learning", share=True)
    in_2 = make_initiative(make_cluster(make_mission(track=track_2)), title="Spor to-indsats")
    make_entry(in_2, kind="learning", share=True)
    client.force_login(staff_member)
    response = client.get(gathering.get_absolute_url(), {"track": track_2.pk}, headers=HTMX)
    assert "<html" not in response.text
    assert "Spor to-indsats" in response.text and "Spor et-indsats" not in response.text
    bad = client.get(gathering.get_absolute_url(), {"track": "x", "problem": "99999"})
    assert bad.status_code == 200  # an unknown filter is ignored, not a 500


def test_it_takes_publish_and_held_sent_twice_calmly(client, gathering, staff_member):
    gathering.add_free_item(title="Velkomst", duration_minutes=10, by=staff_member)
    client.force_login(staff_member)
    for name in ("gathering_publish", "gathering_held"):
        client.post(_url(name, gathering))
        again = client.post(_url(name, gathering), follow=True)
        assert again.status_code == 200
        assert not [m for m in again.context["messages"] if m.level_tag == "error"]
    gathering.refresh_from_db()
    assert gathering.state == "held"


def test_it_refuses_to_publish_an_empty_agenda(client, gathering, staff_member):
    client.force_login(staff_member)
    response = client.post(_url("gathering_publish", gathering), follow=True)
    assert "Sæt mindst ét punkt på dagsordenen" in response.text
    gathering.refresh_from_db()
    assert gathering.is_planned


def test_it_creates_no_item_from_outcome_forms_sent_as_new(client, staff_member):
    """Found by tests/dus/test_post_fuzz.py: INITIAL_FORMS lowered made the outcome forms
    new items without a gathering, and a 500."""
    gathering = make_gathering(created_by=staff_member)
    item = gathering.add_free_item(title="Velkomst", duration_minutes=10, by=staff_member)
    gathering.publish(staff_member)
    client.force_login(staff_member)
    data = {
        "outcome-TOTAL_FORMS": "2",
        "outcome-INITIAL_FORMS": "0",
        "outcome-0-id": item.pk,
        "outcome-0-outcome": "Nyt punkt?",
        "outcome-1-outcome": "Og et til?",
    }
    response = client.post(_url("gathering_outcomes", gathering), data)
    assert response.status_code in (200, 302)
    assert list(AgendaItem.objects.values_list("title", "outcome")) == [("Velkomst", "")]


def test_it_keeps_only_the_pool_s_own_filters_after_a_change(client, gathering, staff_member):
    """Found by tests/dus/test_post_fuzz.py: a `filters` of 20,000 characters made the
    redirect after removing an item fail with 400, the item removed."""
    item = gathering.add_free_item(title="Pause", duration_minutes=10, by=staff_member)
    client.force_login(staff_member)
    response = client.post(
        _url("gathering_remove", item), {"filters": "track=2&x=" + "x" * 20_000 + "&problem=ø"}
    )
    assert response.status_code == 302
    assert response["Location"] == gathering.get_absolute_url() + "?track=2"
