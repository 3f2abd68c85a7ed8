"""Forms sent with fields added to them, for the mass-assignment tests
(tests/dus/test_mass_assignment*.py): the fields (`forged`), every row of the domain's
tables before and after (`snapshot`), and one form's case with its check (`Case.check`)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import DateTimeField, Model
from django.test import Client
from django.utils import timezone

from dialogues.models import AgendaItem, Dialogue, FollowUp, Gathering
from dus.models import Unit, User
from missions.models import Actor, Cluster, Membership, Mission
from portfolio.models import Initiative, LogEntry, Review, ReviewDecision
from tests.role_world import GROUP_MANAGEMENT, OTHER_HOLDER, World

# The tables a form could reach into.
MODELS = (
    User,
    Unit,
    Mission,
    Cluster,
    Membership,
    Actor,
    Initiative,
    LogEntry,
    Review,
    ReviewDecision,
    Dialogue,
    FollowUp,
    Gathering,
    AgendaItem,
)
# Kept by every save, whoever saves, not chosen by a sender; on PostgreSQL also the search
# text, which a trigger keeps in step with the text.
KEPT_BY_THE_SAVE = {"version", "updated_at", "decided_at", "search_vector"}
ANY = object()  # a changed value that is not compared (a time stamp)
PAST = "2020-01-01 12:00"


def forged(w: World) -> dict[str, Any]:
    """Fields a sender might add, each naming a state, a person or an object that is not
    theirs to choose."""
    manager, other = w[GROUP_MANAGEMENT].pk, w[OTHER_HOLDER].pk
    # Every time stamp of the tables: none is a form's to set (dates are sent as date and
    # time fields, and the view or model makes the time stamp).
    timestamps = {
        f.name
        for model in MODELS
        for f in model._meta.concrete_fields
        if isinstance(f, DateTimeField)
    }
    return {
        "id": w.other_initiative.pk,
        "pk": w.other_initiative.pk,
        "status": "scaled",
        "state": "held",
        "rank": "7",
        "position": "9",
        "version": "99",
        "owner": manager,
        "author": manager,
        "created_by": manager,
        "decided_by": manager,
        "done_by": manager,
        "closed_by": manager,
        "cancelled_by": manager,
        "contract_holder": other,
        "director": other,
        "head_of_department": other,
        "sponsor": other,
        "leader": other,
        "user": manager,
        "person": manager,
        "actor": w.actor_membership.actor_id,
        "cluster": w.other_cluster.pk,
        "mission": w.other_mission.pk,
        "unit": w.other_unit.pk,
        "initiative": w.other_initiative.pk,
        "inspired_by": w.stopped.pk,
        "review": w.other_review.pk,
        "dialogue": w.other_dialogue.pk,
        "gathering": w.published.pk,
        "entry": w.entry.pk,
        "next_review_on": "2020-01-01",
        "stop_reason": "Forfalsket",
        "stop_learning": "Forfalsket",
        "status_before_stop": "idea",
        "cancel_reason": "Forfalsket",
        "overtaken_by": "Forfalsket",
        "capacity_hours": "9999",
        "is_staff": "on",
        "is_superuser": "on",
        "is_active": "",
        "groups": list(Group.objects.values_list("pk", flat=True)),
        "username": "forfalsket",
        "email": "forfalsket@example.dk",
        "first_name": "Forfalsket",
        "password": "forfalsket",
        "idp_subject": "forfalsket",
        "idp_roles": '["direction"]',
        "external_id": "forfalsket",
        **dict.fromkeys(timestamps, PAST),
    }


def snapshot() -> dict[type[Model], dict[int, dict]]:
    """Every row of MODELS, by model and id (a person's last sign-in left out: the test
    client's signing in sets it)."""
    return {
        model: {
            row["id"]: row
            for row in model._base_manager.values(
                *(f.attname for f in model._meta.concrete_fields if f.name != "last_login")
            )
        }
        for model in MODELS
    }


@dataclass
class Case:
    """One form, sent by `role` to `url` with `body` and the forged fields. `changes`
    names the rows the form may change, and their fields that must change (to a value,
    or ANY); `creates` the one row of each model that must be made, and some of its
    values; `also` other fields that may change as a side effect."""

    role: str
    url: Callable[[World], str]
    body: Callable[[World], dict]
    prefix: str | Callable[[World], str] = ""
    changes: Callable[[World], dict[Model, dict[str, Any]]] = lambda w: {}
    creates: Callable[[World], dict[type[Model], dict[str, Any]]] = lambda w: {}
    also: Callable[[World], dict[Model, set[str]]] = lambda w: {}
    status: set[int] = field(default_factory=lambda: {302})


def check(world: World, case: Case) -> None:
    """Send the case's form with the forged fields added (under its prefix too), and
    assert that it made its change, and no other."""
    expected = case.changes(world)
    may_change = {(type(obj), obj.pk): set(fields) for obj, fields in expected.items()}
    for obj, fields in case.also(world).items():
        may_change.setdefault((type(obj), obj.pk), set()).update(fields)
    before = snapshot()

    response = _send(world, case)

    assert response.status_code in case.status, response.content.decode()[:2000]
    after = snapshot()
    changed, made = _diff(before, after)
    for (model, pk), fields in changed.items():
        allowed = may_change.get((model, pk), set()) | KEPT_BY_THE_SAVE
        assert fields <= allowed, f"{model.__name__} {pk}: {sorted(fields - allowed)} changed"
    for obj, values in expected.items():
        row = after[type(obj)][obj.pk]
        for name, value in values.items():
            assert name in changed.get((type(obj), obj.pk), set()), f"{name} did not change"
            if value is not ANY:
                assert row[name] == value, name
    creates = case.creates(world)
    assert {model: len(rows) for model, rows in made.items()} == dict.fromkeys(creates, 1)
    for model, values in creates.items():
        [row] = made[model]
        for name, value in values.items():
            assert row[name] == value, f"{model.__name__}.{name}: {row[name]!r}"
        if "created_at" in row:
            assert row["created_at"] > timezone.now() - dt.timedelta(minutes=5)


def post(world: World, role: str, url: str, data: dict):
    client = Client()
    client.force_login(world[role])
    return client.post(url, data)


def _send(world: World, case: Case):
    prefix = case.prefix(world) if callable(case.prefix) else case.prefix
    extra = forged(world)
    data = extra | {prefix + name: value for name, value in extra.items()} | case.body(world)
    return post(world, case.role, case.url(world), data)


def _diff(before, after) -> tuple[dict[tuple, set[str]], dict[type[Model], list[dict]]]:
    """The fields changed, by (model, id), and the rows made, by model."""
    changed, made = {}, {}
    for model in MODELS:
        assert before[model].keys() <= after[model].keys(), f"a {model.__name__} was deleted"
        for pk, row in after[model].items():
            old = before[model].get(pk)
            if old is None:
                made.setdefault(model, []).append(row)
            elif fields := {name for name in row if row[name] != old[name]}:
                changed[(model, pk)] = fields
    return changed, made
