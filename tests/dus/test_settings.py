"""Settings from the environment: bad values stop start-up, production passes check --deploy."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from dus.env import env_bool, env_int, env_list

PRODUCTION = {
    "SECRET_KEY": "a-production-like-secret-key-" + "k" * 40,
    "ALLOWED_HOSTS": "dus.skanderborg.dk",
    "SITE_URL": "https://dus.skanderborg.dk",
}


# Variables the test run sets (tests/settings.py) that production leaves unset.
TEST_ONLY = {"DEBUG": None, "SECURE_SSL_REDIRECT": None}


def test_it_passes_check_deploy_with_production_settings(settings_from_env, deploy_check):
    output = deploy_check(settings_from_env(**TEST_ONLY, **PRODUCTION))
    assert "no issues" in output


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"CONN_MAX_AGE": "sixty"}, "CONN_MAX_AGE='sixty' is not an integer"),
        ({"EMAIL_HOST": "smtp", "EMAIL_PORT": "25x"}, "EMAIL_PORT='25x' is not an integer"),
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must be set"),
        ({"DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL"),
        ({"SITE_URL": ""}, "SITE_URL must be set"),
    ],
)
def test_it_stops_on_a_bad_setting_naming_the_variable(settings_from_env, env, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        settings_from_env(**{**TEST_ONLY, **PRODUCTION, **env})


def test_it_reads_booleans_integers_and_lists(monkeypatch):
    monkeypatch.setenv("X_BOOL", "Yes")
    monkeypatch.setenv("X_INT", " 42 ")
    monkeypatch.setenv("X_LIST", "a, b,,c ")
    assert env_bool("X_BOOL") is True
    assert env_int("X_INT", 0) == 42
    assert env_list("X_LIST") == ["a", "b", "c"]
    assert env_bool("X_UNSET", True) is True
    monkeypatch.setenv("X_INT", "-1")
    with pytest.raises(ImproperlyConfigured, match="X_INT=-1 must be at least 0"):
        env_int("X_INT", 0, minimum=0)


def test_it_sends_a_content_security_policy_and_hsts(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    response = client.get("/log-ind/", secure=True)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert "'unsafe-inline'" not in csp
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_it_renders_no_inline_script_without_the_nonce(client):
    page = client.get("/log-ind/").content.decode()
    for tag in re.findall(r"<script[^>]*>", page):
        assert "src=" in tag or "nonce=" in tag, tag
    assert "style=" not in page


def test_it_gives_every_sqlite_database_the_same_options(settings_from_env, tmp_path):
    embedded = settings_from_env(DATABASE_URL=None)["DATABASES"]["default"]
    by_url = settings_from_env(DATABASE_URL=f"sqlite:///{tmp_path / 'dus.sqlite3'}")
    by_url = by_url["DATABASES"]["default"]
    assert by_url["OPTIONS"] == embedded["OPTIONS"]
    assert by_url["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in by_url["OPTIONS"]["init_command"]
    assert by_url["OPTIONS"]["timeout"] >= 5


@pytest.mark.parametrize(("concurrency", "pool"), [(None, "solo"), ("1", "solo"), ("3", "prefork")])
def test_it_runs_one_task_at_a_time_in_the_worker_process_itself(
    settings_from_env, concurrency, pool
):
    """A prefork pool of one child would hold a second Django in memory for nothing."""
    s = settings_from_env(**TEST_ONLY, **PRODUCTION, CELERY_WORKER_CONCURRENCY=concurrency)
    assert s["CELERY_WORKER_POOL"] == pool
    assert s["CELERY_WORKER_CONCURRENCY"] == int(concurrency or 1)
