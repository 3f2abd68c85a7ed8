"""A portfolio of 200 initiatives in a real browser: "Vis flere" with the keyboard, a move
across the page boundary with the buttons, dragging within the shown rows, axe clean."""

import pytest
from playwright.sync_api import expect

from portfolio.models import Initiative
from portfolio.views.ranking import RANKING_PER_PAGE as PER
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, make_cluster, make_initiatives, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _ids(cluster) -> list[int]:
    return list(
        Initiative.objects.filter(cluster=cluster)
        .active()
        .order_by("rank")
        .values_list("pk", flat=True)
    )


def test_it_pages_and_prioritises_a_long_portfolio_with_the_keyboard(page, frame):
    coordinator = make_user(username="tovholderen")
    cluster = make_cluster(coordinators=[coordinator])
    make_initiatives(cluster, 200, coordinator)
    start = _ids(cluster)
    sign_in(page, "tovholderen", PASSWORD)
    page.goto(f"/portefoeljer/{cluster.pk}/")
    items = page.locator("#ranking-list > .dus-rank-item")
    expect(items).to_have_count(PER)
    expect(page.locator("#ranking-counts")).to_contain_text("200 aktive indsatser")

    # "Vis flere" by keyboard: the next page appended, the first new one focused.
    page.get_by_role("link", name="Vis flere").focus()
    with page.expect_response(lambda r: "side=2" in r.url):
        page.keyboard.press("Enter")
    expect(items).to_have_count(2 * PER)
    expect(page.locator(f"#rank-{PER + 1}")).to_be_focused()
    expect(page.locator("#ranking-list-more")).to_contain_text(f"Viser {2 * PER} af 200")
    assert axe_violations(page) == []

    # The last row shown, one place down: onto the next page, which comes along.
    page.get_by_role("button", name=f"Ned – Indsats {2 * PER:04d}", exact=True).focus()
    with page.expect_response(lambda r: "/flyt/" in r.url):
        page.keyboard.press("Enter")
    expect(items).to_have_count(3 * PER)
    expect(page.locator(f"#rank-{2 * PER + 1}")).to_contain_text(f"Indsats {2 * PER:04d}")
    expect(page.locator(f"#rank-{2 * PER}")).to_contain_text(f"Indsats {2 * PER + 1:04d}")
    moved = f"Indsats {2 * PER:04d} er nu nummer {2 * PER + 1}"
    expect(page.locator("#dus-announcer")).to_contain_text(moved)
    expect(page.locator(f"button[value='{start[2 * PER - 1]}:down']")).to_be_focused()
    expect(page.locator("#ranking-list-more")).to_contain_text(f"Viser {3 * PER} af 200")
    ids = _ids(cluster)
    assert ids[2 * PER - 1 : 2 * PER + 1] == [start[2 * PER], start[2 * PER - 1]]
    assert list(
        Initiative.objects.filter(cluster=cluster).order_by("rank").values_list("rank", flat=True)
    ) == list(range(1, 201))

    # Dragging within the shown rows: the second to the top; the rest keep their places.
    page.locator("#ranking").evaluate("section => section.scrollIntoView()")
    source, target = items.nth(1).bounding_box(), items.first.bounding_box()
    with page.expect_response(lambda r: "/raekkefoelge/" in r.url):
        page.mouse.move(source["x"] + 30, source["y"] + source["height"] / 2)
        page.mouse.down()
        page.mouse.move(target["x"] + 30, target["y"] + 10, steps=20)
        page.mouse.move(target["x"] + 30, target["y"] + 5, steps=5)
        page.mouse.up()
    expect(page.locator("#ranking-status .alert-success")).to_be_visible()
    expect(items).to_have_count(3 * PER)
    expect(page.locator("#rank-1")).to_contain_text("Indsats 0002")
    assert _ids(cluster) == [ids[1], ids[0], *ids[2:]]
    assert axe_violations(page) == []
