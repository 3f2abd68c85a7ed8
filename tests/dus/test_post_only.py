"""Every view that only takes POST answers GET with 405 Method Not Allowed, before anything
else (no redirect, no 403 or 404 from an access check that ran first).

The test walks the URL resolver, so a POST-only view added later is tested too.
"""

import pytest
from django.urls import resolve

from tests.url_walk import ALL_URLS, allowed_methods

POST_ONLY = [
    (path, name) for path, name in ALL_URLS if allowed_methods(resolve(path).func) == {"POST"}
]


def test_it_finds_the_post_only_views():
    names = {name for _, name in POST_ONLY}
    assert {
        "logout",
        "missions:mission_close",
        "portfolio:portfolio_rank",
        "portfolio:portfolio_reorder",
        "portfolio:initiative_reopen",
        "portfolio:review_answers",
        "portfolio:review_decide",
        "portfolio:review_withdraw",
    } <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), POST_ONLY, ids=[f"{n} {p}" for p, n in POST_ONLY])
def test_it_answers_get_with_405_on_every_post_only_view(client, outsider, path, name):
    client.force_login(outsider)
    response = client.get(path)
    assert response.status_code == 405, f"GET {path} ({name}) answered {response.status_code}"
    assert set(response["Allow"].split(", ")) <= {"POST", "OPTIONS"}
