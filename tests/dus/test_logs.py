"""The operator's log (dus/logs.py): JSON lines in production, and one event each for
signing in, signing out, a failed sign-in, a refusal (403) and a state change, naming the
person by user id only: no name, user name, e-mail address or network address, in our
lines or in django-axes' own."""

import json
import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from dus.logs import JsonFormatter
from portfolio.models import Review, ReviewDecision, Status
from tests.factories import PASSWORD, make_cluster, make_initiative

pytestmark = pytest.mark.django_db

ADDRESS = "192.0.2.44"


@pytest.fixture
def logged(caplog):
    """The events logged so far on "dus.events", and a check that nothing logged by
    anyone holds Maja's personal data."""
    caplog.set_level(logging.INFO)
    formatter = JsonFormatter()

    def events(name: str | None = None) -> list[logging.LogRecord]:
        for record in caplog.records:
            line = formatter.format(record)
            for personal in ("maja", "Maja", "Lund", "@example.dk", ADDRESS, PASSWORD):
                assert personal not in line, line
        found = [r for r in caplog.records if r.name == "dus.events"]
        return [r for r in found if name is None or r.event == name]

    return events


def _sign_in(client, password=PASSWORD, username="maja"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ADDRESS
    )


def test_it_logs_a_sign_in_once_with_the_user_id(client, contract_holder, logged):
    assert _sign_in(client).status_code == 302
    [event] = logged()
    assert (event.event, event.user_id) == ("sign_in", contract_holder.pk)
    assert event.getMessage() == f"sign_in user_id={contract_holder.pk}"


def test_it_logs_a_failed_sign_in_with_the_id_of_the_account_tried(client, contract_holder, logged):
    _sign_in(client, password="wrong")
    _sign_in(client, username="nobody")
    assert [(e.event, e.user_id) for e in logged()] == [
        ("sign_in_failed", contract_holder.pk),
        ("sign_in_failed", None),
    ]


def test_it_logs_a_sign_out_once(client, contract_holder, logged):
    client.force_login(contract_holder)
    client.post(reverse("logout"))
    assert [(e.event, e.user_id) for e in logged("sign_out")] == [("sign_out", contract_holder.pk)]


def test_it_logs_an_ended_session_as_expired_not_signed_out(
    client, contract_holder, logged, settings, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(contract_holder)
    time_machine.shift(settings.SESSION_IDLE_SECONDS)
    client.get("/")
    [event] = logged("session_expired")
    assert (event.user_id, event.reason) == (contract_holder.pk, "idle")
    assert not logged("sign_out")


def test_it_logs_a_refusal_once_with_the_user_id_and_the_url_name(client, contract_holder, logged):
    client.force_login(contract_holder)
    assert client.get(reverse("missions:mission_create")).status_code == 403
    [event] = logged("permission_refused")
    assert event.user_id == contract_holder.pk
    assert (event.view, event.method) == ("missions:mission_create", "GET")


def test_it_logs_each_lifecycle_step_once_when_committed(
    contract_holder, group_manager, logged, django_capture_on_commit_callbacks
):
    initiative = make_initiative(owner=contract_holder)
    with django_capture_on_commit_callbacks(execute=True):
        initiative.advance(Status.PLANNED, contract_holder)
    with django_capture_on_commit_callbacks(execute=True):
        initiative.stop(group_manager, "For dyrt.", "Det var for dyrt.")
    assert [(e.event, e.user_id, e.initiative_id, e.before, e.after) for e in logged()] == [
        ("initiative_status", contract_holder.pk, initiative.pk, "idea", "planned"),
        ("initiative_status", group_manager.pk, initiative.pk, "planned", "stopped"),
    ]


def test_it_logs_nothing_for_a_step_that_is_rolled_back(
    contract_holder, logged, django_capture_on_commit_callbacks
):
    initiative = make_initiative(owner=contract_holder)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        initiative.advance(Status.PLANNED, contract_holder)
    assert len(callbacks) == 1  # waits for the commit
    assert not logged()


def test_it_logs_a_review_closed_and_each_decision(
    client, coordinator, group_manager, logged, django_capture_on_commit_callbacks
):
    cluster = make_cluster(coordinators=[coordinator])
    initiative = make_initiative(cluster, status=Status.RUNNING)
    review = Review.schedule(cluster, timezone.now(), by=coordinator)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portfolio:review_decide", args=[review.pk, initiative.pk]),
            {f"d{initiative.pk}-decision": "scale"},
        )
    assert response.status_code in (200, 302)
    decision = ReviewDecision.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        review.close(group_manager)
    assert [(e.event, e.user_id) for e in logged() if e.event != "sign_in"] == [
        ("decision_recorded", coordinator.pk),
        ("initiative_status", group_manager.pk),
        ("decision_applied", group_manager.pk),
        ("review_closed", group_manager.pk),
    ]
    assert logged("decision_recorded")[0].decision_id == decision.pk
    assert logged("review_closed")[0].review_id == review.pk


def test_the_json_formatter_writes_one_object_a_line_with_the_event_fields():
    message = "sign_in user_id=7"
    record = logging.LogRecord("dus.events", logging.INFO, __file__, 1, message, (), None)
    record.event, record.user_id = "sign_in", 7
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["event"] == "sign_in" and entry["user_id"] == 7
    assert entry["level"] == "INFO" and entry["logger"] == "dus.events"
    assert entry["message"] == "sign_in user_id=7"
    assert entry["time"].endswith("+00:00")


def test_it_logs_json_in_production_and_text_under_debug(settings_from_env):
    production = settings_from_env(DEBUG=None, LOG_FORMAT=None)["LOGGING"]
    assert production["handlers"]["console"]["formatter"] == "json"
    assert production["formatters"]["json"]["()"] == "dus.logs.JsonFormatter"
    debug = settings_from_env(DEBUG="true", LOG_FORMAT=None)["LOGGING"]
    assert debug["handlers"]["console"]["formatter"] == "text"
    chosen = settings_from_env(DEBUG="true", LOG_FORMAT="JSON")["LOGGING"]
    assert chosen["handlers"]["console"]["formatter"] == "json"


def test_it_refuses_an_unknown_log_format(settings_from_env):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT='xml'"):
        settings_from_env(LOG_FORMAT="xml")
