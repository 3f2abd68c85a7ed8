"""Nothing on the dashboard is older than the last write: every write that changes a
figure shows on the very next read, for the same filters, in the whole page and in the
htmx panels. (The dashboard once kept its rendered panels for a minute.)"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dus.models import HardProblem, Unit
from portfolio.models import FiguresVersion, Initiative, Review, ReviewDecision
from tests.factories import make_cluster, make_entry, make_initiative, make_mission, make_user

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true", "HX-Target": "panels"}


@pytest.fixture
def work(settings):
    settings.STALE_DAYS = 45
    p3 = HardProblem.objects.get(number=3)
    owner = make_user(first_name="Ejer", last_name="Et")
    cluster = make_cluster(mission=make_mission(title="Mission A", problems=[p3]), name="Klynge A")
    running = make_initiative(cluster, owner=owner, status="running", title="Kører")
    running.problems.set([p3])
    Initiative.objects.filter(pk=running.pk).update(
        created_at=timezone.now() - dt.timedelta(days=100)
    )
    review = Review.objects.create(
        cluster=cluster, scheduled_at=timezone.now() - dt.timedelta(days=2), created_by=owner
    )
    return {"p3": p3, "cluster": cluster, "running": running, "review": review}


def _reads(client, work):
    """The whole page, and the htmx panels filtered by the problem, as they are now."""
    url = reverse("portfolio:dashboard")
    return [
        client.get(url).content.decode(),
        client.get(url, {"problem": work["p3"].pk}, headers=HTMX).content.decode(),
    ]


def _panel(page: str, name: str) -> str:
    start = page.index(f'id="panel-{name}"')
    return page[start : page.index("</section>", start)]


def _cells(panel: str, heading: str) -> list[str]:
    """The numbers in the table row with this heading (the last such row)."""
    row = [tr for tr in panel.split("<tr") if f">{heading}</a>" in tr][-1]
    return re.findall(r'<td class="dus-num[^"]*">(\d+)</td>', row)


def _count(panel: str) -> int:
    return int(re.search(r'class="dus-count">(\d+)<', panel).group(1))


def test_it_shows_a_new_logbook_entry_on_the_very_next_read(client, work, group_manager):
    client.force_login(group_manager)
    for page in _reads(client, work):
        assert "Kører" in _panel(page, "stale") and _count(_panel(page, "stale")) == 1
        assert _count(_panel(page, "learning")) == 0
    make_entry(work["running"], text="Vi lærte at spørge tidligere", kind="learning", share=True)
    for page in _reads(client, work):
        assert "Kører" not in _panel(page, "stale") and _count(_panel(page, "stale")) == 0
        learning = _panel(page, "learning")
        assert "Vi lærte at spørge tidligere" in learning and _count(learning) == 1


def test_it_shows_a_status_change_on_the_very_next_read(client, work, group_manager):
    client.force_login(group_manager)
    for page in _reads(client, work):
        assert "Kører" not in _panel(page, "decisions")
    work["running"].stop(group_manager, "Ingen effekt", "Spørg borgerne først")
    for page in _reads(client, work):
        decisions = _panel(page, "decisions")
        assert "Kører" in decisions and "Ingen effekt" in decisions
        assert _count(_panel(page, "stale")) == 0  # no longer active work
        # The status table counts it as stopped now (the last status column).
        assert _cells(_panel(page, "status"), "Mission A")[6] == "1"


def test_it_shows_a_closed_review_and_its_decision_on_the_very_next_read(
    client, work, group_manager
):
    review = work["review"]
    ReviewDecision.objects.create(
        review=review,
        initiative=work["running"],
        decision=ReviewDecision.Decision.SCALE,
        decided_by=group_manager,
    )
    client.force_login(group_manager)
    for page in _reads(client, work):
        assert "Klynge A" in _panel(page, "reviews").split("De næste 30 dage")[0]
        assert "Kører" not in _panel(page, "decisions")
    review.close(group_manager)
    for page in _reads(client, work):
        overdue = _panel(page, "reviews").split("De næste 30 dage")[0]
        assert "Klynge A" not in overdue
        assert "Kører" in _panel(page, "decisions")  # scaled by the decision
        assert _cells(_panel(page, "status"), "Mission A")[5] == "1"  # scaled


def test_it_shows_an_entry_with_the_old_token_placeholder_literally(client, work, group_manager):
    text = "Skriv __dus_csrf_token__ i feltet"
    make_entry(work["running"], text=text, kind="learning", share=True)
    client.force_login(group_manager)
    pages = _reads(client, work)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', pages[0]).group(1)
    for page in pages:
        assert text in _panel(page, "learning")
        assert token not in _panel(page, "learning")


def test_it_gives_each_reader_their_own_controls_and_token(client, work, group_manager):
    """Two readers of the same filters, one after the other: each their own page."""
    client.force_login(group_manager)
    manager_page = client.get(reverse("portfolio:dashboard")).content.decode()
    assert reverse("portfolio:capacities") in manager_page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', manager_page).group(1)
    client.force_login(make_user())
    reader_page = client.get(reverse("portfolio:dashboard")).content.decode()
    assert reverse("portfolio:capacities") not in reader_page and token not in reader_page


def _coverage_total(page: str, work) -> str:
    """The row total of problem 3 in the coverage (its active initiatives)."""
    return _cells(_panel(page, "coverage"), work["p3"].title)[-1]


def test_it_shows_a_bulk_update_and_raw_sql_on_the_very_next_read(client, work, group_manager):
    client.force_login(group_manager)
    for page in _reads(client, work):
        assert _coverage_total(page, work) == "1"
        assert _cells(_panel(page, "status"), "Mission A")[2] == "1"  # running
    Initiative.objects.filter(pk=work["running"].pk).update(status="anchored")
    for page in _reads(client, work):
        assert _coverage_total(page, work) == "0"  # no longer active
        assert _cells(_panel(page, "status"), "Mission A")[4] == "1"  # anchored
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE portfolio_initiative SET status = 'running' WHERE id = %s",
            [work["running"].pk],
        )
    for page in _reads(client, work):
        assert _coverage_total(page, work) == "1"
        assert _cells(_panel(page, "status"), "Mission A")[2] == "1"


def test_it_shows_a_new_initiative_a_unit_and_its_capacity_on_the_very_next_read(
    client, work, group_manager
):
    client.force_login(group_manager)
    _reads(client, work)
    unit = Unit.objects.create(name="Ny enhed", capacity_hours=10)
    make_initiative(work["cluster"], unit=unit, status="planned", effort_hours=20).problems.set(
        [work["p3"]]
    )
    for page in _reads(client, work):
        assert _coverage_total(page, work) == "2"
        row = next(tr for tr in _panel(page, "capacity").split("<tr") if "Ny enhed" in tr)
        assert "over kapacitet" in row
    Unit.objects.filter(pk=unit.pk).update(capacity_hours=30)
    for page in _reads(client, work):
        row = next(tr for tr in _panel(page, "capacity").split("<tr") if "Ny enhed" in tr)
        assert "over kapacitet" not in row


def test_it_reads_the_figures_from_the_cache_until_a_write(
    client, work, group_manager, django_assert_max_num_queries
):
    """The aggregates are kept under the data's version: a second read without a write
    between asks the database less; a write makes the next read ask it again."""
    client.force_login(group_manager)
    url = reverse("portfolio:dashboard")
    client.get(url)
    version = FiguresVersion.current()
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    make_entry(work["running"], text="Nyt", kind="learning", share=True)
    assert FiguresVersion.current() != version
    with CaptureQueriesContext(connection) as after_write:
        page = client.get(url).content.decode()
    assert _count(_panel(page, "learning")) == 1
    assert len(after_write.captured_queries) > len(first.captured_queries) + 3


def test_every_table_behind_the_figures_has_its_trigger():
    """A table rebuilt by a later migration (SQLite does that) would lose its trigger."""
    from importlib import import_module

    tables = import_module("portfolio.migrations.0011_figures_version").TABLES
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = 'portfolio_figures_changed'"
            )
        found = {row[0] for row in cursor.fetchall()}
    assert set(tables) <= found


def test_it_shows_what_time_changes_without_a_write(client, work, group_manager, monkeypatch):
    """Kept lists relative to the time are read again once they could change: a coming
    review turns overdue at its time, an initiative turns stale after STALE_DAYS."""
    now = timezone.now()
    coming = Review.objects.create(
        cluster=work["cluster"], scheduled_at=now + dt.timedelta(hours=2), created_by=group_manager
    )
    fresh = make_initiative(work["cluster"], status="running", title="Ny og frisk")
    fresh.problems.set([work["p3"]])
    Initiative.objects.filter(pk=fresh.pk).update(  # stale in an hour, without an entry
        created_at=now - dt.timedelta(days=45) + dt.timedelta(hours=1)
    )
    client.force_login(group_manager)
    for page in _reads(client, work):
        reviews = _panel(page, "reviews")
        assert reviews.index(coming.cluster.name, reviews.index("De næste 30 dage")) > 0
        assert "Ny og frisk" not in _panel(page, "stale")
    monkeypatch.setattr(timezone, "now", lambda: now + dt.timedelta(hours=3))
    for page in _reads(client, work):
        overdue = _panel(page, "reviews").split("De næste 30 dage")
        assert overdue[0].count(work["cluster"].name) == 2
        assert work["cluster"].name not in overdue[1]
        assert fresh.title in _panel(page, "stale")
