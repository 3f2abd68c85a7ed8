"""Missions and clusters in a real browser: reading, creating, and axe on every page."""

import pytest
from playwright.sync_api import expect

from dus.demo import DEMO_PASSWORD, load_organisation
from missions.demo import load_missions
from missions.models import Cluster, Mission
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(frame):
    load_missions(load_organisation())


def test_it_shows_missions_read_only_to_a_contract_holder(page, demo):
    sign_in(page, "kontraktholder", DEMO_PASSWORD)
    page.get_by_role("link", name="Missioner", exact=True).first.click()
    assert page.locator("h1").inner_text() == "Missioner"
    assert page.get_by_role("link", name="Ny mission").count() == 0
    page.get_by_role("link", name="Alle børn og unge trives i fællesskaber").click()
    assert page.get_by_role("link", name="Redigér mission").count() == 0
    mission = Mission.objects.get(title="Alle børn og unge trives i fællesskaber")
    response = page.goto(f"/missioner/{mission.pk}/rediger/")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "Du har ikke adgang til denne side"
    page.errors.clear()  # the 403 was the point
    page.goto(mission.get_absolute_url())
    page.get_by_role("link", name="Klyngen for trivsel i skole og fritid").click()
    assert page.get_by_text("Tovholder").first.is_visible()


def test_it_lets_group_management_create_a_mission_with_the_keyboard(page, demo):
    sign_in(page, "koncernledelse", DEMO_PASSWORD)
    page.goto("/missioner/ny/")
    page.locator("#id_title").focus()
    page.keyboard.type("Klimatilpasning med lokalsamfundet")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # choose the first track
    page.keyboard.press("Tab")
    page.keyboard.type("Vi vil tilpasse os sammen med borgerne.")
    page.keyboard.press("Tab")
    page.keyboard.type("Færre oversvømmede kældre.")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first hard problem
    with page.expect_navigation():
        page.get_by_role("button", name="Gem").press("Enter")
    assert page.locator("h1").inner_text() == "Klimatilpasning med lokalsamfundet"
    assert page.get_by_text("Missionen er oprettet.").is_visible()
    assert Mission.objects.get(title="Klimatilpasning med lokalsamfundet").problems.count() == 1


def test_it_has_no_axe_violations_on_mission_pages(page, demo):
    mission = Mission.objects.first()
    cluster = Cluster.objects.first()
    sign_in(page, "koncernledelse", DEMO_PASSWORD)
    for path in [
        "/missioner/",
        mission.get_absolute_url(),
        f"/missioner/{mission.pk}/rediger/",
        "/missioner/ny/",
        cluster.get_absolute_url(),
        f"/klynger/{cluster.pk}/rediger/",
        f"/missioner/{mission.pk}/klynger/ny/",
    ]:
        page.goto(path)
        assert axe_violations(page) == [], path
    # A form with errors, too.
    page.goto("/missioner/ny/")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem").click()
    assert page.locator(".form-error-message").count() >= 3
    assert axe_violations(page) == []


def test_it_lets_group_management_build_a_cluster_with_the_keyboard(page, demo):
    sign_in(page, "koncernledelse", DEMO_PASSWORD)
    mission = Mission.objects.get(title="Alle børn og unge trives i fællesskaber")
    page.goto(mission.get_absolute_url())
    page.get_by_role("link", name="Ny klynge").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    page.locator("#id_name").focus()
    page.keyboard.type("Klyngen for fritidsjob")
    page.keyboard.press("Tab")
    page.keyboard.type("Flere unge i fritidsjob.")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the first colleague becomes coordinator
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("6")
    page.get_by_role("button", name="Gem").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Klyngen for fritidsjob"
    cluster = Cluster.objects.get(name="Klyngen for fritidsjob")
    assert cluster.review_cadence_weeks == 6
    assert cluster.memberships.filter(role="coordinator").count() == 1

    # A colleague, found by typing; the results come as you type.
    page.locator("#id_q").focus()
    page.keyboard.type("Maja")
    page.get_by_role("button", name="Tilføj Maja Lund").wait_for()
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")  # the first result's add button
    with page.expect_response(lambda r: "/medlemmer/" in r.url):
        page.keyboard.press("Enter")
    page.locator("#members").get_by_text("Maja Lund er tilføjet som medlem.").wait_for()
    assert page.evaluate("document.activeElement.id") == "id_q"  # ready for the next one
    assert cluster.memberships.current().filter(person__username="kontraktholder").exists()

    # An external actor: first let the colleague search's last as-you-type answer land,
    # so no late swap replaces the form while it is being filled in.
    page.wait_for_load_state("networkidle")
    page.locator("#id_actor-name").focus()
    page.keyboard.type("Anne Borg")
    page.keyboard.press("Tab")
    page.keyboard.type("Skanderborg Fritidsråd")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # Borger
    page.keyboard.press("ArrowDown")  # Forening
    page.keyboard.press("Tab")
    page.keyboard.type("anne@example.dk")
    page.get_by_role("button", name="Tilføj ekstern aktør").focus()
    with page.expect_response(lambda r: "/eksterne/" in r.url) as answer:
        page.keyboard.press("Enter")
    assert answer.value.status == 200
    page.locator("#members").get_by_text("Anne Borg er tilføjet.").wait_for()
    membership = cluster.memberships.get(actor__name="Anne Borg")
    assert (membership.role, membership.actor.kind) == ("external", "association")
    expect(page.locator("#dus-announcer")).to_have_text("Anne Borg er tilføjet.")
    assert axe_violations(page) == []
