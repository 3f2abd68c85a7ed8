"""Every URL needs sign-in, except the few that must not.

The test walks the URL resolver, so a URL added later cannot escape it.
"""

import pytest
from django.urls import reverse

from tests.url_walk import ALL_URLS

# URL names that answer without sign-in, and why.
PUBLIC = {
    "login",  # the sign-in page itself
    "oidc_start",  # off to the identity provider (404 without it: tests/dus/test_oidc.py)
    "oidc_callback",  # back from the identity provider
    "healthz",  # load balancers and the compose file
    "set_language",  # switching language on the sign-in page
    "accessibility",  # the accessibility statement must be reachable by anyone
    "dialogues:calendar_feed",  # Outlook fetches it; its secret token is the key
}

# The admin's sign-in page is the portal's own sign-in page (dus/urls.py).
PROTECTED = [(path, name) for path, name in ALL_URLS if name not in PUBLIC | {"admin:login"}]


def test_it_finds_the_portal_and_admin_urls():
    names = {name for _, name in ALL_URLS}
    assert {"frame:overview", "frame:track_detail", "login", "admin:index"} <= names
    assert len(ALL_URLS) > 30


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), PROTECTED, ids=[f"{n} {p}" for p, n in PROTECTED])
def test_it_sends_an_anonymous_visitor_to_sign_in(client, path, name):
    response = client.get(path)
    assert response.status_code == 302, f"{path} ({name}) answered {response.status_code}"
    login = reverse("login")
    assert response["Location"].startswith((login, reverse("admin:login"))), response["Location"]


@pytest.mark.django_db
# The calendar feed needs its token: tests/dialogues/test_calendar_feed.py.
# The identity provider's way in and back: tests/dus/test_oidc.py.
@pytest.mark.parametrize(
    "name",
    sorted(PUBLIC - {"set_language", "dialogues:calendar_feed", "oidc_start", "oidc_callback"}),
)
def test_it_serves_the_public_pages_without_sign_in(client, name):
    assert client.get(reverse(name)).status_code == 200
