"""Cross-site request forgery: with the test client enforcing CSRF checks, as browsers
face them, a POST, PUT, PATCH or DELETE without the token to any URL pattern of the
portal (the URL resolver is walked, so a view added later is covered) is refused with
403 by the CSRF check, not by an access check, even for a signed-in person with every
right, and changes nothing. The same form with the token goes through."""

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import resolve, reverse

from dus.models import Role
from tests.factories import make_user
from tests.url_walk import ALL_URLS

pytestmark = pytest.mark.django_db

METHODS = ("post", "put", "patch", "delete")
# Django's CSRF failure page (django.views.csrf.csrf_failure, in Danish), not the portal's
# 403 page; and the check's own log line, one a refusal.
CSRF_FAILURE = b"CSRF"
CSRF_LOGGER = "django.security.csrf"


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model is not Session
    }


@pytest.fixture
def csrf_client():
    """Signed in as group management who is also a superuser: every right the portal
    and the admin give, so a refusal can only be the CSRF check's."""
    person = make_user(Role.GROUP_MANAGEMENT, Role.DIRECTION, is_staff=True, is_superuser=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    return client


def test_no_view_is_exempt_from_the_csrf_check():
    exempt = [name for path, name in ALL_URLS if getattr(resolve(path).func, "csrf_exempt", False)]
    assert exempt == []


def test_every_unsafe_request_without_a_token_is_refused_by_the_csrf_check(csrf_client, caplog):
    before = _counts()
    sent = 0
    # POST to every pattern; and to each of the portal's own patterns (not the admin's)
    # one of PUT, PATCH and DELETE in turn: the check treats every unsafe method alike,
    # so one round covers each method and each view, at a time the suite can afford.
    portal = [path for path, _ in ALL_URLS if not path.startswith("/admin/")]
    extra = {path: METHODS[1 + i % 3] for i, path in enumerate(portal)}
    for path, name in ALL_URLS:
        for method in ("post", extra[path]) if path in extra else ("post",):
            response = getattr(csrf_client, method)(path, {"title": "x"})
            assert response.status_code == 403, f"{method.upper()} {path} ({name})"
            assert CSRF_FAILURE in response.content, f"{method.upper()} {path} ({name})"
            sent += 1
    assert len([r for r in caplog.records if r.name == CSRF_LOGGER]) == sent
    assert _counts() == before


def test_a_wrong_token_is_refused_too(csrf_client, caplog):
    csrf_client.get(reverse("frame:my_settings"))  # sets the CSRF cookie
    response = csrf_client.post(
        reverse("frame:my_settings"), {"csrfmiddlewaretoken": "x" * 64, "weekly_digest": "on"}
    )
    assert response.status_code == 403
    assert CSRF_FAILURE in response.content
    assert "CSRF token from POST incorrect" in caplog.records[-2].getMessage()


def test_the_same_form_with_its_token_goes_through(csrf_client):
    page = csrf_client.get(reverse("frame:my_settings"))
    token = page.context["csrf_token"]
    response = csrf_client.post(
        reverse("frame:my_settings"), {"csrfmiddlewaretoken": str(token), "weekly_digest": "on"}
    )
    assert response.status_code == 302
    signed_out = csrf_client.post(reverse("logout"), {"csrfmiddlewaretoken": str(token)})
    assert signed_out.status_code == 302
