"""The organisation import in a real browser: from "Mine indstillinger" to the upload,
the problems next to the field, the preview, "Anvend" and the result; no axe
violations on any of them, at 375 px without sideways scrolling."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from dus.models import Unit
from tests.browser.conftest import axe_violations, sign_in
from tests.dus.orgfiles import org_file
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_file(page, data: bytes) -> None:
    page.get_by_label("Organisationsfil (CSV)").set_input_files(
        {"name": "organisation.csv", "mimeType": "text/csv", "buffer": data}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Vis forhåndsvisning").click()


def test_it_previews_then_applies_the_file(page, frame, staff_member):
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, staff_member.username, PASSWORD)
    page.goto(reverse("frame:my_settings"))
    page.get_by_role("link", name="Indlæs organisationen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indlæs organisationen")
    assert axe_violations(page) == []

    page.errors.clear()  # the 422 of the file with a problem below
    choose_file(page, org_file("enhed,U9,X,Kontor,U1,,,"))
    expect(page.locator("#id_file_error")).to_contain_text("Linje 8: Arten »Kontor« er ukendt")
    page.errors.clear()
    assert axe_violations(page) == []

    choose_file(page, org_file(sep=";", bom=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Forhåndsvisning af organisationsimporten"
    )
    expect(page.get_by_role("heading", name="Enheder, der oprettes (4)")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_violations(page) == []
    assert not Unit.objects.exclude(external_id=None).exists()

    with page.expect_navigation():
        page.get_by_role("button", name="Anvend").click()
    expect(page.locator(".alert-success")).to_contain_text("Enheder: 4 oprettet")
    assert axe_violations(page) == []
    assert Unit.objects.exclude(external_id=None).count() == 4
