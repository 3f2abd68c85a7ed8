"""The foundation in a real browser: sign in, the frame, language, sign out, axe."""

import pytest

from dus.demo import DEMO_PASSWORD, load_organisation
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo_people(frame):
    return load_organisation()


def test_it_signs_in_shows_the_frame_switches_language_and_signs_out(page, demo_people):
    page.goto("/")
    assert page.url.endswith("/log-ind/?next=/")
    assert page.locator("html").get_attribute("lang") == "da"

    sign_in(page, "kontraktholder", DEMO_PASSWORD)
    assert page.locator("h1").inner_text() == "Overblik"
    assert page.get_by_text("Mennesker møder mennesker i Danmarks smukkeste kommune").is_visible()
    assert page.locator(".dus-problems > li").count() == 7
    assert page.locator(".dus-cards > li").count() == 2
    assert page.get_by_text("Maja Lund, Stilling Skole").is_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Overview"
    with page.expect_navigation():
        page.get_by_role("button", name="Dansk").click()
    assert page.locator("h1").inner_text() == "Overblik"

    page.get_by_role("link", name="Et klima i krise").click()
    assert page.locator("h1").inner_text() == "Et klima i krise"
    assert page.get_by_text("Håndteres i andre planer").first.is_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="Log ud").click()
    assert "/log-ind/" in page.url
    page.goto("/")
    assert "/log-ind/" in page.url


def test_it_shows_a_danish_error_for_a_wrong_password(page, demo_people):
    sign_in(page, "kontraktholder", "forkert")
    assert "/log-ind/" in page.url
    assert page.get_by_text("Brugernavn eller adgangskode er ikke korrekt").is_visible()


def test_it_reaches_the_content_with_the_skip_link(page, demo_people):
    sign_in(page, "kontraktholder", DEMO_PASSWORD)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Gå til sidens indhold"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


@pytest.mark.parametrize("path", ["/log-ind/", "/", "/tilgaengelighed/"])
def test_it_has_no_axe_violations(page, demo_people, path):
    if path != "/log-ind/":
        sign_in(page, "kontraktholder", DEMO_PASSWORD)
    page.goto(path)
    assert axe_violations(page) == []


def test_it_has_no_axe_violations_on_a_track_and_a_problem(page, demo_people):
    sign_in(page, "kontraktholder", DEMO_PASSWORD)
    page.get_by_role("link", name="Fælles ansvar for en bæredygtig velfærd").click()
    assert axe_violations(page) == []
    page.goto("/")
    page.get_by_role("link", name="Pres på det specialiserede socialområde").click()
    assert axe_violations(page) == []
