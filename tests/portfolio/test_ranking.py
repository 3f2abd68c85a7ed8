"""Prioritising a portfolio: up and down, dragging (a whole new order), and races."""

import sqlite3
import threading
from contextlib import closing

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import OperationalError, connection, connections
from django.db.utils import ConnectionHandler
from django.urls import reverse

from portfolio.models import Initiative, shift_rank
from tests.factories import make_cluster, make_initiative, make_user

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def cluster(coordinator):
    return make_cluster(coordinators=[coordinator])


@pytest.fixture
def three(cluster):
    return [make_initiative(cluster, title=t, status="running") for t in ("A", "B", "C")]


def _order(cluster):
    return list(
        Initiative.objects.filter(cluster=cluster)
        .active()
        .order_by("rank")
        .values_list("title", flat=True)
    )


def test_it_moves_an_initiative_up_with_htmx(client, cluster, three, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("portfolio:portfolio_rank", args=[cluster.pk]),
        {"move": f"{three[2].pk}:up"},
        headers=HTMX,
    )
    assert _order(cluster) == ["A", "C", "B"]
    page = response.content.decode()
    # Only the two rows that changed places, swapped in out of band, and the status.
    assert page.count('hx-swap-oob="true"') == 3
    assert 'id="rank-2"' in page and 'id="rank-3"' in page and 'id="rank-1"' not in page
    assert page.index(">C<") < page.index(">B<")
    assert response["HX-Reswap"] == "none"
    assert "dus:announce" in response["HX-Trigger"]
    assert len(response.content) < 10_000


def test_it_answers_a_move_from_the_portfolio_pages_own_partials(
    client, cluster, three, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        reverse("portfolio:portfolio_rank", args=[cluster.pk]),
        {"move": f"{three[2].pk}:up"},
        headers=HTMX,
    )
    rendered = {(t.origin.template_name, t.name) for t in response.templates}
    assert ("portfolio/portfolio_detail.html", "rank_row") in rendered
    assert ("portfolio/portfolio_detail.html", "ranking_status") in rendered
    # The row swapped in is the row the page itself shows, but for the swap and the focus.
    row = response.content.decode().split("<li ")[1].split("</li>")[0]
    row = row.replace(' hx-swap-oob="true"', "").replace(" data-dus-focus", "")
    page = client.get(reverse("portfolio:portfolio_detail", args=[cluster.pk])).content.decode()
    assert "<li " + row + "</li>" in page


def test_it_moves_down_without_javascript(client, cluster, three, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("portfolio:portfolio_rank", args=[cluster.pk]), {"move": f"{three[0].pk}:down"}
    )
    detail = reverse("portfolio:portfolio_detail", args=[cluster.pk])
    assert response["Location"] == f"{detail}#rank-2"
    assert _order(cluster) == ["B", "A", "C"]


@pytest.mark.parametrize("move", ["", "x:up", "1:sideways", "999999:up"])
def test_it_refuses_a_bad_move(client, cluster, three, coordinator, move):
    client.force_login(coordinator)
    response = client.post(
        reverse("portfolio:portfolio_rank", args=[cluster.pk]), {"move": move}, headers=HTMX
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert _order(cluster) == ["A", "B", "C"]


def test_it_refuses_moving_an_initiative_of_another_cluster(client, cluster, three, coordinator):
    foreign = make_initiative(make_cluster(), status="running")
    client.force_login(coordinator)
    client.post(
        reverse("portfolio:portfolio_rank", args=[cluster.pk]), {"move": f"{foreign.pk}:up"}
    )
    assert _order(cluster) == ["A", "B", "C"]


def test_it_saves_a_dragged_order(client, cluster, three, group_manager):
    client.force_login(group_manager)
    ids = [three[2].pk, three[0].pk, three[1].pk]
    client.post(
        reverse("portfolio:portfolio_reorder", args=[cluster.pk]), {"order": ids}, headers=HTMX
    )
    assert _order(cluster) == ["C", "A", "B"]
    assert list(
        Initiative.objects.filter(cluster=cluster).order_by("rank").values_list("rank", flat=True)
    ) == [1, 2, 3]


@pytest.mark.parametrize("kind", ["foreign", "missing", "duplicate", "garbage"])
def test_it_refuses_an_order_that_does_not_fit_the_portfolio(
    client, cluster, three, coordinator, kind
):
    foreign = make_initiative(make_cluster(), status="running")
    ids = [i.pk for i in three]
    order = {
        "foreign": [*ids, foreign.pk],
        "missing": ids[:2],
        "duplicate": [ids[0], ids[0], ids[1], ids[2]],
        "garbage": ["x", "y"],
    }[kind]
    client.force_login(coordinator)
    response = client.post(
        reverse("portfolio:portfolio_reorder", args=[cluster.pk]), {"order": order}, headers=HTMX
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert _order(cluster) == ["A", "B", "C"]


def test_it_keeps_the_order_read_only_for_others(client, cluster, three, contract_holder):
    client.force_login(contract_holder)
    page = client.get(reverse("portfolio:portfolio_detail", args=[cluster.pk])).content.decode()
    assert "data-sortable" not in page and 'name="move"' not in page
    assert (
        client.post(
            reverse("portfolio:portfolio_rank", args=[cluster.pk]), {"move": f"{three[1].pk}:up"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("portfolio:portfolio_reorder", args=[cluster.pk]), {"order": []}
        ).status_code
        == 403
    )
    assert _order(cluster) == ["A", "B", "C"]


def test_it_shows_the_portfolio_in_constant_queries(
    client, cluster, coordinator, django_assert_max_num_queries
):
    for n in range(30):
        make_initiative(
            cluster, status="running" if n % 3 else "stopped", stop_reason="r", stop_learning="l"
        )
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        assert (
            client.get(reverse("portfolio:portfolio_detail", args=[cluster.pk])).status_code == 200
        )
    with django_assert_max_num_queries(8):
        assert client.get(reverse("portfolio:portfolio_list")).status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_keeps_a_consistent_order_under_concurrent_moves(frame, coordinator):
    cluster = make_cluster(coordinators=[coordinator])
    items = [make_initiative(cluster, status="running", title=str(n)) for n in range(8)]
    errors = []

    def worker(initiative, offset):
        try:
            for _ in range(5):
                shift_rank(initiative, offset, by=coordinator)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(item, -1 if n % 2 else 1))
        for n, item in enumerate(items)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    ranks = list(
        Initiative.objects.filter(cluster=cluster).order_by("rank").values_list("rank", flat=True)
    )
    assert ranks == list(range(1, 9))


def _run_on(database: dict, *works):
    """Run each of `works` at the same time in a thread of its own whose default connection
    goes to `database` (the test's database stays untouched); returns their results."""
    results = [None] * len(works)

    def run(index, work):
        connections["default"] = ConnectionHandler({"default": database}).create_connection(
            "default"
        )
        try:
            results[index] = work()
        except Exception as error:  # pragma: no cover - raised below
            results[index] = error
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(works)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for result in results:
        if isinstance(result, Exception):
            raise result
    return results


def _copy_sqlite_test_database(path) -> bool:
    """Write the test database, migrated and seeded, to the file at `path` when it is SQLite
    (seconds quicker than migrating the file anew); False when it is not."""
    if connection.vendor != "sqlite":
        return False
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as target:
        connection.connection.backup(target)
    return True


@pytest.mark.django_db(transaction=True)
def test_it_lets_concurrent_moves_wait_on_a_sqlite_file_given_by_url(
    settings_from_env, tmp_path, frame
):
    path = tmp_path / "dus.sqlite3"
    database = settings_from_env(DATABASE_URL=f"sqlite:///{path}")["DATABASES"]["default"]
    copied = _copy_sqlite_test_database(path)

    def seed():
        if not copied:
            call_command("migrate", verbosity=0)
        coordinator = make_user(username="jonas")
        cluster = make_cluster(coordinators=[coordinator])
        items = [make_initiative(cluster, status="running", title=str(n)) for n in range(12)]
        return coordinator, cluster, items

    try:
        [(coordinator, cluster, items)] = _run_on(database, seed)
    finally:
        ContentType.objects.clear_cache()  # it would keep the file's ids
    locked = []

    def moves(initiative, offset):
        for _ in range(5):
            try:
                shift_rank(initiative, offset, by=coordinator)
            except OperationalError as error:  # "database is locked"
                locked.append(error)

    _run_on(database, *(lambda i=i, n=n: moves(i, -1 if n % 2 else 1) for n, i in enumerate(items)))
    assert locked == []
    [ranks] = _run_on(
        database,
        lambda: list(Initiative.objects.filter(cluster=cluster).values_list("rank", flat=True)),
    )
    ranks.sort()
    assert ranks == list(range(1, 13))
