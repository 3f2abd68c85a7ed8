"""The demo as a person sees it in the browser: group management's dashboard shows the
demo's stale work and its one unit over capacity, and an initiative's logbook tells its
own story, newest first, after the day it was made."""

import re

import pytest
from playwright.sync_api import expect

from dus.demo import DEMO_PASSWORD
from portfolio.demo import OVER_CAPACITY, STALE
from portfolio.models import Initiative
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_shows_the_demos_stale_work_and_its_unit_over_capacity(page, demo):
    sign_in(page, "koncernledelse", DEMO_PASSWORD)
    page.goto("/dashboard/")
    stale = page.get_by_role("region", name=re.compile("Stillestående arbejde"))
    for title in STALE:
        expect(stale.get_by_role("link", name=title, exact=True)).to_be_visible()
    capacity = page.get_by_role("region", name=re.compile("Kapacitet"))
    over = capacity.locator("tr", has_text="over kapacitet")
    expect(over).to_have_count(1)
    expect(over.get_by_role("rowheader")).to_contain_text(OVER_CAPACITY[0])


def test_it_tells_an_initiatives_own_story_in_its_logbook(page, demo):
    initiative = Initiative.objects.get(title="Walk-and-talk i opfølgningssamtaler")
    story = list(initiative.log_entries.order_by("-created_at").values_list("text", flat=True))
    sign_in(page, "tovholder", DEMO_PASSWORD)
    page.goto(initiative.get_absolute_url())
    main = page.locator("main").inner_text()
    places = [main.index(text) for text in story]
    assert places == sorted(places) and len(story) >= 5  # newest first, every step once
    for other in Initiative.objects.exclude(pk=initiative.pk).prefetch_related("log_entries"):
        for entry in other.log_entries.all():
            assert entry.text not in main, other.title
