"""The audit trail of every write path of the portfolio, driven through its view as the
person who does it: one history record per object changed, naming them (tests/audit.py).
Reorders and a review's close change many objects at once: each gets its record."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dus.models import HardProblem
from portfolio.models import Initiative, LogEntry, Review, ReviewDecision
from tests.audit import audited
from tests.factories import (
    capacity_data,
    make_cluster,
    make_entry,
    make_initiative,
    make_initiatives,
    make_unit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(coordinator, contract_holder):
    return make_cluster(coordinators=[coordinator], members=[contract_holder])


@pytest.fixture
def review(cluster, coordinator):
    return Review.schedule(cluster, timezone.now() + dt.timedelta(days=3), by=coordinator)


def _initiative_data(cluster, **overrides) -> dict:
    return {
        "title": "Fredagscafé",
        "cluster": cluster.pk,
        "what": "W",
        "hypothesis": "H",
        "problems": [HardProblem.objects.get(number=3).pk, HardProblem.objects.get(number=5).pk],
        **overrides,
    }


def test_it_records_a_new_initiative_once_with_its_problems(client, cluster, contract_holder):
    client.force_login(contract_holder)
    with audited(contract_holder) as audit:
        response = client.post(reverse("portfolio:initiative_create"), _initiative_data(cluster))
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert audit.changed == {("portfolio.initiative", initiative.pk): "+"}
    record = initiative.history.get()
    assert {row.hardproblem.number for row in record.problems.all()} == {3, 5}


def test_it_records_a_new_initiative_with_the_missions_problems_once(
    client, cluster, contract_holder
):
    client.force_login(contract_holder)
    data = _initiative_data(cluster, problems=[])
    with audited(contract_holder) as audit:
        client.post(reverse("portfolio:initiative_create"), data)
    assert audit.labels == {"portfolio.initiative": 1}
    assert Initiative.objects.get().history.get().problems.count() == 1


def test_it_records_an_edited_initiative_once(client, cluster, contract_holder):
    initiative = make_initiative(cluster, owner=contract_holder)
    client.force_login(contract_holder)
    data = _initiative_data(cluster, title="Ny titel", read_version=initiative.version)
    with audited(contract_holder) as audit:
        response = client.post(reverse("portfolio:initiative_edit", args=[initiative.pk]), data)
    assert response.status_code == 302
    assert audit.changed == {("portfolio.initiative", initiative.pk): "~"}


def test_it_records_each_step_of_the_lifecycle(client, cluster, coordinator, group_manager):
    initiative = make_initiative(cluster, status="planned")
    client.force_login(coordinator)
    key = ("portfolio.initiative", initiative.pk)
    with audited(coordinator) as audit:
        client.post(
            reverse("portfolio:initiative_advance", args=[initiative.pk]), {"status": "running"}
        )
    assert audit.changed == {key: "~"}
    with audited(coordinator) as audit:
        client.post(
            reverse("portfolio:initiative_stop", args=[initiative.pk]),
            {"reason": "For dyrt", "learning": "Start mindre"},
        )
    assert audit.changed == {key: "~"}
    client.force_login(group_manager)
    with audited(group_manager) as audit:
        client.post(reverse("portfolio:initiative_reopen", args=[initiative.pk]))
    assert audit.changed == {key: "~"}
    initiative.refresh_from_db()
    assert initiative.status == "running"


def test_it_records_an_adopted_initiative_once(client, cluster, contract_holder):
    original = make_initiative(make_cluster(), status="running")
    client.force_login(contract_holder)
    data = _initiative_data(cluster, kind="trial")
    with audited(contract_holder) as audit:
        response = client.post(reverse("portfolio:initiative_adopt", args=[original.pk]), data)
    assert response.status_code == 302
    adopted = Initiative.objects.get(inspired_by=original)
    assert audit.changed == {("portfolio.initiative", adopted.pk): "+"}
    assert adopted.history.get().problems.count() == 2


def test_it_records_a_logbook_entry_and_its_correction(client, cluster, contract_holder):
    initiative = make_initiative(cluster, owner=contract_holder)
    client.force_login(contract_holder)
    with audited(contract_holder) as audit:
        client.post(
            reverse("portfolio:entry_add", args=[initiative.pk]),
            {"kind": "learning", "text": "Borgerne kom igen", "share": "on"},
        )
    entry = LogEntry.objects.get()
    assert audit.changed == {("portfolio.logentry", entry.pk): "+"}
    with audited(contract_holder) as audit:
        client.post(
            reverse("portfolio:entry_correct", args=[entry.pk]),
            {"kind": "learning", "text": "Borgerne kom igen og igen"},
        )
    assert audit.changed == {("portfolio.logentry", entry.pk): "~"}


def test_it_records_every_initiative_a_reorder_moves(client, cluster, coordinator):
    made = make_initiatives(cluster, 4)
    client.force_login(coordinator)
    order = [made[3].pk, made[0].pk, made[1].pk, made[2].pk]
    with audited(coordinator) as audit:
        client.post(reverse("portfolio:portfolio_reorder", args=[cluster.pk]), {"order": order})
    assert audit.changed == {("portfolio.initiative", i.pk): "~" for i in made}
    with audited(coordinator) as audit:
        client.post(
            reverse("portfolio:portfolio_rank", args=[cluster.pk]), {"move": f"{made[1].pk}:down"}
        )
    assert audit.changed == {("portfolio.initiative", i.pk): "~" for i in made[1:3]}


def test_it_records_a_scheduled_and_a_moved_review(client, cluster, coordinator):
    client.force_login(coordinator)
    day = timezone.localdate() + dt.timedelta(days=10)
    data = {"date": day.isoformat(), "time": "10:00", "participants": [coordinator.pk]}
    with audited(coordinator) as audit:
        client.post(reverse("portfolio:review_create", args=[cluster.pk]), data)
    review = Review.objects.get()
    # The cluster's next review date follows (tests/audit.py's DERIVED): no record of its own.
    assert audit.changed == {("portfolio.review", review.pk): "+"}
    data = {"date": (day + dt.timedelta(days=1)).isoformat(), "time": "14:15", "place": "Her"}
    with audited(coordinator) as audit:
        client.post(reverse("portfolio:review_reschedule", args=[review.pk]), data)
    assert audit.changed == {("portfolio.review", review.pk): "~"}


def test_it_records_a_reviews_answers(client, review, coordinator):
    client.force_login(coordinator)
    data = {
        "relevant_answer": "Ja",
        "capacity_answer": "Måske",
        "room_answer": "Nej",
        "read_version": review.version,
    }
    with audited(coordinator) as audit:
        client.post(reverse("portfolio:review_answers", args=[review.pk]), data)
    assert audit.changed == {("portfolio.review", review.pk): "~"}


def test_it_records_decisions_and_their_application_at_the_close(
    client, cluster, review, coordinator
):
    running, stopping, withdrawn = make_initiatives(cluster, 3)
    client.force_login(coordinator)

    def decide(initiative, decision, **extra):
        url = reverse("portfolio:review_decide", args=[review.pk, initiative.pk])
        data = {f"d{initiative.pk}-decision": decision}
        data |= {f"d{initiative.pk}-{name}": value for name, value in extra.items()}
        with audited(coordinator) as audit:
            client.post(url, data)
        return audit

    audit = decide(running, "scale")
    scaled = ReviewDecision.objects.get(initiative=running)
    assert audit.changed == {("portfolio.reviewdecision", scaled.pk): "+"}
    decide(stopping, "stop", stop_reason="Ingen effekt", stop_learning="Spørg først")
    decide(withdrawn, "continue")
    taken_back = ReviewDecision.objects.get(initiative=withdrawn)
    with audited(coordinator) as audit:
        client.post(reverse("portfolio:review_withdraw", args=[review.pk, withdrawn.pk]))
    assert audit.changed == {("portfolio.reviewdecision", taken_back.pk): "~"}
    with audited(coordinator) as audit:
        response = client.post(reverse("portfolio:review_close", args=[review.pk]))
    assert response.status_code == 302
    decisions = ReviewDecision.objects.exclude(pk=taken_back.pk)
    assert audit.changed == {
        ("portfolio.review", review.pk): "~",
        ("portfolio.initiative", running.pk): "~",
        ("portfolio.initiative", stopping.pk): "~",
        **{("portfolio.reviewdecision", d.pk): "~" for d in decisions},
    }


def test_it_records_a_cancelled_review(client, review, coordinator):
    client.force_login(coordinator)
    with audited(coordinator) as audit:
        client.post(reverse("portfolio:review_cancel", args=[review.pk]), {"reason": "Syge"})
    assert audit.changed == {("portfolio.review", review.pk): "~"}


def test_it_records_each_units_new_capacity(client, group_manager):
    busy, calm = make_unit(), make_unit()
    client.force_login(group_manager)
    with audited(group_manager) as audit:
        client.post(reverse("portfolio:capacities"), capacity_data({busy: "70", calm: "20"}))
    assert audit.changed == {("dus.unit", busy.pk): "~", ("dus.unit", calm.pk): "~"}


def test_a_records_actor_is_the_author_not_whoever_wrote_before(client, cluster, contract_holder):
    """An entry written by the factory (no request) and then corrected by its author."""
    initiative = make_initiative(cluster, owner=contract_holder)
    entry = make_entry(initiative, author=contract_holder)
    client.force_login(contract_holder)
    with audited(contract_holder):
        client.post(
            reverse("portfolio:entry_correct", args=[entry.pk]),
            {"kind": "progress", "text": "Rettet"},
        )
