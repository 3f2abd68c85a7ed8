"""The owner filter in a real browser at 375 px: typing suggests owners (htmx fills a
<datalist>), Enter filters by the typed name, no axe violations."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dus.demo import DEMO_PASSWORD
from portfolio.models import Initiative
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_suggests_owners_as_the_user_types_and_filters_by_the_name(page, demo):
    owner = Initiative.objects.select_related("owner").first().owner
    name = str(owner)
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, "stab", DEMO_PASSWORD)
    page.goto(reverse("portfolio:initiative_list"))
    field = page.get_by_label("Ejer")
    expect(field).to_have_attribute("list", "id_owner-suggestions")
    field.press_sequentially(owner.first_name[:3].lower(), delay=50)
    expect(page.locator(f'#id_owner-suggestions option[value="{name}"]')).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_violations(page) == []
    field.fill(name)
    with page.expect_navigation():
        field.press("Enter")
    assert "owner=" in page.url
    expect(page.get_by_label("Ejer")).to_have_value(name)
    owners = page.locator("main tbody tr td:nth-child(4)").all_inner_texts()
    assert owners
    assert all(name in text for text in owners)
    assert axe_violations(page) == []
