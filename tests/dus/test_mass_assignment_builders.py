"""No mass assignment in the forms of staff and group management: dialogues, gatherings
and their agendas, units' capacities (see test_mass_assignment.py)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import AgendaItem, Dialogue, Gathering
from tests.forgery import Case, check
from tests.role_world import GROUP_MANAGEMENT, HOLDER, STAFF, World, build_world

pytestmark = pytest.mark.django_db


def _today(days: int = 0) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


CASES = {
    # Staff (and group management): dialogues and gatherings.
    "schedule a dialogue": Case(
        STAFF,
        lambda w: reverse("dialogues:dialogue_create"),
        lambda w: {
            "unit": w.unit.pk,
            "date": _today(30),
            "time": "09:00",
            "place": "Rådhuset",
            "contract_holder": w[HOLDER].pk,
            "director": w.dialogue.director_id,
            "head_of_department": w[GROUP_MANAGEMENT].pk,
        },
        creates=lambda w: {
            Dialogue: {
                "unit_id": w.unit.pk,
                "contract_holder_id": w[HOLDER].pk,
                "state": "scheduled",
                "created_by_id": w[STAFF].pk,
                "prep_operations": "",
                "notes_operations": "",
                "prepared_at": None,
                "held_at": None,
            }
        },
    ),
    "create a gathering": Case(
        STAFF,
        lambda w: reverse("dialogues:gathering_create"),
        lambda w: {
            "kind": "ledertraef",
            "title": "Ledertræf om læring",
            "date": _today(40),
            "starts_at": "13:00",
            "ends_at": "16:00",
            "place": "Rådhuset",
        },
        creates=lambda w: {
            Gathering: {
                "state": "planned",
                "created_by_id": w[STAFF].pk,
                "published_at": None,
                "held_at": None,
                "version": 1,
            }
        },
    ),
    "change a gathering": Case(
        STAFF,
        lambda w: reverse("dialogues:gathering_edit", args=[w.planned.pk]),
        lambda w: {
            "kind": w.planned.kind,
            "title": "Nyt tema",
            "date": w.planned.date.isoformat(),
            "starts_at": "13:00",
            "ends_at": "16:00",
            "place": w.planned.place,
            "read_version": w.planned.version,
        },
        changes=lambda w: {w.planned: {"title": "Nyt tema"}},
    ),
    "put a free item on the agenda": Case(
        STAFF,
        lambda w: reverse("dialogues:gathering_add_free", args=[w.planned.pk]),
        lambda w: {"free-title": "Workshop", "free-duration_minutes": "30", "free-presenter": ""},
        prefix="free-",
        creates=lambda w: {
            AgendaItem: {
                "gathering_id": w.planned.pk,
                "kind": "free",
                "entry_id": None,
                "initiative_id": None,
                "position": 3,
                "outcome": "",
            }
        },
        also=lambda w: {w.planned: {"version"}},
    ),
    "change an agenda item": Case(
        STAFF,
        lambda w: reverse("dialogues:gathering_item_edit", args=[w.planned.items.first().pk]),
        lambda w: {"title": "Velkommen", "duration_minutes": "5", "presenter": ""},
        changes=lambda w: {w.planned.items.first(): {"title": "Velkommen", "duration_minutes": 5}},
    ),
    "record a gathering's outcomes": Case(
        STAFF,
        lambda w: reverse("dialogues:gathering_outcomes", args=[w.published.pk]),
        lambda w: {
            "outcome-TOTAL_FORMS": "2",
            "outcome-INITIAL_FORMS": "1",
            "outcome-0-id": w.published.items.get().pk,
            "outcome-0-outcome": "Godt oplæg.",
            "outcome-0-next_try": "",
            # A second form: not an item of the agenda, so nothing to be made of it.
            "outcome-1-outcome": "Et nyt punkt?",
            "outcome-1-next_try": "",
        },
        prefix="outcome-0-",
        changes=lambda w: {w.published.items.get(): {"outcome": "Godt oplæg."}},
    ),
    "set a unit's capacity": Case(
        GROUP_MANAGEMENT,
        lambda w: reverse("portfolio:capacities"),
        lambda w: {
            "cap-TOTAL_FORMS": "1",
            "cap-INITIAL_FORMS": "1",
            "cap-0-id": w.unit.pk,
            "cap-0-capacity_hours": "120",
        },
        prefix="cap-0-",
        changes=lambda w: {w.unit: {"capacity_hours": 120}},
    ),
}


@pytest.fixture(scope="module")
def world(module_transaction) -> World:
    return build_world()


@pytest.mark.parametrize("name", CASES)
def test_a_forged_field_changes_nothing(world, name):
    check(world, CASES[name])
