"""Control characters in a search (a NUL byte makes PostgreSQL refuse the query with
a DataError) are taken out before the query reaches the database."""

import pytest
from django.urls import reverse

from tests.factories import make_cluster, make_initiative, make_user

pytestmark = pytest.mark.django_db
ODD = ["\x00", "Fredag\x00", "Fre\x00dag", "\x1bFredag", "Fredag\x7f", "\x85Fredag"]


@pytest.fixture
def cluster(coordinator):
    cluster = make_cluster(coordinators=[coordinator])
    make_initiative(cluster, title="Café hver fredag")
    make_user(first_name="Fredag", last_name="Holm")
    return cluster


def _searches(client, coordinator, cluster, query):
    client.force_login(coordinator)
    portal = client.get(reverse("frame:search"), {"q": query})
    colleagues = client.get(cluster.get_absolute_url(), {"q": query})
    return portal, colleagues


@pytest.mark.parametrize("query", ODD)
def test_it_searches_without_the_control_characters(client, coordinator, cluster, query):
    portal, colleagues = _searches(client, coordinator, cluster, query)
    assert portal.status_code == colleagues.status_code == 200
    if query != "\x00" and query != "Fre\x00dag":
        assert "Café hver <mark>fredag</mark>" in portal.content.decode()
        assert "Fredag Holm" in colleagues.content.decode()


@pytest.mark.postgres
@pytest.mark.parametrize("query", ODD)
def test_it_searches_with_a_nul_byte_on_postgres(client, coordinator, cluster, query):
    portal, colleagues = _searches(client, coordinator, cluster, query)
    assert portal.status_code == colleagues.status_code == 200
