"""Pages for a signed-in person and the portfolio downloads are theirs alone: sent with
`Cache-Control: private, no-store`, so no shared proxy and no browser cache keeps them."""

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory
from django.urls import reverse

from portfolio.views.dashboard import initiative_export
from tests.factories import make_cluster, make_initiative

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def cluster(coordinator):
    cluster = make_cluster(coordinators=[coordinator])
    make_initiative(cluster, title="Sommerskole")
    return cluster


def test_it_keeps_pages_for_a_signed_in_person_out_of_every_cache(client, cluster, group_manager):
    client.force_login(group_manager)
    initiative = cluster.initiatives.get()
    for path in [
        "/",
        cluster.get_absolute_url(),
        reverse("portfolio:portfolio_detail", args=[cluster.pk]),
        reverse("portfolio:initiative_detail", args=[initiative.pk]),
        reverse("portfolio:dashboard"),
        reverse("portfolio:initiative_list"),
        reverse("frame:search") + "?q=sommer",
        reverse("frame:my_settings"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert {"private", "no-store"} <= _directives(response), path
    fragment = client.get(reverse("portfolio:dashboard"), headers={"HX-Request": "true"})
    assert {"private", "no-store"} <= _directives(fragment)


@pytest.mark.parametrize(
    "name", ["portfolio:initiative_export_csv", "portfolio:initiative_export_xlsx"]
)
def test_it_sends_the_downloads_with_private_no_store(client, cluster, group_manager, name):
    client.force_login(group_manager)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_marks_the_downloads_private_in_the_view_itself(cluster, group_manager, fmt):
    request = RequestFactory().get("/indsatser/eksport." + fmt)
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = group_manager
    assert {"private", "no-store"} <= _directives(initiative_export(request, fmt=fmt))


def test_it_leaves_public_pages_and_a_view_own_cache_control_alone(client):
    assert "no-store" not in _directives(client.get(reverse("accessibility")))
    assert "no-cache" in _directives(client.get(reverse("healthz")))
