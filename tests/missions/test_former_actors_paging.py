"""The former external actors group management may anonymise: the latest ended
membership of each, those who left longest ago first, a page at a time."""

import datetime as dt

import pytest
from django.utils import timezone

from missions.models import Actor, Membership
from missions.views.clusters import FORMER_ACTORS_PAGE
from tests.factories import make_cluster
from tests.paging_checks import HTMX, check_paging

pytestmark = pytest.mark.django_db
PER = FORMER_ACTORS_PAGE


def _former(cluster, n: int) -> list[Actor]:
    """`n` actors who left (each twice: only the later membership is listed)."""
    now = timezone.now()
    actors = Actor.objects.bulk_create(
        Actor(name=f"Tidligere aktør {i:03}", kind="citizen") for i in range(n)
    )
    Membership.objects.bulk_create(
        Membership(
            cluster=cluster,
            actor=actor,
            role="external",
            ended_at=now - dt.timedelta(days=1000 - i - days),
        )
        for i, actor in enumerate(actors)
        for days in (0, 500)
    )
    return actors


def test_it_lists_each_former_actor_once_oldest_first_and_the_next_in_place(client, group_manager):
    cluster = make_cluster()
    actors = _former(cluster, PER + 4)
    current = Actor.objects.create(name="Tidligere aktør, nu igen", kind="citizen")
    cluster.memberships.create(actor=current, role="external", ended_at=timezone.now())
    cluster.memberships.create(actor=current, role="external")  # back: in the table
    gone = Actor.objects.create(
        name="Tidligere aktør X", kind="citizen", anonymised_at=timezone.now()
    )
    cluster.memberships.create(actor=gone, role="external", ended_at=timezone.now())
    client.force_login(group_manager)
    first, more = check_paging(
        client,
        cluster.get_absolute_url(),
        list_id="former-actors",
        param="tidligere",
        marker="<span>Tidligere aktør ",
        per=PER,
        total=PER + 4,
    )
    assert first.index("Tidligere aktør 000") < first.index("Tidligere aktør 001")
    latest, earlier = actors[0].memberships.order_by("-ended_at")
    assert f"/medlemmer/{latest.pk}/anonymiser/" in first
    assert f"/medlemmer/{earlier.pk}/anonymiser/" not in first
    assert f"Tidligere aktør {PER:03}" in more


@pytest.mark.parametrize("n", [2, 2 * PER + 4])
def test_the_cluster_page_takes_the_same_queries_whatever_the_former_actors(
    client, group_manager, django_assert_max_num_queries, n
):
    cluster = make_cluster()
    _former(cluster, n)
    client.force_login(group_manager)
    with django_assert_max_num_queries(14):
        client.get(cluster.get_absolute_url())
    with django_assert_max_num_queries(10):
        client.get(
            cluster.get_absolute_url(),
            {"tidligere": 2},
            headers=HTMX | {"HX-Target": "former-actors"},
        )
