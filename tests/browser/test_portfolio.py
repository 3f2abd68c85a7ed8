"""The portfolio in a real browser: logging, the logbook, prioritising, stopping,
a review from scheduling to closing, and axe on every page of it."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dus.demo import DEMO_PASSWORD
from missions.models import Cluster
from portfolio.models import Initiative, LogEntry, Review
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tab_to(page, name: str, limit: int = 80) -> None:
    """Press Tab until the focused element's accessible text starts with `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate(
            "(document.activeElement.innerText || document.activeElement.value || '').trim()"
        )
        if text.startswith(name):
            return
    raise AssertionError(f"never reached {name!r} with Tab")


def test_it_lets_a_contract_holder_log_a_trial_action_and_an_entry_with_the_keyboard(page, demo):
    sign_in(page, "kontraktholder", DEMO_PASSWORD)
    _tab_to(page, "Log en prøvehandling")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Log en prøvehandling"
    page.locator("#id_title").focus()
    page.keyboard.type("Lektiecafé på biblioteket")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the user's own cluster comes first
    page.keyboard.press("Tab")
    page.keyboard.type("Frivillige hjælper med lektier to eftermiddage om ugen.")
    page.keyboard.press("Tab")
    page.keyboard.type("Vi tror at lektiehjælp vil føre til færre elever, der falder fra.")
    _tab_to(page, "Log prøvehandlingen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    initiative = Initiative.objects.get(title="Lektiecafé på biblioteket")
    assert page.locator("h1").inner_text() == initiative.title
    assert initiative.owner.username == "kontraktholder"
    assert initiative.cluster.memberships.filter(person__username="kontraktholder").exists()

    page.goto("/mine-indsatser/")
    row = page.locator(f"#row-{initiative.pk}")
    row.locator("summary").focus()
    page.keyboard.press("Enter")  # open "Tilføj til logbogen"
    page.keyboard.press("Tab")  # the first kind
    page.keyboard.press("ArrowRight")  # læring
    page.keyboard.press("Tab")
    page.keyboard.type("Eleverne kommer helst om onsdagen.")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # share at Ledertræf
    page.keyboard.press("Tab")
    with page.expect_response(lambda r: "/logbog/" in r.url):
        page.keyboard.press("Enter")
    expect(page.locator(f"#row-{initiative.pk}")).to_contain_text(
        "Eleverne kommer helst om onsdagen."
    )
    entry = LogEntry.objects.get(initiative=initiative)
    assert (entry.kind, entry.share) == ("learning", True)
    assert axe_violations(page) == []


def test_it_lets_a_coordinator_prioritise_and_stop(page, demo):
    cluster = Cluster.objects.filter(
        memberships__person__username="tovholder", memberships__role="coordinator"
    ).first()
    titles = list(
        Initiative.objects.filter(cluster=cluster)
        .active()
        .order_by("rank")
        .values_list("title", flat=True)
    )
    sign_in(page, "tovholder", DEMO_PASSWORD)
    page.goto(f"/portefoeljer/{cluster.pk}/")

    # With the buttons, keyboard only: the second initiative one place up.
    page.get_by_role("button", name=f"Op – {titles[1]}", exact=True).focus()
    with page.expect_response(lambda r: "/flyt/" in r.url):
        page.keyboard.press("Enter")
    expect(page.locator("#dus-announcer")).to_contain_text(titles[1])
    expect(page.locator("#rank-1")).to_contain_text(titles[1])
    # Focus follows the moved initiative (at the top, to its Down button).
    assert page.evaluate("document.activeElement.value") == f"{_id(titles[1])}:down"
    assert _ranked(cluster)[:2] == [titles[1], titles[0]]

    # By dragging: the last one to the top.
    items = page.locator(".dus-rank-item")
    page.locator("#ranking").evaluate("section => section.scrollIntoView()")
    source, target = items.last.bounding_box(), items.first.bounding_box()
    with page.expect_response(lambda r: "/raekkefoelge/" in r.url):
        page.mouse.move(source["x"] + 30, source["y"] + source["height"] / 2)
        page.mouse.down()
        page.mouse.move(target["x"] + 30, target["y"] + 10, steps=20)
        page.mouse.move(target["x"] + 30, target["y"] + 5, steps=5)
        page.mouse.up()
    expect(page.locator("#ranking .alert-success")).to_be_visible()
    assert _ranked(cluster)[0] == titles[-1]

    # Stop one, with reason and learning.
    victim = Initiative.objects.filter(cluster=cluster).active().order_by("rank").last()
    page.goto(f"/indsatser/{victim.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Stop…").click()
    assert axe_violations(page) == []
    page.locator("#id_reason").focus()
    page.keyboard.type("Ingen effekt efter tre måneder.")
    page.keyboard.press("Tab")
    page.keyboard.type("Borgerne ville hellere mødes i lokalområdet.")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".dus-stopped")).to_contain_text(
        "Borgerne ville hellere mødes i lokalområdet."
    )
    victim.refresh_from_db()
    assert victim.status == "stopped"
    assert axe_violations(page) == []


def _id(title):
    return Initiative.objects.get(
        title=title,
        cluster__memberships__person__username="tovholder",
        cluster__memberships__role="coordinator",
    ).pk


def _ranked(cluster):
    return list(
        Initiative.objects.filter(cluster=cluster)
        .active()
        .order_by("rank")
        .values_list("title", flat=True)
    )


def test_it_runs_a_review_from_scheduling_to_closing(page, demo):
    cluster = Cluster.objects.order_by("pk").first()
    first, second = Initiative.objects.filter(cluster=cluster).active().order_by("rank")[:2]
    sign_in(page, "koncernledelse", DEMO_PASSWORD)
    page.goto(f"/portefoeljer/{cluster.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Planlæg en porteføljevurdering").click()
    assert axe_violations(page) == []
    day = timezone.localdate() + dt.timedelta(days=3)
    page.locator("#id_date").fill(day.isoformat())
    page.locator("#id_time").fill("10:00")
    page.locator("#id_place").fill("Rådhuset")
    with page.expect_navigation():
        page.get_by_role("button", name="Planlæg vurderingen").click()
    review = Review.objects.filter(cluster=cluster).order_by("-created_at").first()
    assert page.url.endswith(review.get_absolute_url())
    assert axe_violations(page) == []

    page.locator("#id_relevant_answer").fill("Ja, de to første hænger godt sammen.")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem svarene").click()

    for initiative, decision in ((first, "Fortsæt"), (second, "Stop")):
        item = page.locator(f"#initiative-{initiative.pk}")
        item.locator("summary").click()
        item.get_by_label(decision, exact=True).check()
        if decision == "Stop":
            item.locator("textarea").nth(1).fill("Ingen effekt")
            item.locator("textarea").nth(2).fill("Vi lærte at spørge borgerne først")
        with page.expect_response(lambda r: "/beslutninger/" in r.url):
            item.get_by_role("button", name="Gem beslutningen").click()
        expect(page.locator(f"#initiative-{initiative.pk}")).to_contain_text("Beslutning:")
    assert axe_violations(page) == []

    with page.expect_navigation():
        page.get_by_role("link", name="Afslut vurdering").click()
    assert "/afslut/" in page.url  # the confirmation page says what will happen
    expect(page.locator("main")).to_contain_text("Stoppes med årsag og læring")
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Afslut vurdering").click()
    assert "/referat/" in page.url
    expect(page.locator("main")).to_contain_text("Vi lærte at spørge borgerne først")
    second.refresh_from_db()
    review.refresh_from_db()
    assert second.status == "stopped" and review.is_closed
    assert axe_violations(page) == []


def test_it_has_no_axe_violations_on_the_portfolio_pages(page, demo):
    initiative = Initiative.objects.filter(owner__username="kontraktholder").first()
    entry = LogEntry.objects.create(
        initiative=initiative, author=initiative.owner, text="Nyt notat"
    )
    sign_in(page, "kontraktholder", DEMO_PASSWORD)
    for path in [
        "/portefoeljer/",
        f"/portefoeljer/{initiative.cluster_id}/",
        "/mine-indsatser/",
        "/indsatser/ny/",
        initiative.get_absolute_url(),
        f"/indsatser/{initiative.pk}/rediger/",
        f"/logbog/{entry.pk}/ret/",
        Review.objects.filter(cluster=initiative.cluster).first().get_absolute_url(),
        f"/vurderinger/{Review.objects.filter(cluster=initiative.cluster).first().pk}/referat/",
    ]:
        page.goto(path)
        assert axe_violations(page) == [], path
    page.goto("/indsatser/ny/")
    with page.expect_navigation():
        page.get_by_role("button", name="Log prøvehandlingen").click()
    assert page.locator(".form-error-message").count() >= 3
    assert axe_violations(page) == []
