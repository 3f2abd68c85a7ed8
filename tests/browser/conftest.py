"""Browser tests: Playwright driving Debian's Chromium against live_server."""

import pytest

from tests.conftest import CHROMIUM

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Milliseconds a browser test waits for a page, an element or a navigation. CI runs the
# browser tests beside the rest of the suite (xdist) on 2 cores: an answer that takes 1 s
# alone has taken over 10 s there, which failed a sign-out's navigation (the PostgreSQL run).
TIMEOUT_MS = 30_000


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)  # expect()'s own default is 5 s

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page whose console errors fail the test."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "response",
        lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.errors = errors  # a test that expects an error status clears it here
    yield page
    context.close()
    assert not errors, errors


def sign_in(page, username: str, password: str) -> None:
    """Sign in with the keyboard only."""
    from playwright.sync_api import expect

    page.goto("/log-ind/")
    # The user name field has focus on arrival (autofocus); wait for it under load.
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in results.response["violations"]
    ]


@pytest.fixture
def demo(frame):
    """The whole demo data set: organisation, missions and clusters, portfolios."""
    from dus.demo import load_organisation
    from missions.demo import load_missions
    from portfolio.demo import load_portfolios

    people = load_organisation()
    load_missions(people)
    load_portfolios(people)
    return people
