"""A long portfolio: the ranking's first page and "Vis flere", moves and dragging across
the pages (ranks stay 1..n), and counts of the whole portfolio."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portfolio.models import Initiative
from portfolio.views.ranking import RANKING_PER_PAGE
from tests.factories import make_cluster, make_initiatives

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
PER = RANKING_PER_PAGE


@pytest.fixture
def cluster(coordinator):
    return make_cluster(coordinators=[coordinator])


def _fill(cluster, n: int, **kwargs) -> list[Initiative]:
    return make_initiatives(cluster, n, **kwargs)


def _ranks(cluster) -> list[tuple[str, int]]:
    return list(
        Initiative.objects.filter(cluster=cluster)
        .active()
        .order_by("rank")
        .values_list("title", "rank")
    )


def _assert_one_to_n(cluster) -> None:
    assert [rank for _title, rank in _ranks(cluster)] == list(
        range(1, Initiative.objects.filter(cluster=cluster).active().count() + 1)
    )


def _detail(cluster, query: str = "") -> str:
    return reverse("portfolio:portfolio_detail", args=[cluster.pk]) + query


def test_it_shows_the_first_page_by_rank_and_more_on_the_next(client, cluster, coordinator):
    _fill(cluster, PER * 2 + 5)
    client.force_login(coordinator)
    page = client.get(_detail(cluster)).content.decode()
    assert page.count('class="dus-rank-item"') == PER
    assert "Indsats 0001" in page and f"Indsats {PER:04}" in page
    assert f"Indsats {PER + 1:04}" not in page
    assert f'href="{_detail(cluster, "?side=2")}"' in page
    assert f"Viser {PER} af {PER * 2 + 5}" in page

    # Without JavaScript: the second page, numbered on from the first.
    plain = client.get(_detail(cluster, "?side=2")).content.decode()
    assert f'id="rank-{PER + 1}"' in plain and 'id="rank-1"' not in plain
    assert "Forrige side" in plain

    # With htmx: the ranking's next rows, the first one taking the focus.
    more = client.get(_detail(cluster, "?side=2"), headers=HTMX | {"HX-Target": "ranking-list"})
    html = more.content.decode()
    assert html.count('class="dus-rank-item"') == PER
    assert f'id="rank-{PER + 1}" class="dus-rank-item"' in html
    assert html.count("data-dus-focus") == 1
    assert 'tabindex="-1" data-dus-focus' in html.split(f'id="rank-{PER + 2}"')[0]
    assert "<h1>" not in html  # the ranking alone, not the whole page
    assert f'href="{_detail(cluster, "?side=3")}"' in html


def test_it_keeps_other_parameters_in_the_next_pages_address(client, cluster, coordinator):
    _fill(cluster, PER + 1)
    client.force_login(coordinator)
    page = client.get(_detail(cluster, "?afsluttede=1")).content.decode()
    assert f'href="{_detail(cluster, "?afsluttede=1&amp;side=2")}"' in page


def test_it_counts_stale_work_in_the_whole_portfolio(client, cluster, coordinator, settings):
    old = timezone.now() - timedelta(days=settings.STALE_DAYS + 10)
    made = _fill(cluster, PER + 10)
    # The stale ones are all beyond the first page.
    Initiative.objects.filter(pk__in=[i.pk for i in made[-7:]]).update(created_at=old)
    Initiative.objects.filter(pk__in=[i.pk for i in made[:-7]]).update(last_entry_at=old)
    Initiative.objects.filter(pk__in=[i.pk for i in made[:-7]]).update(
        created_at=old, last_entry_at=timezone.now()
    )
    client.force_login(coordinator)
    page = client.get(_detail(cluster)).content.decode()
    assert f"{PER + 10} aktive indsatser" in page
    assert f"7 uden notat i logbogen i {settings.STALE_DAYS} dage" in page


def test_it_moves_the_last_shown_row_down_onto_the_next_page_with_htmx(
    client, cluster, coordinator
):
    made = _fill(cluster, PER * 2 + 3)
    client.force_login(coordinator)
    last, first_hidden = made[PER - 1], made[PER]
    response = client.post(
        reverse("portfolio:portfolio_rank", args=[cluster.pk]),
        {"move": f"{last.pk}:down", "shown_first": "1", "shown_last": str(PER)},
        headers=HTMX,
    )
    html = response.content.decode()
    assert response["HX-Reswap"] == "none"
    _assert_one_to_n(cluster)
    assert Initiative.objects.get(pk=last.pk).rank == PER + 1
    assert Initiative.objects.get(pk=first_hidden.pk).rank == PER
    # The row at the boundary is swapped in place; the next page comes appended, the
    # moved row first with the focus on its Down button, and "Vis flere" for the page after.
    assert f'id="rank-{PER}" class="dus-rank-item" data-id="{first_hidden.pk}"' in html
    assert 'hx-swap-oob="beforeend:#ranking-list"' in html
    assert html.count('class="dus-rank-item"') == 1 + PER
    appended = html.split('hx-swap-oob="beforeend:#ranking-list"')[1]
    assert appended.index(f'data-id="{last.pk}"') < appended.index('class="dus-rank-item"', 20)
    down = f'value="{last.pk}:down" class="button button-secondary dus-button-small"'
    assert f"{down} data-dus-focus" in html
    assert 'id="ranking-list-more" class="dus-show-more" hx-swap-oob="true"' in html
    assert "?side=3" in html and "/flyt/" not in html.split("ranking-list-more")[1]
    assert len(response.content) < 40_000


def test_it_moves_within_the_shown_pages_with_two_rows(client, cluster, coordinator):
    made = _fill(cluster, PER * 2 + 3)
    client.force_login(coordinator)
    response = client.post(
        reverse("portfolio:portfolio_rank", args=[cluster.pk]),
        {"move": f"{made[PER - 1].pk}:down", "shown_first": "1", "shown_last": str(PER * 2)},
        headers=HTMX,
    )
    html = response.content.decode()
    assert f'id="rank-{PER}"' in html and f'id="rank-{PER + 1}"' in html
    assert "beforeend" not in html
    _assert_one_to_n(cluster)


def test_it_moves_the_first_row_of_a_later_page_up_onto_the_page_before(
    client, cluster, coordinator
):
    made = _fill(cluster, PER * 2)
    client.force_login(coordinator)
    url = reverse("portfolio:portfolio_rank", args=[cluster.pk])
    move = {"move": f"{made[PER].pk}:up"}
    # With htmx, on the second page opened by its address: to the page it is now on.
    response = client.post(
        url, move | {"shown_first": str(PER + 1), "shown_last": str(PER * 2)}, headers=HTMX
    )
    assert response["HX-Redirect"] == _detail(cluster, f"#rank-{PER}")
    assert Initiative.objects.get(pk=made[PER].pk).rank == PER
    # Without JavaScript: the same, by a redirect; back down it goes to the second page.
    response = client.post(url, {"move": f"{made[PER].pk}:down"})
    assert response["Location"] == _detail(cluster, f"?side=2#rank-{PER + 1}")
    _assert_one_to_n(cluster)
    page = client.get(response["Location"]).content.decode()
    assert f'id="rank-{PER + 1}" class="dus-rank-item" data-id="{made[PER].pk}"' in page


def test_it_saves_a_dragged_order_of_the_shown_rows_and_keeps_the_others(
    client, cluster, coordinator
):
    made = _fill(cluster, PER + 5)
    shown = [i.pk for i in made[:PER]]
    order = [shown[-1], *shown[:-1]]  # the last shown dragged to the top
    client.force_login(coordinator)
    response = client.post(
        reverse("portfolio:portfolio_reorder", args=[cluster.pk]),
        {"order": order, "before": shown},
        headers=HTMX,
    )
    assert response["HX-Retarget"] == "#ranking-list"
    assert response["HX-Reswap"] == "innerHTML"
    html = response.content.decode()
    assert html.count('class="dus-rank-item"') == PER
    assert html.index(f'data-id="{shown[-1]}"') < html.index(f'data-id="{shown[0]}"')
    assert 'id="ranking-status" role="status" hx-swap-oob="true"' in html
    _assert_one_to_n(cluster)
    ids = list(
        Initiative.objects.filter(cluster=cluster).order_by("rank").values_list("pk", flat=True)
    )
    assert ids == [*order, *(i.pk for i in made[PER:])]


def test_it_saves_a_dragged_order_of_a_later_page(client, cluster, coordinator):
    made = _fill(cluster, PER * 2)
    shown = [i.pk for i in made[PER:]]
    order = list(reversed(shown))
    client.force_login(coordinator)
    response = client.post(
        reverse("portfolio:portfolio_reorder", args=[cluster.pk]),
        {"order": order, "before": shown},
    )
    assert response["Location"] == _detail(cluster, f"?side=2#rank-{PER + 1}")
    ids = list(
        Initiative.objects.filter(cluster=cluster).order_by("rank").values_list("pk", flat=True)
    )
    assert ids == [*(i.pk for i in made[:PER]), *order]
    _assert_one_to_n(cluster)


def test_it_refuses_a_dragged_order_another_change_has_overtaken(client, cluster, coordinator):
    made = _fill(cluster, PER + 5)
    shown = [i.pk for i in made[:PER]]
    client.force_login(coordinator)
    # Someone else moved the first two meanwhile.
    client.post(reverse("portfolio:portfolio_rank", args=[cluster.pk]), {"move": f"{shown[1]}:up"})
    before = _ranks(cluster)
    response = client.post(
        reverse("portfolio:portfolio_reorder", args=[cluster.pk]),
        {"order": list(reversed(shown)), "before": shown},
        headers=HTMX,
    )
    html = response.content.decode()
    assert "Porteføljen kan være ændret i mellemtiden" in html
    assert 'id="ranking"' in html  # the ranking again, as it now is
    assert _ranks(cluster) == before
    # And rows that are not a run of the priority order, or not the shown ones.
    for order, shown_now in (
        ([shown[0], shown[2]], [shown[0], shown[2]]),
        ([made[-1].pk], [shown[0]]),
    ):
        client.post(
            reverse("portfolio:portfolio_reorder", args=[cluster.pk]),
            {"order": order, "before": shown_now},
        )
        assert _ranks(cluster) == before


def test_it_refuses_to_get_the_post_only_views(client, cluster, coordinator):
    client.force_login(coordinator)
    for name in ("portfolio_rank", "portfolio_reorder"):
        assert client.get(reverse(f"portfolio:{name}", args=[cluster.pk])).status_code == 405


@pytest.mark.parametrize("n", [5, 60])
def test_it_shows_a_long_portfolio_in_constant_queries(
    client, cluster, coordinator, n, django_assert_max_num_queries
):
    made = _fill(cluster, n)
    Initiative.objects.filter(pk__in=[i.pk for i in made[::2]]).update(
        status="stopped", stop_reason="r", stop_learning="l"
    )
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        assert client.get(_detail(cluster)).status_code == 200
    with django_assert_max_num_queries(16):
        assert (
            client.post(
                reverse("portfolio:portfolio_rank", args=[cluster.pk]),
                {"move": f"{made[3].pk}:up", "shown_first": "1", "shown_last": "25"},
                headers=HTMX,
            ).status_code
            == 200
        )
