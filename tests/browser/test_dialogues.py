"""Contract-holder dialogues in a real browser: the contract holder prepares with the
keyboard only, and axe finds nothing on the dialogue pages."""

import pytest

from dialogues.demo import load_dialogues
from dialogues.models import Dialogue
from dus.demo import DEMO_PASSWORD
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tab_to(page, name: str, limit: int = 80) -> None:
    """Press Tab until the focused element's accessible text starts with `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate(
            "(document.activeElement.innerText || document.activeElement.value || '').trim()"
        )
        if text.startswith(name):
            return
    raise AssertionError(f"never reached {name!r} with Tab")


def test_it_lets_the_contract_holder_prepare_the_dialogue_with_the_keyboard(page, demo):
    load_dialogues(demo)
    dialogue = Dialogue.objects.get(contract_holder__username="kontraktholder")
    sign_in(page, "kontraktholder", DEMO_PASSWORD)
    # From the front page's "Mine dialoger" to the dialogue.
    _tab_to(page, "Stilling Skole")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Stilling Skole"
    assert axe_violations(page) == []
    for _ in range(60):  # Tab on to the first theme of the preparation
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_prep_operations":
            break
    else:
        raise AssertionError("never reached the preparation with Tab")
    page.keyboard.type("Driften er stabil, men vi mangler vikarer.")
    page.keyboard.press("Tab")
    page.keyboard.type("Vi afprøver skærmfri frikvarterer.")
    page.keyboard.press("Tab")
    page.keyboard.type("Jeg deltager i klyngen om trivsel.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.innerText.trim()") == "Gem forberedelsen"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Din forberedelse er gemt." in page.content()
    dialogue.refresh_from_db()
    assert dialogue.prep_contribution == "Jeg deltager i klyngen om trivsel."
    assert dialogue.prepared_at is not None
    assert axe_violations(page) == []


@pytest.mark.parametrize("username", ["direktion", "stab", "tovholder"])
def test_it_has_no_axe_violations_on_the_dialogue_pages(page, demo, username):
    load_dialogues(demo)
    sign_in(page, username, DEMO_PASSWORD)
    held = Dialogue.objects.get(unit__name="Jobcenter Skanderborg")
    paths = ["/", "/dialoger/"]
    if username == "stab":
        paths.append("/dialoger/planlaeg/")
    else:
        paths.append(held.get_absolute_url())
    for path in paths:
        page.goto(path)
        assert axe_violations(page) == [], path


def test_it_shows_the_calendar_feed_on_my_settings_without_axe_violations(page, demo):
    sign_in(page, "kontraktholder", DEMO_PASSWORD)
    page.goto("/mine-indstillinger/")
    feed = page.locator("a[href*='/kalender/'], input[value*='/kalender/']").first
    assert "/kalender/" in (feed.get_attribute("href") or feed.get_attribute("value"))
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(page) == []
