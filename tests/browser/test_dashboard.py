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
    # Every panel follows the filter. The coverage shows the chosen problem only: the
    # others are outside the filter, not gaps; nor is a mission without it.
    coverage = page.locator(".dus-coverage")
    expect(coverage).to_contain_text(problem.title)
    expect(coverage).not_to_contain_text("Et klima i krise")
    expect(coverage.locator(".dus-gap-mark")).to_have_count(0)

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


@pytest.mark.parametrize("width", [1280, 375, 320])
def test_it_reads_right_at_every_width(page, demo, width):
    """The filtered coverage, a review's capacity beside its question and a search in
    Danish letters, each without axe violations and without the page scrolling sideways
    (a wide table scrolls in its own box)."""
    from portfolio.models import Initiative, Review

    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "koncernledelse", DEMO_PASSWORD)
    problem = HardProblem.objects.get(number=7)
    page.goto(f"/dashboard/?problem={problem.pk}")
    expect(page.locator(".dus-coverage tbody tr")).to_have_count(1)
    expect(page.locator(".dus-coverage .dus-gap-mark")).to_have_count(0)
    assert axe_violations(page) == []

    # The rest as a reader: a coordinator's page also lists its reminders, whose table
    # is not part of this test.
    page.context.clear_cookies()
    sign_in(page, "kontraktholder", DEMO_PASSWORD)
    initiative = Initiative.objects.active().filter(
        unit__isnull=False, cluster__reviews__state=Review.State.SCHEDULED
    )[0]
    review = initiative.cluster.reviews.filter(state=Review.State.SCHEDULED)[0]
    page.goto(review.get_absolute_url())
    figures = page.locator(".dus-review-capacity")
    expect(figures).to_be_visible()
    expect(figures.get_by_role("table")).to_contain_text(initiative.unit.name)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    counts = []
    for query in ("Ældre", "ældre"):
        page.goto(f"/soeg/?q={query}")
        counts.append(page.locator("main p[role=status]").inner_text().split()[0])
    assert counts[0] == counts[1] != "0"
    page.goto("/soeg/?q=øget")
    expect(page.locator("#results-problems")).to_be_visible()
    expect(page.get_by_role("link", name="Øget mistrivsel og ny udsathed")).to_be_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
