"""The front page (Overblik) and the pages of a track and a hard problem."""

import pytest
from django.urls import reverse

from dus.models import HardProblem, Plan, Track
from tests.factories import make_unit, make_user

pytestmark = pytest.mark.django_db


def test_it_shows_the_whole_strategic_frame(client, contract_holder):
    client.force_login(contract_holder)
    response = client.get(reverse("frame:overview"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mennesker møder mennesker i Danmarks smukkeste kommune" in page
    for title in [
        "Balanceret vækst – Bæredygtig udvikling",
        "En kommune hvor alle er med",
        "Det gode liv i fællesskabet",
        "Grøn Skanderborg",
        "Fælles ansvar for en bæredygtig velfærd",
        "Fremtidens attraktive arbejdsfællesskab",
        *HardProblem.objects.values_list("title", flat=True),
    ]:
        assert title in page, title
    assert page.count("Håndteres i andre planer") == 2
    for track in Track.objects.all():
        assert track.get_absolute_url() in page
        assert track.description[:40] in page


def test_it_links_every_problem_to_its_page(client, contract_holder):
    client.force_login(contract_holder)
    page = client.get(reverse("frame:overview")).content.decode()
    for problem in HardProblem.objects.all():
        assert f'href="{problem.get_absolute_url()}"' in page


def test_it_marks_the_overview_as_the_current_page_in_the_menu(client, contract_holder):
    client.force_login(contract_holder)
    page = client.get(reverse("frame:overview")).content.decode()
    assert 'aria-current="page"><span>Overblik</span>' in page
    for label in ["Missioner", "Porteføljer", "Dashboard", "Dialoger", "Ledertræf"]:
        assert f"<span>{label}</span>" in page


def test_it_uses_a_constant_number_of_queries(client, django_assert_max_num_queries):
    # More units and people must not cost more queries on the front page.
    for _n in range(30):
        make_user(unit=make_unit())
    user = make_user()
    client.force_login(user)
    # The frame (5), the roles, and the role sections' own look-ups (4 for someone
    # with no role and no cluster): tests/dialogues/test_front_page_roles.py.
    with django_assert_max_num_queries(12):
        assert client.get(reverse("frame:overview")).status_code == 200


def test_it_shows_a_track_with_an_empty_list_of_missions(client, contract_holder):
    client.force_login(contract_holder)
    track = Track.objects.get(number=2)
    page = client.get(track.get_absolute_url()).content.decode()
    assert "<h1>Fremtidens attraktive arbejdsfællesskab</h1>" in page
    assert "Der er endnu ingen missioner i dette spor." in page


def test_it_shows_a_problem_handled_elsewhere_with_its_note(client, contract_holder):
    client.force_login(contract_holder)
    problem = HardProblem.objects.get(number=1)
    page = client.get(problem.get_absolute_url()).content.decode()
    assert "<h1>Et klima i krise</h1>" in page
    assert "Håndteres i andre planer" in page
    assert problem.elsewhere_note in page
    assert "Ingen indsatser arbejder med problemet endnu." in page


def test_it_answers_404_for_an_unknown_track_or_problem(client, contract_holder):
    client.force_login(contract_holder)
    plan = Plan.objects.get()
    assert client.get(reverse("frame:track_detail", args=[plan.slug, "spor-9"])).status_code == 404
    assert client.get(reverse("frame:problem_detail", args=["dus-1999", "x"])).status_code == 404


@pytest.mark.parametrize("name", ["dialogues:dialogue_list", "dialogues:gathering_list"])
def test_it_has_no_coming_soon_section_left_in_the_menu(client, contract_holder, name):
    client.force_login(contract_holder)
    page = client.get(reverse(name)).content.decode()
    assert "Kommer snart" not in page
    assert 'aria-current="page"' in page


def test_it_refuses_post_on_read_only_pages(client, contract_holder):
    client.force_login(contract_holder)
    assert client.post(reverse("frame:overview")).status_code == 405


def test_it_lists_a_tracks_missions_and_a_problems_missions_and_initiatives(
    client, contract_holder
):
    from tests.factories import make_cluster, make_initiative, make_mission

    problem = HardProblem.objects.get(number=7)
    mission = make_mission(title="Alle børn trives", problems=[problem])
    cluster = make_cluster(mission=mission, name="Trivselsklyngen")
    make_initiative(cluster, title="Fredagscafé", status="running").problems.set([problem])
    make_initiative(
        cluster, title="Stoppet café", status="stopped", stop_reason="r", stop_learning="l"
    ).problems.set([problem])
    client.force_login(contract_holder)
    track_page = client.get(mission.track.get_absolute_url()).content.decode()
    assert "Alle børn trives" in track_page and "Trivselsklyngen" in track_page
    problem_page = client.get(problem.get_absolute_url()).content.decode()
    assert "Alle børn trives" in problem_page
    assert "Fredagscafé" in problem_page and "Stoppet café" not in problem_page
