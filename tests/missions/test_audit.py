"""The audit trail of every write path of missions and clusters, driven through its view as
the person who does it: one history record per object changed, naming them (tests/audit.py)."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from dus.models import HardProblem, Role, StrategyTrack, Track
from missions.models import Membership, Mission
from tests.audit import audited
from tests.factories import make_cluster, make_mission, make_user

pytestmark = pytest.mark.django_db


def _mission_data(**overrides) -> dict:
    return {
        "title": "Flere unge i job",
        "track": Track.objects.get(number=1).pk,
        "statement": "Vi vil finde nye veje.",
        "ambition": "Flere unge i job om to år.",
        "problems": [HardProblem.objects.get(number=3).pk, HardProblem.objects.get(number=4).pk],
        "strategy_tracks": [StrategyTrack.objects.get(number=2).pk],
        "status": "active",
        **overrides,
    }


def test_it_records_a_new_mission_once_with_its_problems(client, group_manager):
    client.force_login(group_manager)
    with audited(group_manager) as audit:
        response = client.post(reverse("missions:mission_create"), _mission_data())
    assert response.status_code == 302
    assert audit.labels == {"missions.mission": 1}
    record = Mission.objects.get().history.get()
    assert {p.hardproblem.number for p in record.problems.all()} == {3, 4}
    assert [t.strategytrack.number for t in record.strategy_tracks.all()] == [2]


def test_it_records_an_edited_mission_once(client, group_manager):
    mission = make_mission()
    client.force_login(group_manager)
    data = _mission_data(title="Ny titel", read_version=mission.version)
    with audited(group_manager) as audit:
        response = client.post(reverse("missions:mission_edit", args=[mission.pk]), data)
    assert response.status_code == 302
    assert audit.changed == {("missions.mission", mission.pk): "~"}


def test_it_records_a_closed_mission(client, group_manager):
    mission = make_mission()
    client.force_login(group_manager)
    with audited(group_manager) as audit:
        client.post(reverse("missions:mission_close", args=[mission.pk]))
    assert audit.changed == {("missions.mission", mission.pk): "~"}


def test_it_records_a_new_cluster_and_its_coordinators(client, group_manager, coordinator):
    mission = make_mission()
    other = make_user()
    client.force_login(group_manager)
    data = {
        "name": "Ny klynge",
        "purpose": "Noget nyt",
        "review_cadence_weeks": 8,
        "coordinators": [coordinator.pk, other.pk],
    }
    with audited(group_manager) as audit:
        response = client.post(reverse("missions:cluster_create", args=[mission.pk]), data)
    assert response.status_code == 302
    assert audit.labels == {"missions.cluster": 1, "missions.membership": 2}


def test_it_records_an_edited_cluster(client, coordinator):
    cluster = make_cluster(coordinators=[coordinator])
    client.force_login(coordinator)
    data = {"name": "Nyt navn", "purpose": "P", "review_cadence_weeks": 4}
    with audited(coordinator) as audit:
        client.post(
            reverse("missions:cluster_edit", args=[cluster.pk]),
            {**data, "read_version": cluster.version},
        )
    assert audit.changed == {("missions.cluster", cluster.pk): "~"}


def test_it_records_members_added_changed_and_removed(client, coordinator):
    cluster = make_cluster(coordinators=[coordinator])
    person = make_user()
    client.force_login(coordinator)
    with audited(coordinator) as audit:
        client.post(
            reverse("missions:member_add", args=[cluster.pk]),
            {"person": person.pk, "role": "member"},
        )
    membership = Membership.objects.get(person=person)
    assert audit.changed == {("missions.membership", membership.pk): "+"}
    url = reverse("missions:member_role", args=[cluster.pk, membership.pk])
    with audited(coordinator) as audit:
        client.post(url, {"role": "sponsor", "current_role": "member"})
    assert audit.changed == {("missions.membership", membership.pk): "~"}
    url = reverse("missions:member_remove", args=[cluster.pk, membership.pk])
    with audited(coordinator) as audit:
        client.post(url)
    assert audit.changed == {("missions.membership", membership.pk): "~"}


def test_it_records_an_external_actor_by_their_membership(client, coordinator):
    """An external actor has no history of their own: the erasure of their personal data
    (GDPR art. 17) must not leave it in old records. Their membership's record says who
    added them; the anonymisation is in the admin's log, with who did it."""
    cluster = make_cluster(coordinators=[coordinator])
    client.force_login(coordinator)
    data = {"actor-name": "Anne Borg", "actor-kind": "citizen", "actor-role": "external"}
    with audited(coordinator) as audit:
        client.post(reverse("missions:actor_add", args=[cluster.pk]), data)
    membership = Membership.objects.get(actor__name="Anne Borg")
    assert audit.changed == {("missions.membership", membership.pk): "+"}
    url = reverse("missions:actor_anonymise", args=[cluster.pk, membership.pk])
    group_manager = make_user(Role.GROUP_MANAGEMENT)
    client.force_login(group_manager)
    with audited(group_manager) as audit:
        assert client.post(url).status_code == 302
    assert audit.changed == {}
    assert LogEntry.objects.get(object_id=str(membership.actor_id)).user == group_manager
