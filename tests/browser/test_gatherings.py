"""Ledertræf in a real browser: staff build an agenda from two flagged learnings and a
pause with the keyboard only, publish it and mark it held; axe on every gathering page."""

import pytest
from playwright.sync_api import expect

from dialogues.models import Gathering
from dus.demo import DEMO_PASSWORD
from dus.models import User
from portfolio.models import LogEntry
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import make_gathering

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tab_to(page, name: str, limit: int = 120) -> None:
    """Press Tab until the focused element's accessible text starts with `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate(
            "(document.activeElement.textContent || document.activeElement.value || '')"
            ".replace(/\\s+/g, ' ').trim()"
        )
        if text.startswith(name):
            return
    raise AssertionError(f"never reached {name!r} with Tab")


def _focus_is(page, selector: str) -> None:
    expect(page.locator(selector)).to_be_focused()


def test_it_lets_staff_build_publish_and_hold_a_ledertraef_with_the_keyboard(page, demo):
    stab = User.objects.get(username="stab")
    gathering = make_gathering(created_by=stab, title="Læring fra klyngerne")
    flagged = list(LogEntry.objects.filter(share=True, shared_at__isnull=True)[:2])
    sign_in(page, "stab", DEMO_PASSWORD)
    page.goto(gathering.get_absolute_url())
    assert axe_violations(page) == []

    for _n in range(2):  # the first two candidates in the pool
        page.locator("#pool-heading").focus()
        _tab_to(page, "Sæt på dagsordenen")
        page.keyboard.press("Enter")
        _focus_is(page, "#pool-heading")
    expect(page.locator(".dus-agenda > li")).to_have_count(2)

    page.locator("#id_free-title").focus()
    page.keyboard.type("Pause")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("20")
    _tab_to(page, "Tilføj punktet")
    page.keyboard.press("Enter")
    _focus_is(page, "#agenda-heading")
    expect(page.locator(".dus-agenda > li")).to_have_count(3)

    # The pause up one place, with the Op button.
    _tab_to(page, "Op – Pause")
    page.keyboard.press("Enter")
    expect(page.locator("#agenda-status")).to_contain_text("Pause er nu nummer 2.")
    titles = page.locator(".dus-agenda h3").all_inner_texts()
    assert titles[1].startswith("Pause")
    assert axe_violations(page) == []

    page.locator("h1").focus()
    _tab_to(page, "Offentliggør dagsordenen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    gathering.refresh_from_db()
    assert gathering.state == Gathering.State.PUBLISHED
    assert [item.entry for item in gathering.agenda() if item.entry] != []
    assert axe_violations(page) == []

    _tab_to(page, "Markér som afholdt")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    gathering.refresh_from_db()
    assert gathering.state == Gathering.State.HELD
    for entry in flagged:
        entry.refresh_from_db()
        assert entry.shared_at is not None
    assert axe_violations(page) == []


def test_it_has_no_axe_violations_on_the_gathering_pages(page, demo):
    stab = User.objects.get(username="stab")
    gathering = make_gathering(created_by=stab, title="Kontraktholderseminar", kind="seminar")
    gathering.add_free_item(title="Velkomst", duration_minutes=10, by=stab)
    planned = make_gathering(created_by=stab, title="Under forberedelse")
    item = planned.add_free_item(title="Workshop", duration_minutes=45, by=stab)
    gathering.publish(by=stab)
    sign_in(page, "stab", DEMO_PASSWORD)
    for path in (
        "/ledertraef/",
        "/ledertraef/ny/",
        gathering.get_absolute_url(),
        gathering.get_absolute_url() + "?print",
        f"/ledertraef/{gathering.pk}/ret/",
        f"/ledertraef/{gathering.pk}/udbytte/",
        f"/ledertraef/punkt/{item.pk}/ret/",
    ):
        page.goto(path)
        assert axe_violations(page) == [], path
    page.goto("/ledertraef/ny/")
    page.locator("#id_title").fill("Forkert tid")
    page.locator("#id_date").fill("2026-05-07")
    page.locator("#id_starts_at").fill("14:00")
    page.locator("#id_ends_at").fill("13:00")
    page.locator("#id_place").fill("Rådhuset")
    with page.expect_navigation():
        page.get_by_role("button", name="Opret ledertræffet").click()
    expect(page.locator("#id_ends_at_error, .form-error-message").first).to_contain_text(
        "Sluttidspunktet skal ligge efter starttidspunktet."
    )
    assert axe_violations(page) == []


def test_it_prints_the_agenda_on_at_most_two_a4_pages(page, demo, tmp_path):
    stab = User.objects.get(username="stab")
    gathering = make_gathering(created_by=stab, title="Læring fra klyngerne")
    gathering.add_free_item(title="Velkomst", duration_minutes=10, by=stab)
    for entry in LogEntry.objects.filter(share=True, shared_at__isnull=True)[:6]:
        gathering.add_candidate(entry=entry, by=stab)
    gathering.add_free_item(title="Pause", duration_minutes=20, by=stab)
    gathering.add_free_item(title="Opsamling", duration_minutes=20, by=stab)
    gathering.publish(by=stab)
    sign_in(page, "stab", DEMO_PASSWORD)
    page.goto(gathering.get_absolute_url() + "?print")
    page.emulate_media(media="print")
    page.screenshot(path=tmp_path / "agenda-print.png", full_page=True)
    expect(page.locator("header").first).to_be_hidden()
    expect(page.locator(".dus-no-print")).to_be_hidden()
    expect(page.locator(".dus-agenda-table tbody tr")).to_have_count(9)
    pdf = page.pdf(format="A4")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 2
