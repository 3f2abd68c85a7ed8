"""A long logbook in a real browser: "Vis flere" by keyboard appends the next entries
in place and puts focus on the first of them; axe finds nothing."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portfolio.models import LogEntry
from tests.browser.conftest import TIMEOUT_MS, axe_violations, sign_in
from tests.factories import PASSWORD, make_cluster, make_initiative, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_show_more_by_keyboard_appends_entries_and_moves_focus_to_the_first(page, frame):
    owner = make_user("contract_holder", username="maja", first_name="Maja", last_name="Lund")
    initiative = make_initiative(make_cluster(members=[owner]), owner=owner, title="Fredagscafé")
    now = timezone.now()
    LogEntry.objects.bulk_create(
        LogEntry(
            initiative=initiative,
            author=owner,
            text=f"Note nummer {n}.",
            created_at=now - dt.timedelta(hours=120 - n),
        )
        for n in range(1, 121)
    )
    sign_in(page, "maja", PASSWORD)
    page.goto(initiative.get_absolute_url())
    entries = page.locator("#logbook-entries > li")
    expect(entries).to_have_count(25)
    assert axe_violations(page) == []

    more = page.locator("#logbook-entries-more a", has_text="Vis flere")
    more.focus()
    page.keyboard.press("Enter")
    expect(entries).to_have_count(50, timeout=TIMEOUT_MS)
    expect(entries.nth(25)).to_be_focused(timeout=TIMEOUT_MS)
    expect(entries.nth(25)).to_contain_text("Note nummer 95.")
    expect(page.locator("#logbook-entries-more")).to_contain_text("Viser 50 af 120")
    assert page.url.endswith(initiative.get_absolute_url())  # appended, not navigated

    # The new "Vis flere" works again, and the last page has none.
    for before, shown in ((50, 75), (75, 100), (100, 120)):
        page.locator("#logbook-entries-more a", has_text="Vis flere").focus()
        page.keyboard.press("Enter")
        expect(entries).to_have_count(shown, timeout=TIMEOUT_MS)
        expect(entries.nth(before)).to_be_focused(timeout=TIMEOUT_MS)
    expect(page.locator("#logbook-entries-more a")).to_have_count(0)
    assert page.locator("[data-dus-focus]").count() == 0
    assert axe_violations(page) == []
