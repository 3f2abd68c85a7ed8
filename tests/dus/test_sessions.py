"""How long a sign-in lasts: it ends after SESSION_IDLE_SECONDS without a request and
SESSION_COOKIE_AGE after signing in however active the person is; signing out deletes
the session on the server; a person made inactive is signed out at their next request.
(The limits on wrong passwords: test_sign_in_limits.py.)"""

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
LOGIN = reverse("login") + "?next=/"


def _sign_in(client) -> str:
    response = client.post(reverse("login"), {"username": "maja", "password": PASSWORD})
    assert response.status_code == 302
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


def _at(time_machine, seconds: int) -> None:
    time_machine.move_to(START + dt.timedelta(seconds=seconds), tick=False)


def test_it_ends_a_sign_in_after_the_idle_time(client, contract_holder, settings, time_machine):
    settings.SESSION_IDLE_SECONDS = 900
    _at(time_machine, 0)
    key = _sign_in(client)
    _at(time_machine, 890)
    assert client.get("/").status_code == 200  # active again: the idle time starts over
    _at(time_machine, 890 + 890)
    assert client.get("/").status_code == 200
    _at(time_machine, 890 + 890 + 900)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert not Session.objects.filter(session_key=key).exists()  # gone on the server


def test_it_writes_the_activity_at_most_once_a_minute(
    client, contract_holder, settings, time_machine
):
    _at(time_machine, 0)
    key = _sign_in(client)

    def stored() -> str:
        return Session.objects.get(session_key=key).session_data

    after_sign_in = stored()
    _at(time_machine, 59)
    client.get("/")
    assert stored() == after_sign_in  # no write within the minute
    _at(time_machine, 61)
    client.get("/")
    assert stored() != after_sign_in


def test_it_ends_a_sign_in_at_its_age_however_active(
    client, contract_holder, settings, time_machine
):
    settings.SESSION_COOKIE_AGE = 3600
    settings.SESSION_IDLE_SECONDS = 1800
    _at(time_machine, 0)
    key = _sign_in(client)
    for minutes in (20, 40, 59):
        _at(time_machine, minutes * 60)
        assert client.get("/").status_code == 200, minutes
    _at(time_machine, 3600)
    assert client.get("/")["Location"] == LOGIN
    assert not Session.objects.filter(session_key=key).exists()


def test_it_counts_the_age_from_signing_in_not_from_the_last_save(
    client, contract_holder, settings, time_machine
):
    """Each write of the activity moves the session row's own expiry forward; the
    sign-in's age must not move with it."""
    settings.SESSION_COOKIE_AGE = 3600
    _at(time_machine, 0)
    key = _sign_in(client)
    _at(time_machine, 3000)
    client.get("/")
    assert Session.objects.get(session_key=key).expire_date > START + dt.timedelta(hours=1)
    _at(time_machine, 3601)
    assert client.get("/").status_code == 302


def test_sign_out_deletes_the_session_so_its_cookie_no_longer_works(client, contract_holder):
    key = _sign_in(client)
    assert client.post(reverse("logout")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = key  # the old cookie, kept
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN


def test_a_deactivated_person_is_signed_out_at_the_next_request(client, contract_holder):
    _sign_in(client)
    assert client.get("/").status_code == 200
    contract_holder.is_active = False
    contract_holder.save(update_fields=["is_active"])
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert client.get(reverse("portfolio:my_initiatives")).status_code == 302


def test_it_reads_the_idle_time_from_the_environment(settings_from_env):
    loaded = settings_from_env(SESSION_IDLE_SECONDS="900", SESSION_COOKIE_AGE="7200")
    assert loaded["SESSION_IDLE_SECONDS"] == 900
    assert loaded["SESSION_COOKIE_AGE"] == 7200
    assert loaded["SESSION_SAVE_EVERY_REQUEST"] is False
    assert "dus.middleware.SessionTimeoutMiddleware" in loaded["MIDDLEWARE"]
    defaults = settings_from_env(SESSION_IDLE_SECONDS=None, SESSION_COOKIE_AGE=None)
    assert defaults["SESSION_IDLE_SECONDS"] == 3600
    assert defaults["SESSION_COOKIE_AGE"] == 36000
