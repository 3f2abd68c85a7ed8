"""No mass assignment: a form sent with fields added to it (a status, a rank, an owner,
another cluster, `is_staff`, the ids of other objects ...) changes nothing its sender may
not change.

Every create and edit form a contract holder or a coordinator can send is posted as they
may send it, with the forged fields of tests/forgery.py added (under the form's prefix
too); staff's and group management's forms are in test_mass_assignment_builders.py, and
ids that are not the sender's to name, in the fields that take one, in
test_foreign_ids.py. Every row of the domain's tables is read before and after: the one
change the form is for must have happened (so a forged field that made the form invalid
cannot pass for a refusal), and nothing else changed but what the save itself keeps
(`version`, `updated_at`) and the side effects a case names.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import FollowUp
from missions.models import Actor, Membership
from portfolio.models import Initiative, LogEntry, Review
from tests.forgery import ANY, Case, check
from tests.role_world import COORDINATOR, HOLDER, OTHER_HOLDER, World, build_world

pytestmark = pytest.mark.django_db


def _today(days: int = 0) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _initiative_body(w: World, **values) -> dict:
    what, hypothesis = w.initiative.what, w.initiative.hypothesis
    return {"what": what, "hypothesis": hypothesis, "owner": "", "unit": ""} | values


def _adoption(w: World, inspired_by) -> dict:
    return {
        Initiative: {
            "cluster_id": w.cluster.pk,
            "owner_id": w[HOLDER].pk,
            "unit_id": w.unit.pk,
            "created_by_id": w[HOLDER].pk,
            "status": "idea",
            "rank": 3,
            "inspired_by_id": inspired_by.pk,
            "stop_reason": "",
            "version": 1,
        }
    }


ADOPT_BODY = {"cluster": None, "title": "Vi prøver også", "kind": "trial", "what": "w"}


CASES = {
    # A contract holder: their initiatives, logbook, dialogue and settings.
    "log a trial action": Case(
        HOLDER,
        lambda w: reverse("portfolio:initiative_create"),
        lambda w: _initiative_body(w, title="Ny prøvehandling", cluster=w.cluster.pk),
        creates=lambda w: {
            Initiative: {
                "cluster_id": w.cluster.pk,
                "owner_id": w[HOLDER].pk,
                "unit_id": w.unit.pk,
                "created_by_id": w[HOLDER].pk,
                "status": "idea",
                "rank": 3,
                "inspired_by_id": None,
                "stop_reason": "",
                "stopped_at": None,
                "version": 1,
            }
        },
    ),
    "edit one's initiative": Case(
        HOLDER,
        lambda w: reverse("portfolio:initiative_edit", args=[w.initiative.pk]),
        lambda w: _initiative_body(
            w,
            title="Nyt navn",
            owner=w[HOLDER].pk,
            unit=w.unit.pk,
            kind=w.initiative.kind,
            read_version=w.initiative.version,
        ),
        changes=lambda w: {w.initiative: {"title": "Nyt navn"}},
    ),
    "add to the logbook": Case(
        HOLDER,
        lambda w: reverse("portfolio:entry_add", args=[w.initiative.pk]),
        lambda w: {"kind": "progress", "text": "Det går fremad.", "share": ""},
        creates=lambda w: {
            LogEntry: {
                "initiative_id": w.initiative.pk,
                "author_id": w[HOLDER].pk,
                "share": False,
                "shared_at": None,
                "corrected_at": None,
            }
        },
        also=lambda w: {w.initiative: {"last_entry_at"}},
    ),
    "correct one's entry": Case(
        HOLDER,
        lambda w: reverse("portfolio:entry_correct", args=[w.entry.pk]),
        lambda w: {"kind": "learning", "text": "Rettet.", "share": "on"},
        changes=lambda w: {w.entry: {"text": "Rettet.", "corrected_at": ANY}},
    ),
    "try another cluster's initiative too": Case(
        HOLDER,
        lambda w: reverse("portfolio:initiative_adopt", args=[w.other_initiative.pk]),
        lambda w: ADOPT_BODY | {"cluster": w.cluster.pk, "hypothesis": "h"},
        creates=lambda w: _adoption(w, inspired_by=w.other_initiative),
    ),
    "try a gathering's item too": Case(
        HOLDER,
        lambda w: reverse("dialogues:gathering_adopt", args=[w.published.items.get().pk]),
        lambda w: ADOPT_BODY | {"cluster": w.cluster.pk, "hypothesis": "h"},
        creates=lambda w: _adoption(w, inspired_by=w.initiative),
    ),
    "prepare one's dialogue": Case(
        HOLDER,
        lambda w: reverse("dialogues:dialogue_prepare", args=[w.dialogue.pk]),
        lambda w: {
            "prep_operations": "Driften kører.",
            "prep_development": "",
            "prep_contribution": "",
            "read_version": w.dialogue.version,
        },
        changes=lambda w: {w.dialogue: {"prep_operations": "Driften kører.", "prepared_at": ANY}},
    ),
    "record one's dialogue's notes": Case(
        HOLDER,
        lambda w: reverse("dialogues:dialogue_notes", args=[w.dialogue.pk]),
        lambda w: {
            "notes_operations": "Vi talte om driften.",
            "notes_development": "",
            "notes_contribution": "",
            "read_version": w.dialogue.version,
        },
        changes=lambda w: {
            w.dialogue: {
                "notes_operations": "Vi talte om driften.",
                "state": "held",
                "held_at": ANY,
            }
        },
    ),
    "add a follow-up": Case(
        HOLDER,
        lambda w: reverse("dialogues:follow_up_create", args=[w.dialogue.pk]),
        lambda w: {"what": "Send planen", "owner": w[HOLDER].pk, "due_on": _today(5)},
        creates=lambda w: {
            FollowUp: {
                "dialogue_id": w.dialogue.pk,
                "owner_id": w[HOLDER].pk,
                "created_by_id": w[HOLDER].pk,
                "done_at": None,
                "done_by_id": None,
            }
        },
    ),
    "one's own settings": Case(
        HOLDER,
        lambda w: reverse("frame:my_settings"),
        lambda w: {"weekly_digest": ""},
        changes=lambda w: {w[HOLDER]: {"weekly_digest": False}},
    ),
    # A coordinator: the cluster, its members, its portfolio and reviews.
    "edit the cluster": Case(
        COORDINATOR,
        lambda w: reverse("missions:cluster_edit", args=[w.cluster.pk]),
        lambda w: {
            "name": "Nyt klyngenavn",
            "purpose": w.cluster.purpose,
            "review_cadence_weeks": "6",
            "read_version": w.cluster.version,
        },
        changes=lambda w: {w.cluster: {"name": "Nyt klyngenavn", "review_cadence_weeks": 6}},
    ),
    "add a member": Case(
        COORDINATOR,
        lambda w: reverse("missions:member_add", args=[w.cluster.pk]),
        lambda w: {"person": w[OTHER_HOLDER].pk, "role": "member"},
        creates=lambda w: {
            Membership: {
                "cluster_id": w.cluster.pk,
                "person_id": w[OTHER_HOLDER].pk,
                "actor_id": None,
                "role": "member",
                "ended_at": None,
            }
        },
    ),
    "add an external actor": Case(
        COORDINATOR,
        lambda w: reverse("missions:actor_add", args=[w.cluster.pk]),
        lambda w: {
            "actor-name": "Idrætsforeningen",
            "actor-kind": "association",
            "actor-role": "external",
        },
        prefix="actor-",
        creates=lambda w: {
            Actor: {"name": "Idrætsforeningen", "anonymised_at": None},
            Membership: {"cluster_id": w.cluster.pk, "person_id": None, "ended_at": None},
        },
    ),
    "schedule a review": Case(
        COORDINATOR,
        lambda w: reverse("portfolio:review_create", args=[w.cluster.pk]),
        lambda w: {
            "date": _today(20),
            "time": "10:00",
            "place": "Rådhuset",
            "participants": [w[HOLDER].pk],
        },
        creates=lambda w: {
            Review: {
                "cluster_id": w.cluster.pk,
                "state": "scheduled",
                "created_by_id": w[COORDINATOR].pk,
                "relevant_answer": "",
                "closed_at": None,
                "cancelled_at": None,
            }
        },
        also=lambda w: {w.cluster: {"next_review_on"}},
    ),
    "answer the review's questions": Case(
        COORDINATOR,
        lambda w: reverse("portfolio:review_answers", args=[w.review.pk]),
        lambda w: {
            "relevant_answer": "Ja.",
            "capacity_answer": "",
            "room_answer": "",
            "read_version": w.review.version,
        },
        changes=lambda w: {w.review: {"relevant_answer": "Ja."}},
    ),
    "move the review": Case(
        COORDINATOR,
        lambda w: reverse("portfolio:review_reschedule", args=[w.review.pk]),
        lambda w: {"date": _today(21), "time": "11:00", "place": "Skolen"},
        changes=lambda w: {w.review: {"scheduled_at": ANY, "place": "Skolen"}},
        also=lambda w: {w.cluster: {"next_review_on"}},
    ),
    "decide at the review": Case(
        COORDINATOR,
        lambda w: reverse("portfolio:review_decide", args=[w.review.pk, w.initiative.pk]),
        lambda w: {
            f"d{w.initiative.pk}-decision": "adjust",
            f"d{w.initiative.pk}-rationale": "Ret til.",
            f"d{w.initiative.pk}-stop_reason": "",
            f"d{w.initiative.pk}-stop_learning": "",
        },
        prefix=lambda w: f"d{w.initiative.pk}-",
        changes=lambda w: {
            w.review.decisions.get(): {
                "decision": "adjust",
                "rationale": "Ret til.",
                "decided_by_id": w[COORDINATOR].pk,
            }
        },
    ),
    "stop an initiative": Case(
        COORDINATOR,
        lambda w: reverse("portfolio:initiative_stop", args=[w.initiative.pk]),
        lambda w: {"reason": "Det virkede ikke.", "learning": "Vi lærte noget."},
        changes=lambda w: {
            w.initiative: {
                "status": "stopped",
                "status_before_stop": "running",
                "stop_reason": "Det virkede ikke.",
                "stop_learning": "Vi lærte noget.",
                "stopped_at": ANY,
                "status_changed_at": ANY,
            }
        },
    ),
}


@pytest.fixture(scope="module")
def world(module_transaction) -> World:
    return build_world()


@pytest.mark.parametrize("name", CASES)
def test_a_forged_field_changes_nothing(world, name):
    check(world, CASES[name])
