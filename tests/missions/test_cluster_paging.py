"""A cluster's members, a page at a time, still added and removed in place."""

import pytest
from django.urls import reverse

from dus.models import User
from missions.models import Membership
from tests.factories import make_cluster, make_user

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def cluster(coordinator):
    """The coordinator and 59 members, named in the order the table lists them."""
    cluster = make_cluster(coordinators=[coordinator])
    people = User.objects.bulk_create(
        User(username=f"medlem{n:02}", first_name="Medlem", last_name=f"{n:02}") for n in range(59)
    )
    Membership.objects.bulk_create(
        Membership(cluster=cluster, person=person, role="member") for person in people
    )
    return cluster


def _names(html: str) -> list[str]:
    import re

    return re.findall(r'<th scope="row"[^>]*>([^<]+)</th>', html)


def test_it_shows_the_first_members_and_links_to_more(client, cluster, coordinator):
    client.force_login(coordinator)
    html = client.get(cluster.get_absolute_url(), {"q": "x"}).content.decode()
    names = _names(html)
    assert len(names) == 25 and names[0] == str(coordinator)
    assert "Viser 25 af 60" in html
    assert f'href="{cluster.get_absolute_url()}?q=x&amp;medlemmer=2"' in html


def test_the_next_members_plain_and_by_htmx(client, cluster, coordinator):
    client.force_login(coordinator)
    plain = client.get(cluster.get_absolute_url(), {"medlemmer": 3}).content.decode()
    assert _names(plain)[-1] == "Medlem 58" and "Viser 51–60 af 60" in plain
    response = client.get(
        cluster.get_absolute_url(), {"medlemmer": 2}, headers={**HTMX, "HX-Target": "member-rows"}
    )
    html = response.content.decode()
    assert '<section id="members"' in html[:80]
    assert "<h1>" not in html and _names(html)[0] == "Medlem 24"
    row = html.index('<tr tabindex="-1" data-dus-focus>')
    assert row < html.index("Medlem 24")
    assert 'hx-select-oob="#member-rows-more"' in html


def test_adding_and_removing_by_htmx_answer_with_the_first_page_linking_to_the_cluster(
    client, cluster, coordinator, contract_holder
):
    client.force_login(coordinator)
    response = client.post(
        reverse("missions:member_add", args=[cluster.pk]),
        {"person": contract_holder.pk, "role": "member"},
        headers=HTMX,
    )
    html = response.content.decode()
    assert "Viser 25 af 61" in html
    assert f'href="{cluster.get_absolute_url()}?medlemmer=2"' in html
    assert '<section id="history"' in html  # the history below, out of band
    membership = cluster.memberships.get(person=contract_holder)
    response = client.post(
        reverse("missions:member_remove", args=[cluster.pk, membership.pk]), headers=HTMX
    )
    assert "Viser 25 af 60" in response.content.decode()


@pytest.mark.parametrize("members", [2, 300])
def test_the_cluster_page_and_more_members_take_the_same_queries(
    client, coordinator, django_assert_max_num_queries, members
):
    cluster = make_cluster(coordinators=[coordinator])
    for _n in range(members):
        cluster.memberships.create(person=make_user(), role="member")
    client.force_login(coordinator)
    with django_assert_max_num_queries(15):
        client.get(cluster.get_absolute_url())
    with django_assert_max_num_queries(9):
        client.get(
            cluster.get_absolute_url(),
            {"medlemmer": 2},
            headers={**HTMX, "HX-Target": "member-rows"},
        )
