"""The dashboard's panels on a small hand-made data set where the answers are known,
its filters, and the initiative list behind every number."""

import copy
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dus.models import HardProblem, Track, Unit
from portfolio import metrics
from portfolio.filters import InitiativeFilter
from portfolio.models import Initiative, Review
from tests.factories import (
    capacity_data,
    make_cluster,
    make_entry,
    make_initiative,
    make_mission,
    make_unit,
    make_user,
)

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
CAPACITY_ERROR = "Angiv kapaciteten som et helt antal timer fra 1 til 10.000."


@pytest.fixture
def world(_world, settings):
    """Two missions; problem 3 worked on in mission A only; problem 4 a gap; one unit
    over its capacity; one stale initiative; a flagged learning; an overdue review."""
    settings.STALE_DAYS = 45
    settings.DEFAULT_CAPACITY_HOURS = 100
    return copy.deepcopy(_world)


@pytest.fixture(scope="module")
def _world(module_transaction):
    """The world, made once for the module (every test here uses it)."""
    p3, p4 = HardProblem.objects.get(number=3), HardProblem.objects.get(number=4)
    busy, calm = make_unit(name="Travl enhed", capacity_hours=50), make_unit(name="Rolig enhed")
    owner = make_user(first_name="Ejer", last_name="Et", unit=busy)
    a = make_mission(title="Mission A", track=Track.objects.get(number=1), problems=[p3])
    b = make_mission(title="Mission B", track=Track.objects.get(number=2), problems=[p4])
    ca, cb = make_cluster(mission=a, name="Klynge A"), make_cluster(mission=b, name="Klynge B")
    old = timezone.now() - dt.timedelta(days=100)
    running = make_initiative(
        ca, owner=owner, unit=busy, status="running", effort_hours=40, title="Kører"
    )
    running.problems.set([p3])
    planned = make_initiative(
        ca, owner=owner, unit=busy, status="planned", effort_hours=30, title="Planlagt"
    )
    planned.problems.set([p3])
    Initiative.objects.filter(pk=planned.pk).update(created_at=old)  # stale: old, no entries
    stopped = make_initiative(
        cb,
        owner=owner,
        unit=calm,
        status="stopped",
        stop_reason="r",
        stop_learning="l",
        status_changed_at=timezone.now() - dt.timedelta(days=5),
        title="Stoppet",
        effort_hours=99,
    )
    stopped.problems.set([p4])
    make_entry(running, text="Frisk notat")
    make_entry(running, text="Del mig", kind="learning", share=True)
    make_entry(running, text="Allerede delt", share=True, shared_at=timezone.now())
    Review.objects.create(
        cluster=ca, scheduled_at=timezone.now() - dt.timedelta(days=3), created_by=owner
    )
    Review.objects.create(
        cluster=cb, scheduled_at=timezone.now() + dt.timedelta(days=10), created_by=owner
    )
    return {
        "a": a,
        "b": b,
        "ca": ca,
        "cb": cb,
        "busy": busy,
        "calm": calm,
        "p3": p3,
        "p4": p4,
        "owner": owner,
    }


def test_it_counts_status_per_track_and_mission(world):
    by_track = {bar.key: bar for bar in metrics.status_by_track(Initiative.objects.all())}
    assert by_track[world["a"].track_id].counts["running"] == 1
    assert by_track[world["a"].track_id].total == 2
    assert by_track[world["b"].track_id].counts["stopped"] == 1
    by_mission = {bar.key: bar.total for bar in metrics.status_by_mission(Initiative.objects.all())}
    assert by_mission == {world["a"].pk: 2, world["b"].pk: 1}


def test_it_finds_the_gaps_in_problem_coverage(world):
    from dus.models import Plan

    coverage = metrics.coverage(Initiative.objects.all(), Plan.objects.get())
    rows = {row["problem"].number: row for row in coverage.rows()}
    assert rows[3]["total"] == 2
    assert {m.title: n for m, n in rows[3]["cells"]} == {"Mission A": 2, "Mission B": 0}
    assert rows[4]["total"] == 0  # only a stopped initiative: a gap
    totals = {m.title: n for m, n, _gap in coverage.mission_totals()}
    assert totals == {"Mission A": 2, "Mission B": 0}


def test_it_shows_units_over_their_capacity(world):
    rows = {row["unit"].name: row for row in metrics.capacity(Initiative.objects.all())}
    assert (
        rows["Travl enhed"]["hours"],
        rows["Travl enhed"]["threshold"],
        rows["Travl enhed"]["over"],
    ) == (70, 50, True)
    assert (
        rows["Rolig enhed"]["hours"],
        rows["Rolig enhed"]["threshold"],
        rows["Rolig enhed"]["over"],
    ) == (0, 100, False)


def test_it_lists_stale_work_reviews_decisions_and_learning(world):
    items, count = metrics.stale(Initiative.objects.all())
    assert [i.title for i in items] == ["Planlagt"] and count == 1
    overdue, soon = metrics.reviews(Initiative.objects.all())
    assert [r.cluster.name for r in overdue] == ["Klynge A"] and [r.cluster.name for r in soon] == [
        "Klynge B"
    ]
    assert [i.title for i in metrics.recent_decisions(Initiative.objects.all())] == ["Stoppet"]
    entries, count = metrics.learning(Initiative.objects.all())
    assert [e.text for e in entries] == ["Del mig"] and count == 1


def test_it_makes_every_panel_follow_the_filters(world):
    only_b = InitiativeFilter({"mission": world["b"].pk}, queryset=Initiative.objects.all()).qs
    assert metrics.stale(only_b)[1] == 0
    assert metrics.reviews(only_b)[0] == []
    assert metrics.learning(only_b)[1] == 0
    assert {bar.key for bar in metrics.status_by_mission(only_b)} == {world["b"].pk}


def test_it_combines_filters(world):
    qs = Initiative.objects.all()
    assert (
        InitiativeFilter({"unit": world["busy"].pk, "status": "running"}, queryset=qs).qs.count()
        == 1
    )
    assert (
        InitiativeFilter({"unit": world["busy"].pk, "status": "active"}, queryset=qs).qs.count()
        == 2
    )
    assert (
        InitiativeFilter(
            {"problem": world["p3"].pk, "mission": world["b"].pk}, queryset=qs
        ).qs.count()
        == 0
    )
    assert (
        InitiativeFilter({"kind": "trial", "owner": world["owner"].pk}, queryset=qs).qs.count() == 3
    )


@pytest.mark.parametrize(
    "query", [{"status": "sleeping"}, {"mission": "999999"}, {"unit": "abc"}, {"track": "1;DROP"}]
)
def test_it_answers_unknown_filter_values_with_a_message_and_nothing(
    client, world, group_manager, query
):
    client.force_login(group_manager)
    for url in (reverse("portfolio:dashboard"), reverse("portfolio:initiative_list")):
        response = client.get(url, query)
        assert response.status_code == 200
        assert "En filterværdi er ikke gyldig" in response.content.decode()


def test_it_serves_the_dashboard_with_figures_and_links(client, world, group_manager):
    client.force_login(group_manager)
    page = client.get(reverse("portfolio:dashboard")).content.decode()
    assert "Travl enhed" in page and "over kapacitet" in page
    assert "hul" in page  # the gap is marked
    # Each row and column heading of the coverage links to its active initiatives; the
    # cells are plain numbers.
    coverage = page[page.index('id="panel-coverage"') :]
    assert f'href="/indsatser/?problem={world["p3"].pk}&amp;status=active">' in coverage
    assert f'href="/indsatser/?mission={world["a"].pk}&amp;status=active">' in coverage
    # The status tables' headings: a row's initiatives, a status column's initiatives.
    assert f'href="/indsatser/?mission={world["a"].pk}">Mission A</a></th>' in page
    assert 'href="/indsatser/?status=stopped">Stoppet</a></th>' in page


def test_it_answers_htmx_with_the_panels_and_keeps_the_filters_in_links(
    client, world, group_manager
):
    client.force_login(group_manager)
    response = client.get(reverse("portfolio:dashboard"), {"mission": world["a"].pk}, headers=HTMX)
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="panels"')
    assert f"mission={world['a'].pk}" in page
    assert "Klynge B" not in page


@pytest.mark.parametrize("extra", [0, 60])
def test_it_uses_a_constant_number_of_queries(
    client, world, group_manager, django_assert_max_num_queries, extra
):
    for n in range(extra):
        initiative = make_initiative(world["ca"], status="running", effort_hours=n % 10)
        make_entry(initiative)
    client.force_login(group_manager)
    # 24 for the dashboard's own panels, and 1 for the spread per Ledertræf panel that
    # the dialogues app adds through portfolio.hooks (one aggregate query).
    with django_assert_max_num_queries(25):
        assert client.get(reverse("portfolio:dashboard")).status_code == 200
    with django_assert_max_num_queries(25):
        assert (
            client.get(
                reverse("portfolio:dashboard"), {"mission": world["a"].pk}, headers=HTMX
            ).status_code
            == 200
        )


def test_it_lists_sorts_and_paginates_keeping_the_filters(client, world, group_manager):
    for n in range(60):
        make_initiative(world["ca"], status="running", title=f"Ekstra {n:02}")
    client.force_login(group_manager)
    url = reverse("portfolio:initiative_list")
    page = client.get(url, {"mission": world["a"].pk, "sort": "title"}).content.decode()
    assert "62 indsatser" in page
    assert f"?mission={world['a'].pk}&amp;sort=title&amp;side=2" in page
    second = client.get(
        url, {"mission": world["a"].pk, "sort": "title", "side": 2}
    ).content.decode()
    assert "Side 2 af 2" in second
    past_end = client.get(url, {"side": 999})
    assert past_end.status_code == 200 and "Side 2 af 2" in past_end.content.decode()
    assert client.get(url, {"sort": "'; DROP"}).status_code == 200


def test_it_lets_group_management_set_units_capacities(
    client, world, group_manager, contract_holder
):
    url = reverse("portfolio:capacities")
    calm, busy = world["calm"], world["busy"]
    client.force_login(contract_holder)
    assert client.get(url).status_code == 403
    assert client.post(url, capacity_data({calm: "10"})).status_code == 403
    client.force_login(group_manager)
    assert client.put(url).status_code == 405
    response = client.post(url, capacity_data({calm: "abc", busy: ""}), follow=True)
    assert CAPACITY_ERROR in response.content.decode()
    calm.refresh_from_db()
    busy.refresh_from_db()
    assert (calm.capacity_hours, busy.capacity_hours) == (None, 50)
    response = client.post(url, capacity_data({calm: "80"}, next="https://evil.example/"))
    assert response["Location"] == reverse("portfolio:dashboard")
    calm.refresh_from_db()
    assert calm.capacity_hours == 80
    back = f"/dashboard/?mission={world['a'].pk}"
    response = client.post(url, capacity_data({calm: "90"}, next=back))
    assert response["Location"] == back


def test_it_links_group_management_to_the_capacities_from_the_filtered_dashboard(
    client, world, group_manager, contract_holder, django_assert_max_num_queries
):
    """The thresholds do not follow the filters: the dashboard links to their own page,
    which leads back to the dashboard as it was; only group management sees the link."""
    client.force_login(group_manager)
    url = reverse("portfolio:dashboard")
    panels = client.get(url, {"mission": world["a"].pk}, headers=HTMX).content.decode()
    link = f"/dashboard/kapacitet/?next=%2Fdashboard%2F%3Fmission%3D{world['a'].pk}"
    assert f'href="{link}"' in panels
    assert 'type="number"' not in panels and "<form" not in panels
    back = f"/dashboard/?mission={world['a'].pk}"
    for n in range(5):  # more units, the same queries
        make_unit(name=f"Enhed {n}")
    with django_assert_max_num_queries(6):  # sign-in 3, units, load, the header
        page = client.get(reverse("portfolio:capacities"), {"next": back}).content.decode()
    assert f'name="next" value="{back}"' in page
    assert 'name="cap-0-capacity_hours"' in page and "Travl enhed" in page
    client.force_login(contract_holder)
    assert "/dashboard/kapacitet/" not in client.get(url).content.decode()


def test_it_answers_a_bad_capacity_with_an_error_next_to_the_field_and_saves_nothing(
    client, world, group_manager
):
    calm, busy = world["calm"], world["busy"]
    client.force_login(group_manager)
    back = f"/dashboard/?mission={world['a'].pk}"
    response = client.post(
        reverse("portfolio:capacities"), capacity_data({busy: "70", calm: "0"}, next=back)
    )
    assert response.status_code == 200
    page = response.content.decode()
    row = next(tr for tr in page.split("<tr")[1:] if "Rolig enhed" in tr and "cap-" in tr)
    assert CAPACITY_ERROR in row
    error_id = "id_cap-1-capacity_hours_error"
    assert f'id="{error_id}"' in row
    field = row[row.index('<input type="number"') :].split(">")[0]
    assert 'value="0"' in field and 'aria-invalid="true"' in field
    assert f'aria-describedby="{error_id}"' in field
    assert 'name="cap-0-capacity_hours" value="70"' in page  # what was typed stays
    assert f'name="next" value="{back}"' in page  # and where to go back to
    calm.refresh_from_db()
    busy.refresh_from_db()
    assert (calm.capacity_hours, busy.capacity_hours) == (None, 50)


def test_it_creates_no_unit_from_the_capacity_form(client, world, group_manager):
    client.force_login(group_manager)
    units = Unit.objects.count()
    data = capacity_data({world["calm"]: "80"})
    data.update({"cap-TOTAL_FORMS": 2, "cap-1-id": "", "cap-1-capacity_hours": "90"})
    response = client.post(reverse("portfolio:capacities"), data)
    assert response.status_code == 302
    world["calm"].refresh_from_db()
    assert world["calm"].capacity_hours == 80
    # The form as it was before: no management form. Answered, not a server error.
    response = client.post(reverse("portfolio:capacities"), {f"cap-{world['busy'].pk}": "70"})
    assert response.status_code == 200
    assert Unit.objects.count() == units
    assert not Unit.objects.filter(capacity_hours__in=[70, 90]).exists()


def test_it_keeps_capacities_within_the_units_bounds():
    from django.core.exceptions import ValidationError

    from dus.models import MAX_CAPACITY_HOURS

    for hours in (0, MAX_CAPACITY_HOURS + 1):
        with pytest.raises(ValidationError):
            make_unit(name=f"Enhed med {hours} timer", capacity_hours=hours).full_clean()
    make_unit(name="Stor enhed", capacity_hours=MAX_CAPACITY_HOURS).full_clean()


def test_it_exports_the_filtered_rows_as_csv_for_danish_excel(client, world, group_manager):
    import csv
    import io

    client.force_login(group_manager)
    response = client.get(reverse("portfolio:initiative_export_csv"), {"mission": world["a"].pk})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.getvalue()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Indsats", "Type", "Mission"]
    assert sorted(r[0] for r in rows[1:]) == ["Kører", "Planlagt"]
    kører = next(r for r in rows if r[0] == "Kører")
    assert kører[5] == "Mangel på arbejdskraft"  # Danish characters intact
    assert kører[6] == "I gang" and kører[7] == "Ejer Et" and kører[8] == "Travl enhed"


def test_it_exports_xlsx_that_openpyxl_reads_back(client, world, group_manager):
    import io

    from openpyxl import load_workbook

    client.force_login(group_manager)
    response = client.get(reverse("portfolio:initiative_export_xlsx"), {"status": "stopped"})
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    values = list(sheet.values)
    assert values[0][0] == "Indsats"
    assert [row[0] for row in values[1:]] == ["Stoppet"]
    assert values[1][9] == 99


def test_it_exports_in_constant_queries(
    client, world, group_manager, django_assert_max_num_queries
):
    for _n in range(40):
        make_initiative(world["ca"], status="running").problems.set([world["p3"]])
    client.force_login(group_manager)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("portfolio:initiative_export_xlsx")).status_code == 200


def _coverage_panel(client, **filters) -> str:
    page = client.get(reverse("portfolio:dashboard"), filters, headers=HTMX).content.decode()
    start = page.index('id="panel-coverage"')
    return page[start : page.index("</section>", start)]


def _gap_marks(panel: str) -> list[str]:
    """The row or column heading of each cell marked as a gap."""
    import re

    heads = re.findall(r"<th scope=\"(?:row|col)\"[^>]*>(.*?)</th>", panel, re.S)
    return [re.sub(r"<.*?>|\(.*?\)|hul", "", h).strip() for h in heads if "dus-gap-mark" in h]


def test_it_marks_as_gaps_only_what_counts_every_active_initiative(client, world, group_manager):
    client.force_login(group_manager)
    p3, p4 = world["p3"].title, world["p4"].title
    others = [p.title for p in HardProblem.objects.exclude(pk__in=[world["p3"].pk, world["p4"].pk])]
    for _ in range(2):  # the same answer on a second read
        # Unfiltered: every problem without an active initiative, and Mission B.
        assert sorted(_gap_marks(_coverage_panel(client))) == sorted([p4, *others, "Mission B"])
        # One hard problem: only its row; a mission without it is not a gap.
        panel = _coverage_panel(client, problem=world["p3"].pk)
        assert p3 in panel and p4 not in panel and not any(o in panel for o in others)
        assert "Mission A" in panel and "Mission B" in panel
        assert _gap_marks(panel) == []
        # The problem filtered to has no active initiative: that is a gap.
        assert _gap_marks(_coverage_panel(client, problem=world["p4"].pk)) == [p4]
        # One mission: only its column; a problem outside it is not a gap.
        panel = _coverage_panel(client, mission=world["b"].pk)
        assert "Mission A" not in panel and p4 in panel
        assert _gap_marks(panel) == ["Mission B"]
        # A track: its missions; a problem may be worked on in the other track.
        panel = _coverage_panel(client, track=world["a"].track_id)
        assert "Mission B" not in panel and _gap_marks(panel) == []
        # A unit or a cluster counts a part of the initiatives: a zero is no gap.
        for filters in ({"unit": world["calm"].pk}, {"cluster": world["ca"].pk}):
            panel = _coverage_panel(client, **filters)
            assert _gap_marks(panel) == [], filters
            assert "er ikke et hul i hele porteføljen" in panel


def test_it_counts_and_links_the_chosen_status_in_the_coverage(client, world, group_manager):
    client.force_login(group_manager)
    panel = _coverage_panel(client, status="stopped")
    p4, b = world["p4"].pk, world["b"].pk
    # The stopped initiative on problem 4 in mission B, counted in its cell; the row's
    # and the column's headings link to the stopped initiatives on the problem, and in
    # the mission.
    row = next(tr for tr in panel.split("<tr")[1:] if world["p4"].title in tr)
    assert '<td class="dus-num dus-heat">1</td>' in row
    base = reverse("portfolio:initiative_list")
    assert f'href="{base}?status=stopped&amp;problem={p4}">' in row
    assert f'href="{base}?status=stopped&amp;mission={b}">' in panel
    assert _gap_marks(panel) == []


def test_it_counts_tracks_and_missions_alike_in_one_query(world, django_assert_num_queries):
    qs = Initiative.objects.all()
    with django_assert_num_queries(1):
        by_track, by_mission = metrics.status_by_track_and_mission(qs)
    assert [(b.key, b.label, b.counts) for b in by_track] == [
        (b.key, b.label, b.counts) for b in metrics.status_by_track(qs)
    ]
    assert [(b.key, b.label, b.counts) for b in by_mission] == [
        (b.key, b.label, b.counts) for b in metrics.status_by_mission(qs)
    ]


def test_it_lists_the_first_twenty_overdue_and_coming_reviews_in_one_query(
    world, django_assert_num_queries
):
    now = timezone.now()
    for days in range(1, 26):
        Review.objects.create(
            cluster=world["ca"],
            scheduled_at=now - dt.timedelta(days=days),
            created_by=world["owner"],
        )
        Review.objects.create(
            cluster=world["cb"],
            scheduled_at=now + dt.timedelta(hours=days),
            created_by=world["owner"],
        )
    Review.objects.create(
        cluster=world["cb"], scheduled_at=now + dt.timedelta(days=40), created_by=world["owner"]
    )
    with django_assert_num_queries(1):
        overdue, soon = metrics.reviews(Initiative.objects.all())
    assert len(overdue) == 20 and len(soon) == 20
    assert all(r.scheduled_at < now for r in overdue) and all(r.scheduled_at > now for r in soon)
    assert overdue == sorted(overdue, key=lambda r: r.scheduled_at)
    assert overdue[0].scheduled_at <= now - dt.timedelta(days=25)  # the oldest first
    assert soon[0].scheduled_at < now + dt.timedelta(hours=2)
