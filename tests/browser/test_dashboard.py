"""Group management's dashboard in a real browser."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from dus.demo import DEMO_PASSWORD
from dus.models import HardProblem
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_filters_in_place_follows_a_gap_and_downloads_xlsx(page, demo):
    sign_in(page, "koncernledelse", DEMO_PASSWORD)
    page.goto("/dashboard/")
    assert axe_violations(page) == []
    before = page.locator("#panels").inner_text()

    problem = HardProblem.objects.get(number=3)
    with page.expect_response(lambda r: "/dashboard/" in r.url and "problem=" in r.url):
        page.get_by_label("Fælles svært problem").select_option(str(problem.pk))
    expect(page).to_have_url(
        f"http://{page.url.split('/')[2]}/dashboard/?track=&mission=&cluster=&unit=&problem={problem.pk}&status=&kind=&owner="
    )
    after = page.locator("#panels").inner_text()
    assert after != before
    assert "1 filter anvendt." in after
    # Every panel follows the filter: the coverage matrix has other rows at zero now.
    climate = page.locator("tr", has_text="Et klima i krise").first
    assert "hul" in climate.inner_text()

    # The back button returns to the unfiltered dashboard.
    page.go_back()
    expect(page.locator("#panels")).not_to_contain_text("1 filter anvendt.")
    page.goto("/dashboard/")

    # A gap in the coverage matrix leads to its (empty) list.
    with page.expect_navigation():
        page.locator("tr", has_text="Et klima i krise").first.get_by_role("link").last.click()
    assert "/indsatser/" in page.url
    expect(page.locator("main")).to_contain_text("Ingen indsatser matcher filtrene.")

    page.goto("/dashboard/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    with open(download.value.path(), "rb") as file:  # the download has no file extension
        sheet = load_workbook(io.BytesIO(file.read())).active
    assert next(sheet.values)[0] == "Indsats"
    assert sheet.max_row > 10


def test_it_has_no_axe_violations_on_search_and_lists(page, demo):
    sign_in(page, "koncernledelse", DEMO_PASSWORD)
    page.locator("#header-q").fill("borgere")
    with page.expect_navigation():
        page.locator("#header-q").press("Enter")
    assert "/soeg/" in page.url
    assert page.locator("mark").count() > 0
    assert axe_violations(page) == []
    page.goto("/indsatser/?status=active&sort=title")
    assert axe_violations(page) == []
