"""The front page (Overblik) for each role in a real browser at 375 px: the right
sections, links that lead on, no sideways scrolling, no axe violations."""

import pytest
from playwright.sync_api import expect

from dus.demo import DEMO_PASSWORD
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 375, "height": 800}


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_it_shows_a_coordinator_their_work_and_clusters_on_a_phone(page, demo):
    page.set_viewport_size(NARROW)
    sign_in(page, "tovholder", DEMO_PASSWORD)
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Mine indsatser", exact=True)).to_be_visible()
    expect(main.get_by_role("heading", name="Mine klynger")).to_be_visible()
    expect(main.get_by_role("heading", name="Programmet lige nu")).to_have_count(0)
    first = main.locator(".dus-front-clusters > li").first
    expect(first).to_contain_text("Du koordinerer")
    assert _fits(page)
    assert axe_violations(page) == []
    with page.expect_navigation():
        main.locator("#front-next-review a").click()
    assert "/vurderinger/" in page.url


def test_it_shows_direction_the_programme_on_a_phone(page, demo):
    page.set_viewport_size(NARROW)
    sign_in(page, "direktion", DEMO_PASSWORD)
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Programmet lige nu")).to_be_visible()
    expect(main).not_to_contain_text("Du er endnu ikke medlem af en klynge")
    for part in ["Status pr. spor", "Huller i dækningen", "Enheder over kapacitet"]:
        expect(main.get_by_role("heading", name=part)).to_be_visible()
    assert _fits(page)
    assert axe_violations(page) == []
    with page.expect_navigation():
        main.locator("#front-tracks a").first.click()
    assert "/dashboard/?track=" in page.url
