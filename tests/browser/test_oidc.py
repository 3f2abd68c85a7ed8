"""Signing in with a work account in a real browser, against the test identity provider
(tests/oidc_provider.py): the sign-in page with its button, the round trip, and the
roles on "Mine indstillinger"; axe-core on each page."""

import pytest

from tests import oidc_provider
from tests.browser.conftest import axe_violations
from tests.oidc_provider import GROUP_MANAGEMENT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The test identity provider's fixtures.
provider = oidc_provider.provider
oidc = oidc_provider.oidc


def test_it_signs_in_with_the_work_account(page, oidc, frame):
    oidc.claims = {"groups": [GROUP_MANAGEMENT]}
    page.goto("/")
    button = page.get_by_role("link", name="Log ind med din arbejdskonto")
    assert button.is_visible()
    # The password form stays below it, under its own heading.
    assert page.get_by_role("heading", name="Log ind med brugernavn og adgangskode").is_visible()
    assert axe_violations(page) == []

    with page.expect_navigation():
        button.click()  # to the provider, which signs Maja in at once, and back
    assert page.locator("h1").inner_text() == "Overblik"
    assert page.get_by_text("Maja Lund").first.is_visible()

    page.goto("/mine-indstillinger/")
    roles = page.get_by_role("table")
    assert roles.get_by_role("rowheader").all_inner_texts() == ["Koncernledelse"]
    assert roles.get_by_role("cell").all_inner_texts() == ["Identitetsudbyderens grupper"]
    assert axe_violations(page) == []


def test_it_shows_a_refusal_as_a_danish_page_without_axe_violations(page, oidc, frame):
    oidc.tamper = {"aud": "another-client"}
    page.goto("/log-ind/")
    page.errors.clear()
    with page.expect_navigation():
        page.get_by_role("link", name="Log ind med din arbejdskonto").click()
    assert page.locator("h1").inner_text() == "Du blev ikke logget ind"
    assert axe_violations(page) == []
    page.errors.clear()  # the refusal answers 400
