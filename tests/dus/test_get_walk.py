"""One walk over every page by GET, as group management, over factory data with an object
of every kind: every page a crawl from the front page reaches (one of each URL name), and
every URL pattern of the portal with a made-up id (its 404, 405 or page). From that one
walk:

- no GET changes anything: every row of every table (history included) is the same
  after the walk as before, but for the one documented exception below;
- every HTML answer carries the security headers: a Content-Security-Policy without
  'unsafe-inline' scripts and with frame-ancestors 'none', HSTS of at least a year,
  `X-Content-Type-Options: nosniff`, a Referrer-Policy, and `Cache-Control: no-store`
  (everything a signed-in person gets is personal).

The pages a visitor sees without signing in, the static files and /healthz are checked
apart, at the end.
"""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dialogues.models import CalendarFeed, FollowUp
from dus.models import Role, Unit
from portfolio.models import FiguresVersion, Review, ReviewDecision, Status
from tests.crawl import crawl_html
from tests.factories import (
    make_cluster,
    make_dialogue,
    make_entry,
    make_gathering,
    make_initiative,
    make_unit,
    make_user,
)
from tests.url_walk import ALL_URLS

pytestmark = pytest.mark.django_db

YEAR = 365 * 24 * 60 * 60
# Rows a GET may write: none, but for a person's own calendar feed (its secret address),
# made the first time they look at "Mine indstillinger" and never again.
MADE_ON_FIRST_LOOK = {CalendarFeed}


def _world():
    """Factory data with an object of every kind the pages show: a mission and cluster
    with members, initiatives active and stopped with a logbook, an open review with a
    decision and a closed one, a held dialogue with a follow-up, a published gathering."""
    manager = make_user(
        Role.GROUP_MANAGEMENT, unit=make_unit(kind=Unit.Kind.SECRETARIAT), username="gm"
    )
    unit = make_unit()
    holder = make_user(Role.CONTRACT_HOLDER, unit=unit)
    unit.leader = holder
    unit.save()
    cluster = make_cluster(coordinators=[holder], members=[make_user(Role.CONTRACT_HOLDER)])
    running = make_initiative(cluster, owner=holder, unit=unit, status=Status.RUNNING)
    make_entry(running, text="Vi lærte noget.", kind="learning", share=True)
    make_initiative(
        cluster,
        status=Status.STOPPED,
        status_before_stop=Status.RUNNING,
        stop_reason="For dyrt.",
        stop_learning="Det kostede for meget.",
    )
    review = Review.schedule(cluster, timezone.now() + dt.timedelta(days=7), by=manager)
    ReviewDecision.objects.create(
        review=review, initiative=running, decision="continue", decided_by=manager
    )
    Review.schedule(cluster, timezone.now() - dt.timedelta(days=7), by=manager).close(manager)
    dialogue = make_dialogue(
        unit,
        contract_holder=holder,
        head_of_department=manager,
        scheduled_at=timezone.now() - dt.timedelta(days=3),
    )
    FollowUp.objects.create(
        dialogue=dialogue,
        what="Indsend handleplan",
        owner=holder,
        due_on=timezone.localdate() + dt.timedelta(days=3),
        created_by=manager,
    )
    gathering = make_gathering(created_by=manager, date=timezone.localdate())
    gathering.add_free_item(title="Velkomst", duration_minutes=10, by=manager)
    gathering.publish(manager)
    return manager


def _tables() -> dict[str, set[tuple]]:
    """Every row of every table (the sessions aside: signing in writes one), by model; a
    JSON field's list or dict as its repr, to be hashable."""
    return {
        model._meta.label: {
            tuple(repr(v) if isinstance(v, list | dict) else v for v in row)
            for row in model._base_manager.values_list()
        }
        for model in apps.get_models(include_auto_created=True)
        if model is not Session
    }


@pytest.fixture(scope="module")
def walk(module_transaction):
    """(path, response) for every request of the walk, with the tables before and after."""
    manager = _world()
    client = Client()
    client.force_login(manager)
    responses: list[tuple[str, object]] = []

    def get(path: str):
        response = client.get(path, secure=True)  # as in production: over https
        responses.append((path, response))
        return response

    # On PostgreSQL the figures' version is changed by deferred triggers at commit, and
    # this test's transaction never commits: fire those of the data made above now, as a
    # commit would, so that the walk is judged by its own writes only.
    FiguresVersion.current()
    before = _tables()
    crawl_html(client, per_name=1, get=get)
    crawled = {path for path, _ in responses}
    for path, _name in ALL_URLS:
        if not path.startswith(("/admin/", "/log-ud/")) and path not in crawled:
            get(path)
    after = _tables()
    return {"responses": responses, "before": before, "after": after, "manager": manager}


def test_the_walk_reaches_a_page_of_every_kind(walk):
    reached = {path for path, response in walk["responses"] if response.status_code == 200}
    names = {r.resolver_match.view_name for p, r in walk["responses"] if p in reached}
    assert {
        "frame:overview",
        "frame:my_settings",
        "missions:cluster_detail",
        "portfolio:initiative_detail",
        "portfolio:initiative_edit",
        "portfolio:review_detail",
        "portfolio:review_minutes",
        "portfolio:dashboard",
        "dialogues:dialogue_detail",
        "dialogues:gathering_detail",
        "dialogues:learning_list",
    } <= names


def test_no_get_changes_a_row(walk):
    before, after = walk["before"], walk["after"]
    for label in before:
        if apps.get_model(label) in MADE_ON_FIRST_LOOK:
            continue
        assert before[label] == after[label], f"a GET changed {label}"


def test_the_one_row_a_get_may_write_is_the_walkers_own_calendar_feed(walk):
    label = CalendarFeed._meta.label
    made = walk["after"][label] - walk["before"][label]
    assert walk["before"][label] <= walk["after"][label]
    assert len(made) <= 1
    if made:
        [row] = made
        owners = {row[[f.attname for f in CalendarFeed._meta.concrete_fields].index("user_id")]}
        assert owners == {walk["manager"].pk}


def _html(walk):
    return [
        (path, response)
        for path, response in walk["responses"]
        if response.get("Content-Type", "").startswith("text/html")
    ]


def _assert_security_headers(path: str, response) -> None:
    csp = {
        name: value
        for name, _, value in (
            part.strip().partition(" ") for part in response["Content-Security-Policy"].split(";")
        )
    }
    assert "'unsafe-inline'" not in csp.get("script-src", csp["default-src"]), path
    assert csp["frame-ancestors"] == "'none'", path
    assert response["X-Content-Type-Options"] == "nosniff", path
    assert response["Referrer-Policy"] in {"same-origin", "no-referrer", "strict-origin"}, path
    hsts = {
        name: value
        for name, _, value in (
            part.strip().partition("=") for part in response["Strict-Transport-Security"].split(";")
        )
    }
    assert int(hsts["max-age"]) >= YEAR, path


def test_every_html_answer_carries_the_security_headers(walk):
    pages = _html(walk)
    assert len(pages) > 60
    for path, response in pages:
        _assert_security_headers(path, response)


def test_every_html_answer_to_a_signed_in_person_is_no_store(walk):
    for path, response in _html(walk):
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= directives, path


def test_the_pages_without_sign_in_carry_the_headers_and_static_files_may_be_cached(client):
    for name in ("login", "accessibility"):
        response = client.get(reverse(name), secure=True)
        assert response.status_code == 200
        _assert_security_headers(name, response)
    static = client.get("/static/css/dus.css", secure=True)
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")


def test_production_settings_send_hsts_for_at_least_a_year(settings_from_env):
    production = settings_from_env(
        DEBUG=None,
        SECURE_HSTS_SECONDS=None,
        SECURE_SSL_REDIRECT=None,
        SECRET_KEY="a-production-like-secret-key-" + "k" * 40,
        ALLOWED_HOSTS="dus.skanderborg.dk",
        SITE_URL="https://dus.skanderborg.dk",
    )
    assert production["SECURE_HSTS_SECONDS"] >= YEAR
    assert production["SECURE_SSL_REDIRECT"] is True
