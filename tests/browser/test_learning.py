"""Learning that spreads, in a real browser: the learning page, and a contract holder
adopting another cluster's initiative ("Vi vil også prøve det") with the keyboard only;
axe on both pages."""

import pytest

from dus.demo import DEMO_PASSWORD
from missions.models import Cluster
from portfolio.models import Initiative
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tab_to(page, name: str, limit: int = 120) -> None:
    """Press Tab until the focused element's accessible text starts with `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate(
            "(document.activeElement.innerText || document.activeElement.value || '').trim()"
        )
        if text.startswith(name):
            return
    raise AssertionError(f"never reached {name!r} with Tab")


def test_it_shows_the_learning_page_without_axe_violations(page, demo):
    sign_in(page, "stab", DEMO_PASSWORD)
    _tab_to(page, "Læring")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Læring"
    assert axe_violations(page) == []
    page.locator("#id_ledertraef").select_option("to_share")
    with page.expect_navigation():
        page.get_by_role("button", name="Anvend filtre").click()
    assert "ledertraef=to_share" in page.url
    assert axe_violations(page) == []


def test_it_lets_a_contract_holder_adopt_an_initiative_with_the_keyboard(page, demo):
    holder = demo["kontraktholder"]
    home = Cluster.objects.with_member(holder).order_by("name").first()
    original = (
        Initiative.objects.exclude(cluster__in=Cluster.objects.with_member(holder))
        .filter(inspired__isnull=True)
        .order_by("pk")
        .first()
    )
    sign_in(page, "kontraktholder", DEMO_PASSWORD)
    page.goto(original.get_absolute_url())
    _tab_to(page, "Vi vil også prøve det")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Vi vil også prøve det"
    assert axe_violations(page) == []
    page.locator("#id_cluster").focus()
    page.keyboard.press("ArrowDown")  # the first of the user's clusters, by name
    page.keyboard.press("Tab")
    page.keyboard.press("End")
    page.keyboard.type(" i Stilling")
    _tab_to(page, "Start vores indsats")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    adopted = Initiative.objects.get(inspired_by=original)
    assert adopted.title == f"{original.title} i Stilling"
    assert adopted.cluster == home and adopted.unit == holder.unit
    assert page.locator("h1").inner_text() == adopted.title
    page.goto(original.get_absolute_url())
    assert adopted.title in page.locator("#spread-heading + *").inner_text()


def test_it_lets_a_contract_holder_adopt_from_a_held_gatherings_agenda(page, demo):
    from dialogues.demo_gatherings import load_gatherings
    from dialogues.models import Adoption, Gathering

    load_gatherings(demo)
    held = Gathering.objects.get(state=Gathering.State.HELD)
    before = Adoption.objects.count()
    sign_in(page, "kontraktholder", DEMO_PASSWORD)
    page.goto(held.get_absolute_url())
    assert axe_violations(page) == []
    _tab_to(page, "Vi vil også prøve det")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Vi vil også prøve det"
    assert axe_violations(page) == []
    page.locator("#id_cluster").focus()
    page.keyboard.press("ArrowDown")  # the first of the user's clusters, by name
    page.keyboard.press("Tab")
    page.keyboard.press("End")
    page.keyboard.type(" fra Ledertræf")
    _tab_to(page, "Start vores indsats")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Adoption.objects.count() == before + 1
    adoption = Adoption.objects.order_by("-pk").first()
    assert adoption.agenda_item.gathering == held
    assert adoption.initiative.title.endswith(" fra Ledertræf")
    assert page.locator("h1").inner_text() == adoption.initiative.title
    page.goto(held.get_absolute_url())
    assert adoption.initiative.title in page.content()
