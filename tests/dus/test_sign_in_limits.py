"""Limits on wrong passwords (django-axes): per user name and per address, with a Danish
message on the sign-in page, lifted by itself after the cool-off; the admin signs in
through the same page."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOCKED = "For mange mislykkede forsøg på at logge ind"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _sign_in(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password, "next": "/"},
        REMOTE_ADDR=address,
    )


def test_it_refuses_even_the_right_password_after_too_many_wrong_ones(
    client, contract_holder, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, "maja", "wrong").status_code == 200
    assert _sign_in(client, "maja", "wrong").status_code == 429  # the last one allowed
    response = _sign_in(client, "maja", PASSWORD, address="10.0.0.2")
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page
    assert "Log ind på DUS-portalen" in page  # the sign-in page, not a bare error
    assert 'name="username"' in page and 'value="maja"' in page
    assert "_auth_user_id" not in client.session


def test_it_lifts_the_lockout_by_itself_after_the_cool_off(
    client, contract_holder, settings, time_machine
):
    time_machine.move_to(START, tick=False)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "maja", "wrong")
    assert _sign_in(client, "maja", PASSWORD).status_code == 429
    time_machine.move_to(START + settings.AXES_COOLOFF_TIME - dt.timedelta(minutes=1))
    assert _sign_in(client, "maja", PASSWORD).status_code == 429
    time_machine.move_to(START + 3 * settings.AXES_COOLOFF_TIME)
    response = _sign_in(client, "maja", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_locks_out_an_address_across_user_names(client, contract_holder, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, f"guess{n}", "wrong", address="10.0.0.9")
    locked = _sign_in(client, "maja", PASSWORD, address="10.0.0.9")
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    assert _sign_in(client, "maja", PASSWORD, address="10.0.0.10").status_code == 302


def test_it_reads_the_limits_from_the_environment(settings_from_env):
    loaded = settings_from_env(SIGNIN_FAILURE_LIMIT="3", SIGNIN_LOCKOUT_MINUTES="30")
    assert loaded["AXES_FAILURE_LIMIT"] == 3
    assert loaded["AXES_COOLOFF_TIME"] == dt.timedelta(minutes=30)
    assert loaded["AXES_LOCKOUT_PARAMETERS"] == ["username", "ip_address"]
    defaults = settings_from_env(SIGNIN_FAILURE_LIMIT=None, SIGNIN_LOCKOUT_MINUTES=None)
    assert defaults["AXES_FAILURE_LIMIT"] == 5
    assert defaults["AXES_COOLOFF_TIME"] == dt.timedelta(minutes=15)


def test_it_sends_the_admin_sign_in_to_the_portal_sign_in_page(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1] == (reverse("login") + "?next=/admin/", 302)
    assert "Log ind på DUS-portalen" in response.content.decode()
    # Django's own admin form is not there to post to.
    posted = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert posted.status_code == 302
    assert posted["Location"].startswith(reverse("login"))


def test_it_lets_staff_into_the_admin_after_signing_in_on_the_portal_page(client):
    make_user(username="admin", is_staff=True, is_superuser=True)
    response = client.post(
        reverse("login"), {"username": "admin", "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/")["Location"] == "/admin/"


def test_it_refuses_the_admin_to_someone_signed_in_without_staff_rights(client, contract_holder):
    client.force_login(contract_holder)
    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_it_counts_per_client_behind_our_own_proxy_and_never_trusts_the_clients_word(
    client, settings
):
    from django.test import RequestFactory

    from dus.views import client_address

    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7"
    )
    settings.FORWARDED_FOR_PROXIES = 0
    assert client_address(request) == "10.9.9.9"  # no proxy: the header is anyone's word
    settings.FORWARDED_FOR_PROXIES = 1
    assert client_address(request) == "192.0.2.7"  # what our proxy saw, not the spoofed hop
    settings.FORWARDED_FOR_PROXIES = 3
    assert client_address(request) == "10.9.9.9"  # fewer hops than proxies: the connection's


def test_it_locks_out_one_client_behind_the_proxy_and_not_the_others(client, settings):
    settings.FORWARDED_FOR_PROXIES = 1
    make_user(username="ann")
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": f"nobody{n}", "password": "wrong"},
            REMOTE_ADDR="10.0.0.100",
            HTTP_X_FORWARDED_FOR="192.0.2.7",
        )
    other = client.post(
        reverse("login"),
        {"username": "ann", "password": PASSWORD, "next": "/"},
        REMOTE_ADDR="10.0.0.100",
        HTTP_X_FORWARDED_FOR="192.0.2.8",
    )
    assert other.status_code == 302


def test_it_counts_a_user_name_longer_than_any_as_a_failure(client, settings):
    """Found by tests/dus/test_post_fuzz.py: a user name of 20,000 characters did not fit
    django-axes' record of the failed attempt, and PostgreSQL answered 500."""
    from axes.models import AccessAttempt

    long_name = "x" * 20_000
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, long_name, "wrong", address="10.0.0.9").status_code == 200
    assert _sign_in(client, long_name, "wrong", address="10.0.0.9").status_code == 429
    assert AccessAttempt.objects.get().username == "x" * 150
