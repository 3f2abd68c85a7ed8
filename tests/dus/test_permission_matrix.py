"""Who may do what: for every URL pattern of the portal and every role, the answer to a
GET and to a POST, written down in one table (MATRIX) and checked against the views.

The rule (DOMAIN.md): anyone signed in may read; writing follows role and membership;
what a person may not even know of (another's dialogue, a gathering being prepared) is
404. The table is read per row as (GET, POST) for each role:

    OK    the page, a form with its errors (200, or 422), or a redirect after the change
          (302): the request was let through. A POST carries an empty body, so a
          permitted write often ends in the form's errors; what matters is that it got
          past the access check.
    403   refused: the person may see the object but not do this
    404   the object is not theirs to know of
    405   the method is not served (a page is only read, an action only posted)
    LOGIN an anonymous visitor is sent to sign in (302 to the sign-in page)
    ADMIN sent to the admin's sign-in (302), which refuses anyone without is_staff (its
          sign-out goes to the admin's index instead, which does the same)

The URL resolver is walked (tests/url_walk.py): a pattern missing from the table fails
the test, so no URL added later escapes it. Each request runs in a transaction that is
rolled back, with the client's cookies put back after it, so every role meets the same
world (tests/role_world.py) whatever the requests before it changed.

About 1,200 requests: to stay within the suite's budget, templates are not rendered
(each renders as an empty string). A view decides its status before its template is
rendered, so the answers are the same; that every page renders is the GET walk's
concern (test_get_walk.py) and each page's own tests'.
"""

import logging
from http.cookies import SimpleCookie

import pytest
from django.db import transaction
from django.template.backends.django import Template
from django.test import Client
from django.urls import reverse

from tests.role_world import (
    ANONYMOUS,
    COORDINATOR,
    DIRECTION,
    GROUP_MANAGEMENT,
    HOLDER,
    ROLES,
    SIGNED_IN,
    STAFF,
    build_world,
)
from tests.url_walk import ALL_URLS

pytestmark = pytest.mark.django_db

OK, LOGIN, ADMIN = "OK", "LOGIN", "ADMIN"
OK_STATUSES = {200, 302, 409, 422}
ADMIN_LOGIN = "/admin/login/"

EVERYONE = frozenset(SIGNED_IN)
MANAGE = frozenset({GROUP_MANAGEMENT, DIRECTION})  # User.is_group_management
STEER = MANAGE | {COORDINATOR}  # Cluster.can_steer
EDIT = STEER | {HOLDER}  # Initiative.can_edit: the owner and whoever steers
LOG = EDIT  # Initiative.can_log: the owner, the cluster's members, group management
BUILD = MANAGE | {STAFF}  # dialogues: can_build, Dialogue.can_schedule
DIALOGUE = frozenset({HOLDER, GROUP_MANAGEMENT, DIRECTION})  # Dialogue.can_read


def _row(signed_in: dict[str, tuple], anonymous=(LOGIN, LOGIN)) -> dict[str, tuple]:
    return {ANONYMOUS: anonymous, **signed_in}


def page(readers=EVERYONE) -> dict[str, tuple]:
    """Read only (GET): the readers see it, for everyone else it does not exist."""
    return _row({role: (OK if role in readers else 404, 405) for role in SIGNED_IN})


def form(writers, hidden=frozenset()) -> dict[str, tuple]:
    """A form (GET shows it, POST sends it): the writers may, `hidden` get 404, others 403."""
    return _row({role: (_answer(role, writers, hidden),) * 2 for role in SIGNED_IN})


def action(writers, hidden=frozenset()) -> dict[str, tuple]:
    """A POST only: the writers may, `hidden` get 404, others 403; GET is 405 for all."""
    return _row({role: (405, _answer(role, writers, hidden)) for role in SIGNED_IN})


def lookup(readers) -> dict[str, tuple]:
    """Read only (GET), but not by everyone: the readers get it, others 403."""
    return _row({role: (OK if role in readers else 403, 405) for role in SIGNED_IN})


def public(get, post) -> dict[str, tuple]:
    """Served without sign-in, the same to everyone."""
    return dict.fromkeys(ROLES, (get, post))


def _answer(role: str, writers, hidden) -> object:
    return OK if role in writers else 404 if role in hidden else 403


NOT_IN_DIALOGUE = EVERYONE - DIALOGUE
NOT_BUILDING = EVERYONE - BUILD

# URL name (or, without a name, path) -> {role: (GET, POST)}.
MATRIX: dict[str, dict[str, tuple]] = {
    # The frame: the front page, search, the strategic frame, one's own settings.
    "frame:overview": page(),
    "frame:search": page(),
    "frame:track_detail": page(),
    "frame:problem_detail": page(),
    "frame:my_settings": form(EVERYONE),  # one's own, whoever one is
    # Staff (and superusers) import the organisation (dus.orgimport.can_import).
    "frame:organisation_import": form({STAFF}),
    "frame:organisation_import_apply": action({STAFF}),
    # A person's audit trail (GDPR access): superusers only, and no role makes one.
    "frame:audit_trail_export_csv": lookup(frozenset()),
    "frame:audit_trail_export_xlsx": lookup(frozenset()),
    # Signing in and out, language, health, the accessibility statement.
    "login": {ANONYMOUS: (OK, OK), **dict.fromkeys(SIGNED_IN, (302, 302))},
    "oidc_start": public(404, 405),  # 404 without an identity provider set up
    "oidc_callback": public(404, 405),
    "logout": _row(dict.fromkeys(SIGNED_IN, (405, LOGIN))),  # signed out: to sign in
    "set_language": public(302, 302),
    "healthz": public(OK, 405),
    "accessibility": public(OK, 405),
    # Missions and clusters: group management runs missions, whoever steers a cluster
    # changes it and its members; only group management anonymises an external actor.
    "missions:mission_list": page(),
    "missions:mission_detail": page(),
    "missions:mission_create": form(MANAGE),
    "missions:mission_edit": form(MANAGE),
    "missions:mission_close": action(MANAGE),
    "missions:cluster_create": form(MANAGE),
    "missions:cluster_detail": page(),
    "missions:cluster_edit": form(STEER),
    "missions:member_add": action(STEER),
    "missions:actor_add": action(STEER),
    "missions:member_role": action(STEER),
    "missions:member_remove": action(STEER),
    "missions:actor_anonymise": action(MANAGE),
    # Portfolios: read by all; ranked and reviewed by whoever steers the cluster.
    "portfolio:portfolio_list": page(),
    "portfolio:portfolio_detail": page(),
    "portfolio:portfolio_reorder": action(STEER),
    "portfolio:portfolio_rank": action(STEER),
    "portfolio:review_create": form(STEER),
    "portfolio:review_detail": page(),
    "portfolio:review_minutes": page(),
    "portfolio:review_reschedule": form(STEER),
    "portfolio:review_cancel": form(STEER),
    "portfolio:review_close": form(STEER),
    "portfolio:review_answers": action(STEER),
    "portfolio:review_decide": action(STEER),
    "portfolio:review_withdraw": action(STEER),
    # Initiatives: anyone may log one (in a cluster of their own: the form says so), the
    # owner and whoever steers edit and move it on; stopping is steering; reopening is
    # group management's; the logbook is the cluster's members'; correcting an entry is
    # its author's alone; anyone may start their own from another ("vi vil også prøve").
    "portfolio:my_initiatives": page(),
    "portfolio:initiative_create": form(EVERYONE),
    "portfolio:initiative_detail": page(),
    "portfolio:initiative_edit": form(EDIT),
    "portfolio:initiative_advance": action(EDIT),
    "portfolio:initiative_stop": form(STEER),
    "portfolio:initiative_reopen": action(MANAGE),
    "portfolio:initiative_adopt": form(EVERYONE),
    "portfolio:entry_add": action(LOG),
    "portfolio:entry_correct": form({HOLDER}),
    # The dashboard and lists: read by all; units' capacities are group management's.
    "portfolio:dashboard": page(),
    "portfolio:capacities": form(MANAGE),  # a page of its own, back to the dashboard
    "portfolio:initiative_list": page(),
    "portfolio:owner_suggestions": page(),
    "portfolio:initiative_export_csv": page(),
    "portfolio:initiative_export_xlsx": page(),
    "dialogues:learning_list": page(),
    # The calendar feed answers anyone with its secret address; renewing is one's own.
    "dialogues:calendar_feed": public(OK, 405),
    "dialogues:calendar_feed_renew": action(EVERYONE),
    # Dialogues: staff and group management schedule; only the three participants and
    # group management know of one; the contract holder prepares; the participants
    # (and group management) record notes and follow-ups once it has begun.
    "dialogues:dialogue_list": page(),
    "dialogues:dialogue_create": form(BUILD),
    "dialogues:dialogue_detail": page(DIALOGUE),
    "dialogues:dialogue_prepare": action({HOLDER}, hidden=NOT_IN_DIALOGUE),
    "dialogues:dialogue_notes": action(DIALOGUE, hidden=NOT_IN_DIALOGUE),
    "dialogues:follow_up_create": action(DIALOGUE, hidden=NOT_IN_DIALOGUE),
    "dialogues:follow_up_done": action(DIALOGUE, hidden=NOT_IN_DIALOGUE),
    # Ledertræf: staff and group management build; a gathering being prepared does not
    # exist for anyone else (404: the agenda's patterns below are asked of one); a
    # published one is read by all, and anyone may try an item's initiative.
    "dialogues:gathering_list": page(),
    "dialogues:gathering_create": form(BUILD),
    "dialogues:presenter_suggestions": lookup(BUILD),  # the presenter field's datalist
    "dialogues:gathering_detail": page(),
    "dialogues:gathering_calendar": page(),
    "dialogues:gathering_edit": form(BUILD, hidden=NOT_BUILDING),
    "dialogues:gathering_add": action(BUILD, hidden=NOT_BUILDING),
    "dialogues:gathering_add_free": action(BUILD, hidden=NOT_BUILDING),
    "dialogues:gathering_move": action(BUILD, hidden=NOT_BUILDING),
    "dialogues:gathering_reorder": action(BUILD, hidden=NOT_BUILDING),
    "dialogues:gathering_publish": action(BUILD, hidden=NOT_BUILDING),
    "dialogues:gathering_item_edit": form(BUILD, hidden=NOT_BUILDING),
    "dialogues:gathering_remove": action(BUILD, hidden=NOT_BUILDING),
    "dialogues:gathering_held": action(BUILD),  # of the published one: 403
    "dialogues:gathering_outcomes": form(BUILD),
    "dialogues:gathering_adopt": form(EVERYONE),
    # The admin signs in through the portal's page, and lets in only is_staff people,
    # which no portal role makes anyone: a signed-in person without it is refused.
    ADMIN_LOGIN: {ANONYMOUS: (LOGIN, LOGIN), **dict.fromkeys(SIGNED_IN, (403, 403))},
    # Every other pattern of the admin: one row for them all, as Django's
    # AdminSite.admin_view guards each alike. Asked of every role at the index, and of
    # direction (the widest portal role) at every admin pattern, so that an admin view
    # added without that guard shows.
    "admin:*": dict.fromkeys(ROLES, (ADMIN, ADMIN)),
}


def _key(path: str, name: str | None) -> str:
    if path == ADMIN_LOGIN:  # the portal's own view, in front of the admin's (dus/urls.py)
        return ADMIN_LOGIN
    if path.startswith("/admin/"):
        return "admin:*"
    return name or path


def _arguments(w) -> dict[str, dict]:
    """The real ids each pattern is reversed with (those not named take none): the
    holder's initiative, dialogue and entry in the coordinator's cluster; the gathering
    being prepared for changes to an agenda, the published one for the rest."""
    frame = {"plan": w.plan.slug}
    cluster, initiative, review = {"pk": w.cluster.pk}, {"pk": w.initiative.pk}, {"pk": w.review.pk}
    groups = {
        ("frame:track_detail",): frame | {"slug": w.track.slug},
        ("frame:problem_detail",): frame | {"slug": w.problem.slug},
        ("audit_trail_export_csv", "audit_trail_export_xlsx"): {"pk": w[HOLDER].pk},
        ("mission_detail", "mission_edit", "mission_close"): {"pk": w.mission.pk},
        ("cluster_create",): {"mission_pk": w.mission.pk},
        ("cluster_detail", "cluster_edit", "member_add", "actor_add"): cluster,
        ("member_role", "member_remove", "actor_anonymise"): cluster
        | {"membership_pk": w.actor_membership.pk},
        ("portfolio_detail", "portfolio_reorder", "portfolio_rank", "review_create"): cluster,
        ("initiative_detail", "initiative_edit", "initiative_advance"): initiative,
        ("initiative_stop", "initiative_adopt", "entry_add"): initiative,
        ("initiative_reopen",): {"pk": w.stopped.pk},
        ("entry_correct",): {"pk": w.entry.pk},
        ("review_detail", "review_minutes", "review_reschedule", "review_cancel"): review,
        ("review_close", "review_answers"): review,
        ("review_decide", "review_withdraw"): review | {"initiative_pk": w.initiative.pk},
        ("calendar_feed",): {"token": w.feed.token},
        ("dialogue_detail", "dialogue_prepare", "dialogue_notes", "follow_up_create"): {
            "pk": w.dialogue.pk
        },
        ("follow_up_done",): {"pk": w.follow_up.pk},
        ("gathering_detail", "gathering_calendar", "gathering_held", "gathering_outcomes"): {
            "pk": w.published.pk
        },
        ("gathering_edit", "gathering_add", "gathering_add_free", "gathering_move"): {
            "pk": w.planned.pk
        },
        ("gathering_reorder", "gathering_publish"): {"pk": w.planned.pk},
        ("gathering_item_edit", "gathering_remove"): {"pk": w.planned.items.first().pk},
        ("gathering_adopt",): {"pk": w.published.items.get().pk},
    }
    return {name: kwargs for names, kwargs in groups.items() for name in names}


def test_every_url_pattern_is_in_the_table():
    keys = {_key(path, name) for path, name in ALL_URLS}
    missing = sorted(keys - MATRIX.keys())
    assert missing == [], f"add these URL patterns to MATRIX: {missing}"
    assert sorted(MATRIX.keys() - keys) == [], "rows of MATRIX for URLs that are gone"
    for key, row in MATRIX.items():
        assert set(row) == set(ROLES), key


@pytest.fixture(scope="module")
def world(module_transaction):
    return build_world()


def _client(world, role: str) -> Client:
    client = Client()
    if role != ANONYMOUS:
        client.force_login(world[role])
    return client


def _ask(client: Client, method: str, path: str):
    """The answer, with whatever the request changed undone: its rows rolled back and the
    client's cookies (session, messages) put back."""
    cookies = SimpleCookie()
    cookies.update(client.cookies)
    with transaction.atomic():
        response = getattr(client, method)(path)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def _check(expected, response, method: str, path: str, role: str) -> str | None:
    status, location = response.status_code, response.get("Location", "")
    login = reverse("login")
    if expected == LOGIN:
        right = status == 302 and location.startswith(login)
    elif expected == ADMIN:
        right = status == 302 and (
            location.startswith(reverse("admin:login"))
            or (path == reverse("admin:logout") and location == reverse("admin:index"))
        )
    elif expected == OK:
        # A redirect to the sign-in page is not a permitted write: the session was lost.
        right = status in OK_STATUSES and not (status == 302 and location.startswith(login))
    else:
        right = status == expected
    if right:
        return None
    return f"{method.upper()} {path} as {role}: expected {expected}, got {status} {location}"


def _paths(world) -> list[tuple[str, str]]:
    """(row, path) of each pattern of the portal, with real ids, and the admin's index."""
    arguments = _arguments(world)
    paths = {}
    for path, name in ALL_URLS:
        key = _key(path, name)
        if key not in paths and key != "admin:*":
            kwargs = arguments.get(name.rpartition(":")[2], {}) if name else {}
            paths[key] = reverse(name, kwargs=arguments.get(name, kwargs)) if name else path
    paths["admin:*"] = reverse("admin:index")
    return list(paths.items())


@pytest.fixture
def quick(monkeypatch, caplog):
    """Templates render as "", and refusals are not logged (each 403 is, with a traceback,
    which costs more than the request)."""
    monkeypatch.setattr(Template, "render", lambda self, context=None, request=None: "")
    for logger in ("django.request", "dus.events", "axes"):
        caplog.set_level(logging.CRITICAL, logger=logger)


# One test per role, so that parallel workers share them (each builds the world once).
@pytest.mark.parametrize("role", ROLES)
def test_the_role_gets_the_answer_the_table_gives(world, quick, role):
    client, wrong = _client(world, role), []
    for key, path in _paths(world):
        for method, expected in zip(("get", "post"), MATRIX[key][role], strict=True):
            response = _ask(client, method, path)
            if problem := _check(expected, response, method, path, role):
                wrong.append(problem)
    assert wrong == [], "\n".join(wrong)


def test_every_admin_pattern_sends_direction_to_the_admin_sign_in(world, quick):
    client, wrong = _client(world, DIRECTION), []
    for path, name in ALL_URLS:
        if _key(path, name) == "admin:*":
            response = _ask(client, "get", path)
            if problem := _check(ADMIN, response, "get", path, DIRECTION):
                wrong.append(problem)
    assert wrong == [], "\n".join(wrong)
