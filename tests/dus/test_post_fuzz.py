"""Every POST view of the portal, fuzzed (issue #15, point 7): generated submissions, plain
and htmx, as a person who may write everything (so that the forms are really checked),
with values good and bad: empty, huge, every script, control characters, markup and
script, wrong types, missing and extra fields, and ids of objects of other kinds, in the
form and in the address. Whatever is sent:

- the answer is never a 5xx (an exception in the view fails the example);
- nothing is saved from a submission that was refused: when a form the view bound is
  invalid, or the view answers with an error, no table has changed.

The URL resolver is walked, so a POST view added later is fuzzed too; its fields come
from the forms it binds (a probe sends it an empty POST and records them) and from the
keys it reads by hand. A new view whose address names an object must be given one in
`URL_OBJECTS`; the first test fails until it is.

Examples per view follow the Hypothesis profile (tests/conftest.py): a few locally,
200 in CI (HYPOTHESIS_PROFILE=ci, set by .ci/run).
"""

import datetime as dt
import hashlib

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.messages import constants as message_levels
from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from dialogues.models import FollowUp
from dus.models import Role, Unit
from dus.orgimport import plan_file
from dus.views import IMPORT_SESSION_KEY
from missions.models import Actor, Membership
from portfolio.models import FiguresVersion, Review, ReviewDecision, Status
from tests import fuzz
from tests.dus.orgfiles import org_file
from tests.factories import (
    make_cluster,
    make_dialogue,
    make_entry,
    make_gathering,
    make_initiative,
    make_mission,
    make_unit,
    make_user,
)
from tests.url_walk import ALL_URLS, allowed_methods

pytestmark = pytest.mark.django_db

# Django's own admin is left out: its forms are Django's, tested there.
PATHS = {
    name: path
    for path, name in ALL_URLS
    if not path.startswith("/admin/")
    and ((methods := allowed_methods(resolve(path).func)) is None or "POST" in methods)
}
POST_VIEWS = sorted(PATHS)

# The object each URL argument of a POST view names, by the world's key (see `world`).
URL_OBJECTS = {
    "missions:mission_edit": {"pk": "mission"},
    "missions:mission_close": {"pk": "mission"},
    "missions:cluster_create": {"mission_pk": "mission"},
    "missions:cluster_edit": {"pk": "cluster"},
    "missions:member_add": {"pk": "cluster"},
    "missions:actor_add": {"pk": "cluster"},
    "missions:member_role": {"pk": "cluster", "membership_pk": "membership"},
    "missions:member_remove": {"pk": "cluster", "membership_pk": "membership"},
    "missions:actor_anonymise": {"pk": "cluster", "membership_pk": "former_actor"},
    "portfolio:portfolio_reorder": {"pk": "cluster"},
    "portfolio:portfolio_rank": {"pk": "cluster"},
    "portfolio:review_create": {"pk": "cluster"},
    "portfolio:initiative_edit": {"pk": "initiative"},
    "portfolio:initiative_advance": {"pk": "initiative"},
    "portfolio:initiative_stop": {"pk": "initiative"},
    "portfolio:initiative_reopen": {"pk": "stopped"},
    "portfolio:initiative_adopt": {"pk": "initiative"},
    "portfolio:entry_add": {"pk": "initiative"},
    "portfolio:entry_correct": {"pk": "entry"},
    "portfolio:review_reschedule": {"pk": "review"},
    "portfolio:review_answers": {"pk": "review"},
    "portfolio:review_decide": {"pk": "review", "initiative_pk": "initiative"},
    "portfolio:review_withdraw": {"pk": "review", "initiative_pk": "initiative"},
    "portfolio:review_close": {"pk": "review"},
    "portfolio:review_cancel": {"pk": "review"},
    "dialogues:dialogue_prepare": {"pk": "dialogue_ahead"},
    "dialogues:dialogue_notes": {"pk": "dialogue_begun"},
    "dialogues:follow_up_create": {"pk": "dialogue_begun"},
    "dialogues:follow_up_done": {"pk": "follow_up"},
    "dialogues:gathering_edit": {"pk": "gathering"},
    "dialogues:gathering_add": {"pk": "gathering"},
    "dialogues:gathering_add_free": {"pk": "gathering"},
    "dialogues:gathering_move": {"pk": "gathering"},
    "dialogues:gathering_reorder": {"pk": "gathering"},
    "dialogues:gathering_publish": {"pk": "gathering"},
    "dialogues:gathering_held": {"pk": "published"},
    "dialogues:gathering_outcomes": {"pk": "published"},
    "dialogues:gathering_item_edit": {"pk": "item"},
    "dialogues:gathering_remove": {"pk": "item"},
    "dialogues:gathering_adopt": {"pk": "published_item"},
}
# Keys a view reads where the fuzzer cannot see them (Django's own code).
READ_ELSEWHERE = {"set_language": {"language", "next"}, "logout": {"next"}}
# Views a visitor uses before signing in: sent without a sign-in.
SIGNED_OUT = {"login"}
# Rows written whatever the answer: the sign-in's session; django-axes' record of a failed
# sign-in (the limits count them); a person's calendar feed, made the first time a page
# shows its address (tests/dus/test_get_walk.py).
WRITTEN_ANYWAY = {"django_session", "dialogues_calendarfeed"}
WRITTEN_ANYWAY_PREFIX = "axes_"
# The htmx targets a view answers differently (portfolio.views.logbook.entry_add).
HX_TARGETS = ["", "logbook", "member-rows", "ranking-list", "builder"]


def _world() -> dict:
    """An object of every kind each POST view acts on, in the state where the view does
    its work, and `me`: group management, direction, staff, contract holder and
    superuser, coordinator of the cluster, owner of the initiative, author of the entry,
    contract holder of one dialogue and head of department of another."""
    unit = make_unit(name="Stilling Skole")
    me = make_user(
        Role.GROUP_MANAGEMENT,
        Role.DIRECTION,
        Role.STAFF,
        Role.CONTRACT_HOLDER,
        unit=unit,
        is_staff=True,
        is_superuser=True,
    )
    unit.leader = me
    unit.save()
    other_unit = make_unit(name="Jobcenter")
    colleague = make_user(Role.CONTRACT_HOLDER, unit=other_unit)
    other_unit.leader = colleague
    other_unit.save()
    make_unit(name="HR og Udvikling", kind=Unit.Kind.STAFF)
    mission = make_mission()
    cluster = make_cluster(mission, coordinators=[me], members=[colleague])
    make_cluster(make_mission(), coordinators=[colleague])
    initiative = make_initiative(cluster, owner=me, unit=unit, status=Status.RUNNING)
    make_initiative(cluster, owner=colleague, unit=other_unit, status=Status.PLANNED)
    stopped = make_initiative(
        cluster,
        owner=colleague,
        status=Status.STOPPED,
        status_before_stop=Status.RUNNING,
        stop_reason="For dyrt.",
        stop_learning="Det kostede for meget.",
    )
    entry = make_entry(initiative, author=me, kind="learning", share=True)
    actor = cluster.add_actor(Actor(name="Borgerforeningen", kind="association"), "external")
    former = cluster.add_actor(Actor(name="Tidligere", kind="citizen"), "external")
    cluster.end_membership(former)
    review = Review.schedule(cluster, timezone.now() + dt.timedelta(days=7), by=me)
    ReviewDecision.objects.create(
        review=review, initiative=initiative, decision="continue", decided_by=me
    )
    ahead = make_dialogue(unit, contract_holder=me, head_of_department=colleague)
    begun = make_dialogue(
        other_unit,
        contract_holder=colleague,
        head_of_department=me,
        scheduled_at=timezone.now() - dt.timedelta(days=3),
    )
    follow_up = FollowUp.objects.create(
        dialogue=begun,
        what="Indsend handleplan",
        owner=colleague,
        due_on=timezone.localdate() + dt.timedelta(days=3),
        created_by=me,
    )
    gathering = make_gathering(created_by=me, date=timezone.localdate() + dt.timedelta(days=20))
    item = gathering.add_free_item(title="Velkomst", duration_minutes=10, by=me)
    gathering.add_candidate(initiative=initiative, by=me)
    published = make_gathering(created_by=me, date=timezone.localdate())
    published_item = published.add_candidate(entry=entry, by=me)
    published.add_free_item(title="Pause", duration_minutes=15, by=me)
    published.publish(me)
    return {
        "me": me,
        "mission": mission,
        "cluster": cluster,
        "membership": Membership.objects.get(cluster=cluster, person=colleague),
        "actor_membership": actor,
        "former_actor": former,
        "initiative": initiative,
        "stopped": stopped,
        "entry": entry,
        "review": review,
        "dialogue_ahead": ahead,
        "dialogue_begun": begun,
        "follow_up": follow_up,
        "gathering": gathering,
        "item": item,
        "published": published,
        "published_item": published_item,
    }


def _table_rows(table: str) -> str:
    """A digest of every row of the table (by its model)."""
    model = TABLES[table]
    rows = sorted(repr(row) for row in model._base_manager.values_list())
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


TABLES = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}


class World(dict):
    """The fuzzed views' objects and what the fuzzer learnt of each view; shown short in
    a falsifying example (its whole repr is pages long)."""

    def __repr__(self) -> str:
        return "world"


@pytest.fixture(scope="module")
def world(module_transaction):
    objects = _world()
    # On PostgreSQL the figures' version moves in deferred triggers at commit: fire those
    # of the data above now, so that the rows are as each example finds them.
    FiguresVersion.current()
    client = Client()
    client.force_login(objects["me"])
    session = client.session
    content = org_file()
    session[IMPORT_SESSION_KEY] = {
        "content": content.decode(),
        "name": "organisation.csv",
        "fingerprint": plan_file(content).fingerprint,
    }
    session.save()
    ids = sorted(
        {obj.pk for obj in objects.values() if hasattr(obj, "pk")} | {0, 2**31, 2**63 - 1, 2**63}
    )
    return World(
        objects=objects,
        session=session.session_key,
        ids=ids,
        fingerprint=plan_file(content).fingerprint,
        probes={},
        # Every table's rows as each example finds them: each runs in a savepoint, undone.
        baseline={table: _table_rows(table) for table in TABLES},
    )


def _client(world: dict, name: str) -> Client:
    client = Client()
    if name not in SIGNED_OUT:
        client.cookies[settings.SESSION_COOKIE_NAME] = world["session"]
    return client


def _right_kwargs(world: dict, name: str) -> dict:
    return {arg: world["objects"][key].pk for arg, key in URL_OBJECTS.get(name, {}).items()}


def _probe(world: dict, name: str) -> dict:
    """What the view binds and reads (once per view): a POST of nothing it knows (not
    empty: `Form(request.POST or None)` would stay unbound), undone."""
    if name in world["probes"]:
        return world["probes"][name]
    path = reverse(name, kwargs=_right_kwargs(world, name))
    view = resolve(path).func
    with transaction.atomic(), fuzz.recording() as bound:
        _client(world, name).post(path, {"probe": ""})
        transaction.set_rollback(True)
    fields, initial = fuzz.fields_of(bound)
    by_hand, as_list = fuzz.hand_read_fields(view)
    by_hand |= READ_ELSEWHERE.get(name, set())
    probe = {
        "fields": fields,
        "initial": initial,
        "by_hand": sorted(by_hand - set(fields)),
        "as_list": as_list,
        "reads_input": fuzz.reads_input(view),
    }
    world["probes"][name] = probe
    return probe


def test_every_post_view_has_what_the_fuzzer_needs():
    """A POST view whose address names an object has one in URL_OBJECTS (that a view
    that reads what it is sent has fields to fuzz is asked by its own fuzz test)."""
    assert len(POST_VIEWS) > 40
    missing = [
        name
        for name in POST_VIEWS
        if set(resolve(PATHS[name]).captured_kwargs) - set(URL_OBJECTS.get(name, {}))
    ]
    assert missing == [], "add these views' URL arguments to URL_OBJECTS"
    assert set(URL_OBJECTS) <= set(POST_VIEWS), "URL_OBJECTS names a view that is gone"


def test_the_probe_finds_the_forms_and_the_keys():
    """Not in need of the world: the hand-read keys are found in the views' code."""
    ranking = resolve(reverse("portfolio:portfolio_rank", args=[1])).func
    assert fuzz.hand_read_fields(ranking)[0] == {"move", "shown_first", "shown_last"}
    reorder = resolve(reverse("portfolio:portfolio_reorder", args=[1])).func
    assert fuzz.hand_read_fields(reorder)[1] == {"order", "before"}


def test_the_counter_sees_the_rows_a_request_writes(world):
    """The oracle of "nothing saved": writes are counted by table, reads are not."""
    with transaction.atomic(), fuzz.rows_written() as written:
        Unit.objects.count()
        Unit.objects.filter(pk=world["objects"]["me"].unit_id).update(capacity_hours=10)
        make_unit(name="Ny enhed")
        transaction.set_rollback(True)
    assert written[Unit._meta.db_table] == 2
    assert set(written) == {Unit._meta.db_table, Unit.history.model._meta.db_table}


@st.composite
def _submission(draw, world: dict, name: str):
    probe = _probe(world, name)
    ids = world["ids"]
    kwargs = {}
    for arg, key in URL_OBJECTS.get(name, {}).items():
        right = world["objects"][key].pk
        kwargs[arg] = draw(st.one_of(st.just(right), st.just(right), st.sampled_from(ids)))
    data = draw(fuzz.form_data(probe["fields"], probe["initial"], ids))
    for key in probe["by_hand"]:
        if key == "fingerprint" and draw(st.booleans()):
            data[key] = world["fingerprint"]
        elif key in probe["as_list"]:
            data[key] = draw(st.lists(fuzz.raw_values(ids), max_size=5))
        elif draw(st.booleans()):
            data[key] = draw(fuzz.raw_values(ids))
    if "submission" in probe["fields"] and draw(st.booleans()):
        data["submission"] = fuzz.new_token()
    data |= draw(fuzz.extra_fields())
    headers = {}
    if draw(st.booleans()):
        headers["HX-Request"] = "true"
        target = draw(st.sampled_from(HX_TARGETS))
        if target:
            headers["HX-Target"] = target
        elif "pk" in kwargs and draw(st.booleans()):
            headers["HX-Target"] = f"row-{kwargs['pk']}"
    return reverse(name, kwargs=kwargs), data, headers


def _answered_with_an_error(response, bound: list) -> bool:
    if fuzz.refused(bound):
        return True
    if response.status_code in (400, 409, 422):
        return True
    if response.context is not None and response.context.get("error"):
        return True
    stored = getattr(response.wsgi_request, "_messages", None)
    return any(m.level >= message_levels.ERROR for m in stored or [])


@pytest.mark.parametrize("name", POST_VIEWS)
@hypothesis_settings(
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ]
)
@given(st.data())
def test_no_submission_answers_5xx_or_saves_when_refused(world, name, data):
    probe = _probe(world, name)
    assert probe["fields"] or probe["by_hand"] or not probe["reads_input"], (
        f"{name} reads input, but the fuzzer finds no field of it: give READ_ELSEWHERE its keys"
    )
    path, payload, headers = data.draw(_submission(world, name), label="request")
    with transaction.atomic():
        with fuzz.recording() as bound, fuzz.rows_written() as written:
            response = _client(world, name).post(path, payload, headers=headers)
        assert response.status_code < 500, f"{response.status_code} from POST {path}"
        refused = _answered_with_an_error(response, bound)
        event(f"{response.status_code} {'refused' if refused else 'accepted'}")
        if refused:
            changed = [
                table
                for table in written
                if table not in WRITTEN_ANYWAY
                and not table.startswith(WRITTEN_ANYWAY_PREFIX)
                and table in TABLES
                and _table_rows(table) != world["baseline"][table]
            ]
            assert changed == [], f"a refused POST {path} changed {changed}"
        transaction.set_rollback(True)
