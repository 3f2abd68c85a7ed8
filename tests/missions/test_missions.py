"""Missions: the list, a mission's page, and creating, editing and closing one."""

import pytest
from django.urls import reverse

from dus.models import HardProblem, StrategyTrack, Track
from missions.models import Mission
from tests.factories import make_cluster, make_initiative, make_mission

pytestmark = pytest.mark.django_db


def _valid(**overrides) -> dict:
    data = {
        "title": "Flere unge i job",
        "track": Track.objects.get(number=1).pk,
        "statement": "Vi vil finde nye veje.",
        "ambition": "Flere unge i job om to år.",
        "problems": [HardProblem.objects.get(number=3).pk],
        "strategy_tracks": [StrategyTrack.objects.get(number=2).pk],
        "status": "active",
    }
    return {**data, **overrides}


@pytest.mark.parametrize("count", [3, 60])
def test_it_lists_missions_by_track_with_constant_queries(
    client, contract_holder, django_assert_max_num_queries, count
):
    for n in range(count):
        mission = make_mission(track=Track.objects.get(number=1 + n % 2))
        make_cluster(mission=mission)
    client.force_login(contract_holder)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("missions:mission_list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="dus-mission"') == count


def test_it_counts_each_missions_active_initiatives_across_its_clusters(client, contract_holder):
    mission = make_mission(title="Alle børn trives")
    first, second = make_cluster(mission=mission), make_cluster(mission=mission)
    for cluster, status in [(first, "idea"), (first, "running"), (second, "evaluating")]:
        make_initiative(cluster, status=status)
    make_initiative(second, status="scaled")
    make_initiative(first, status="stopped", stop_reason="r", stop_learning="l")
    make_initiative(make_cluster(), status="running")  # another mission's
    client.force_login(contract_holder)
    page = client.get(reverse("missions:mission_list")).content.decode()
    item = page[page.index("Alle børn trives") :]
    assert "<dt>Aktive indsatser</dt>\n        <dd>3</dd>" in item[: item.index("</li>")]


def test_it_shows_a_mission_with_problems_clusters_and_history(client, contract_holder):
    mission = make_mission(title="Alle børn trives")
    cluster = make_cluster(mission=mission, name="Trivselsklyngen")
    client.force_login(contract_holder)
    page = client.get(mission.get_absolute_url()).content.decode()
    assert "<h1>Alle børn trives</h1>" in page
    assert "Øget mistrivsel og ny udsathed" in page
    assert cluster.get_absolute_url() in page
    assert "Historik" in page
    # A reader sees no edit controls.
    assert reverse("missions:mission_edit", args=[mission.pk]) not in page
    assert reverse("missions:mission_close", args=[mission.pk]) not in page


def test_it_lets_group_management_create_a_mission(client, group_manager):
    client.force_login(group_manager)
    assert client.get(reverse("missions:mission_create")).status_code == 200
    response = client.post(reverse("missions:mission_create"), _valid())
    mission = Mission.objects.get(title="Flere unge i job")
    assert response.status_code == 302
    assert response["Location"] == mission.get_absolute_url()
    assert list(mission.problems.values_list("number", flat=True)) == [3]
    assert mission.history.first().history_user == group_manager


@pytest.mark.parametrize("person", ["contract_holder", "staff_member", "outsider"])
def test_it_refuses_mission_writes_to_readers(client, request, person):
    mission = make_mission()
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse("missions:mission_create")).status_code == 403
    assert client.post(reverse("missions:mission_create"), _valid()).status_code == 403
    assert client.get(reverse("missions:mission_edit", args=[mission.pk])).status_code == 403
    assert client.post(reverse("missions:mission_close", args=[mission.pk])).status_code == 403
    assert not Mission.objects.filter(title="Flere unge i job").exists()
    mission.refresh_from_db()
    assert mission.status == Mission.Status.ACTIVE


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Dette felt er påkrævet."),
        ({"title": "x" * 201}, "title", "højst have 200 tegn"),
        ({"problems": []}, "problems", "Vælg mindst ét fælles svært problem."),
        ({"problems": [99999]}, "problems", "Marker en gyldig valgmulighed"),
        ({"track": 99999}, "track", "Marker en gyldig valgmulighed"),
        ({"status": "scaled"}, "status", "Marker en gyldig valgmulighed"),
    ],
)
def test_it_answers_bad_input_with_a_danish_field_error(
    client, group_manager, overrides, field, message
):
    client.force_login(group_manager)
    response = client.post(reverse("missions:mission_create"), _valid(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not Mission.objects.exists()


def test_it_edits_a_mission_and_records_who(client, group_manager):
    mission = make_mission(title="Gammel titel")
    client.force_login(group_manager)
    response = client.post(
        reverse("missions:mission_edit", args=[mission.pk]),
        _valid(title="Ny titel", read_version=mission.version),
    )
    assert response.status_code == 302
    mission.refresh_from_db()
    assert (mission.title, mission.version) == ("Ny titel", 2)
    assert mission.history.first().history_user == group_manager


def test_it_refuses_a_stale_edit_and_keeps_both_changes(client, group_manager, director):
    mission = make_mission(title="Original")
    stale = mission.version
    client.force_login(director)
    client.post(
        reverse("missions:mission_edit", args=[mission.pk]),
        _valid(title="Direktionens", read_version=stale),
    )
    client.force_login(group_manager)
    response = client.post(
        reverse("missions:mission_edit", args=[mission.pk]), _valid(title="Min", read_version=stale)
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "En anden har gemt ændringer" in page
    assert 'value="Min"' in page  # the user's input is kept in the form
    mission.refresh_from_db()
    assert mission.title == "Direktionens"


def test_it_closes_a_mission_which_stays_readable(client, group_manager, contract_holder):
    mission = make_mission()
    client.force_login(group_manager)
    assert client.get(reverse("missions:mission_close", args=[mission.pk])).status_code == 405
    response = client.post(reverse("missions:mission_close", args=[mission.pk]))
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.status == Mission.Status.CLOSED
    client.force_login(contract_holder)
    page = client.get(mission.get_absolute_url()).content.decode()
    assert "Missionen er lukket" in page


def test_it_answers_404_for_a_missing_mission(client, group_manager):
    client.force_login(group_manager)
    assert client.get(reverse("missions:mission_detail", args=[99999])).status_code == 404
    assert client.post(reverse("missions:mission_close", args=[99999])).status_code == 404


def test_it_explains_a_refusal_and_a_missing_page_in_danish(client, contract_holder):
    mission = make_mission()
    client.force_login(contract_holder)
    refused = client.get(reverse("missions:mission_edit", args=[mission.pk]))
    assert "Du har ikke adgang til denne side" in refused.content.decode()
    missing = client.get("/findes-ikke/")
    assert missing.status_code == 404
    assert "Vi kan ikke finde siden" in missing.content.decode()


def test_it_shows_who_changed_which_fields_in_the_history(
    client, group_manager, django_assert_max_num_queries
):
    mission = make_mission(title="Gammel titel")
    client.force_login(group_manager)
    client.post(
        reverse("missions:mission_edit", args=[mission.pk]),
        _valid(title="Ny titel", problems=[HardProblem.objects.get(number=5).pk], read_version=1),
    )
    with django_assert_max_num_queries(16):
        page = client.get(mission.get_absolute_url()).content.decode()
    assert "Søren Kjær" in page
    assert "Ændret: titel" in page
    assert "fælles svære problemer" in page
