"""Phones and tablets: the main menu in DKFDS's drawer, and reflow at 320 px (WCAG 1.4.10)
on every page of a crawl of the demo as each demo role, with axe-core on each kind of page."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import resolve, reverse

from dus.demo import DEMO_PASSWORD
from dus.models import User
from missions.models import Cluster
from portfolio.models import Initiative
from tests.browser.conftest import TIMEOUT_MS, axe_violations, sign_in
from tests.crawl import crawl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["direktion", "koncernledelse", "tovholder", "kontraktholder", "stab"]
MENU_ITEMS = [
    "Overblik",
    "Missioner",
    "Porteføljer",
    "Dashboard",
    "Dialoger",
    "Ledertræf",
    "Læring",
]


@pytest.fixture
def phone(browser, live_server):
    """A new touch-screen browser context of a given width; console errors fail the test."""
    contexts = []
    errors: list[str] = []

    def open_page(width: int):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": 800},
            has_touch=True,
            is_mobile=True,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "response",
            lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, errors


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _wait_for_drawer(page) -> None:
    """Open, and done sliding in."""
    page.locator(".mobile-drawer").wait_for(state="visible")
    page.wait_for_function(
        "() => document.querySelector('.mobile-drawer').getAnimations().length === 0"
    )


def _focused_text(page) -> str:
    return page.evaluate("(document.activeElement.innerText || '').trim()")


def test_it_opens_the_main_menu_at_375_px_by_touch_and_by_keyboard(phone, demo):
    page = phone(375)
    sign_in(page, "kontraktholder", DEMO_PASSWORD)
    drawer = page.locator(".mobile-drawer")
    menu = page.get_by_role("button", name="Menu")
    assert drawer.is_hidden()
    # The quick bar's search box is on screen, not pushed off to the left.
    search = page.locator("#header-q").bounding_box()
    assert search["x"] >= 0 and search["x"] + search["width"] <= 375
    assert _scroll_width(page) <= 375

    # By touch: every main menu item, the language switch and "Log ud" are there.
    menu.tap()
    dialog = page.get_by_role("dialog", name="Menu")
    _wait_for_drawer(page)
    nav = dialog.get_by_role("navigation", name="Hovedmenu")
    for label in MENU_ITEMS:
        item = nav.get_by_role("link", name=label, exact=True)
        assert item.is_visible(), label
        box = item.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375 and box["height"] >= 44, label
    for name in ("English", "Log ud"):
        assert dialog.get_by_role("button", name=name).is_visible(), name
    assert dialog.get_by_role("link", name="Mine indstillinger").is_visible()
    assert axe_violations(page) == []

    # Escape closes it and gives focus back to the button.
    page.keyboard.press("Escape")
    drawer.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.classList.contains('js-menu-open')")
    assert axe_violations(page) == []

    # By keyboard: Enter opens it, Tab walks through every item and stays inside the
    # drawer (it is modal), Escape closes it, focus is back on the button.
    page.keyboard.press("Enter")
    _wait_for_drawer(page)
    assert _focused_text(page) == "Luk"
    reached = []
    for _ in range(len(MENU_ITEMS) + 5):
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('.mobile-drawer')")
        reached.append(_focused_text(page))
    assert reached[: len(MENU_ITEMS)] == MENU_ITEMS
    assert reached[len(MENU_ITEMS) :] == [
        "English",
        "Mine indstillinger",
        "Log ud",
        "Luk",
        "Overblik",
    ]
    page.keyboard.press("Escape")
    drawer.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.classList.contains('js-menu-open')")

    # A menu item leads to its page; "Log ud" from the drawer signs out.
    menu.tap()
    with page.expect_navigation():
        nav.get_by_role("link", name="Missioner", exact=True).tap()
    assert page.locator("h1").inner_text() == "Missioner"
    assert drawer.is_hidden()
    menu.tap()
    with page.expect_navigation():
        page.get_by_role("dialog", name="Menu").get_by_role("button", name="Log ud").tap()
    assert "/log-ind/" in page.url


def test_it_shows_the_desktop_menu_without_the_menu_button_at_desktop_width(page, demo):
    sign_in(page, "direktion", DEMO_PASSWORD)
    assert page.get_by_role("button", name="Menu").is_hidden()
    assert page.locator(".mobile-drawer").is_hidden()
    header_nav = page.locator(".navigation-menu").get_by_role("navigation", name="Hovedmenu")
    for label in MENU_ITEMS:
        assert header_nav.get_by_role("link", name=label, exact=True).is_visible(), label
    assert page.locator(".portal-user").get_by_role("button", name="Log ud").is_visible()


def test_it_opens_the_menu_on_a_tablet_for_every_role(phone, demo):
    page = phone(768)
    for username in ROLES:
        sign_in(page, username, DEMO_PASSWORD)
        page.get_by_role("button", name="Menu").tap()
        dialog = page.get_by_role("dialog", name="Menu")
        dialog.wait_for(state="visible")
        assert dialog.get_by_role("link", name="Dashboard", exact=True).is_visible(), username
        with page.expect_navigation():
            dialog.get_by_role("button", name="Log ud").tap()


# A table that may be wider than the screen scrolls inside a labelled, focusable region
# (or stacks on a phone: DKFDS's table--responsive-headers).
UNREGIONED_TABLES = """() => [...document.querySelectorAll("main table")].flatMap((table) => {
  if (table.classList.contains("table--responsive-headers")) return [];
  const region = table.closest(".table--responsive-scroll");
  const label = region && document.getElementById(region.getAttribute("aria-labelledby"));
  if (region && region.getAttribute("role") === "region" && region.tabIndex === 0
      && label && label.textContent.trim()) return [];
  return ["a table outside a labelled, focusable scroll region: "
          + (table.caption || table).textContent.trim().slice(0, 40)];
})"""


def _wide_pages(page, paths: list[str], width: int, axed: dict[str, list] | None = None):
    """The paths whose page is wider than `width`, with their widths. With `axed`, also
    the axe-core violations of the first page of each URL name not checked yet."""
    wide = []
    for path in paths:
        page.goto(path)
        scroll_width = _scroll_width(page)
        if scroll_width > width:
            wide.append(f"{path}: {scroll_width} px")
        wide += [f"{path}: {problem}" for problem in page.evaluate(UNREGIONED_TABLES)]
        name = resolve(path.split("?")[0]).view_name
        if axed is not None and name not in axed:
            axed[name] = axe_violations(page)
    return wide


def test_no_page_scrolls_sideways_at_320_px_for_any_role(phone, frame):
    call_command("load_demo", force=True, stdout=StringIO())
    wide: list[str] = []
    axed: dict[str, list] = {}  # one page of each kind, also at 320 px
    for username in ROLES:
        client = Client()
        client.force_login(User.objects.get(username=username))
        paths = crawl(client)
        assert len(paths) > 20, (username, paths)
        page = phone(320)
        sign_in(page, username, DEMO_PASSWORD)
        wide += [f"{username} {line}" for line in _wide_pages(page, paths, 320, axed)]
        page.context.close()

    # Pages that no link leads to (a search, a form sent with errors) and states that htmx
    # brings in (the colleague search's results on a cluster page).
    page = phone(320)
    sign_in(page, "tovholder", DEMO_PASSWORD)
    coordinator = User.objects.get(username="tovholder")
    cluster = next(c for c in Cluster.objects.order_by("pk") if c.can_steer(coordinator))
    initiative = next(
        i
        for i in Initiative.objects.order_by("pk")
        if i.can_steer(coordinator) and not i.is_stopped
    )
    extra = [
        reverse("frame:search") + "?q=klynge",
        reverse("portfolio:initiative_stop", args=[initiative.pk]),
    ]
    wide += [f"tovholder {line}" for line in _wide_pages(page, extra, 320)]
    page.goto(reverse("portfolio:initiative_create"))
    with page.expect_navigation():
        page.locator("main form[method=post] [type=submit]").last.click()
    assert page.locator(".form-error-message, .error-summary").count() > 0
    if _scroll_width(page) > 320:
        wide.append(f"tovholder the initiative form with errors: {_scroll_width(page)} px")
    page.goto(cluster.get_absolute_url())
    with page.expect_response(lambda r: "q=" in r.url):
        page.locator("#id_q").fill("a")
    page.locator("#member-search-results li").first.wait_for()
    # The members are cards on a phone: each one's role and "Fjern" are on screen.
    for control in page.locator("#members select, #members button").all():
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, control.inner_text()
    if _scroll_width(page) > 320:
        wide.append(
            f"tovholder {cluster.get_absolute_url()} with search results: {_scroll_width(page)} px"
        )

    signed_out = phone(320)
    wide += [f"signed out {line}" for line in _wide_pages(signed_out, ["/log-ind/"], 320)]

    assert not wide, "Pages wider than 320 px, or with a table that cannot scroll:\n" + "\n".join(
        wide
    )
    assert len(axed) > 30, sorted(axed)
    assert {name: v for name, v in axed.items() if v} == {}
