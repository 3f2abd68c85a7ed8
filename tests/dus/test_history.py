"""History on the pages: who changed which fields, many-to-many fields included."""

import pytest

from dus.models import HardProblem, StrategyTrack, Track
from tests.factories import make_cluster, make_initiative, make_mission, make_user

pytestmark = pytest.mark.django_db


def _rows(client, obj) -> list[tuple[str, list[str]]]:
    """The history the object's page shows: (what happened, the fields changed), newest first."""
    history = client.get(obj.get_absolute_url()).context["history"]
    rows = history() if callable(history) else history  # the cluster page's is lazy
    return [(str(row.action), [str(change) for change in row.changes]) for row in rows]


def test_it_names_the_changed_fields_of_a_mission(client, group_manager):
    mission = make_mission(title="A")  # created, then its problems set
    mission.title, mission.statement = "B", "Ny formulering."
    mission.save()
    mission.problems.set(HardProblem.objects.filter(number=5))  # removes 7, then adds 5
    mission.strategy_tracks.add(StrategyTrack.objects.get(number=2))
    mission.save()  # nothing changed
    mission.title, mission.track = "C", Track.objects.get(number=2)
    mission.save()
    client.force_login(group_manager)
    # In the order of the model's fields, many-to-many fields last.
    assert _rows(client, mission) == [
        ("Ændret", ["spor", "titel"]),
        ("Ændret", []),
        ("Ændret", ["strategispor"]),
        ("Ændret", ["fælles svære problemer"]),
        ("Ændret", ["fælles svære problemer"]),
        ("Ændret", ["titel", "missionsformulering"]),
        ("Ændret", ["fælles svære problemer"]),
        ("Oprettet", []),
    ]


def test_it_names_the_changed_fields_of_an_initiative(client, group_manager, coordinator):
    initiative = make_initiative(make_cluster(coordinators=[coordinator]), status="running")
    initiative.problems.add(HardProblem.objects.get(number=3))
    initiative.title, initiative.owner = "Ny titel", make_user()
    initiative.save()
    initiative.advance("evaluating", by=coordinator)
    client.force_login(group_manager)
    assert _rows(client, initiative) == [
        ("Ændret", ["status", "status ændret"]),
        ("Ændret", ["titel", "ejer"]),
        ("Ændret", ["fælles svære problemer"]),
        ("Oprettet", []),
    ]


def test_it_names_the_changed_fields_of_a_cluster(client, group_manager):
    cluster = make_cluster()
    cluster.name, cluster.review_cadence_weeks = "Ny klynge", 12
    cluster.save()
    client.force_login(group_manager)
    assert _rows(client, cluster) == [
        ("Ændret", ["navn", "vurderingsinterval (uger)"]),
        ("Oprettet", []),
    ]


@pytest.mark.parametrize("changes", [1, 12])
def test_it_shows_a_long_history_in_constant_queries(
    client, group_manager, django_assert_max_num_queries, changes
):
    mission = make_mission()
    initiative = make_initiative(make_cluster(mission=mission))
    problems = list(HardProblem.objects.all()[:2])
    for n in range(changes):  # each a change of a many-to-many field, and of a field
        mission.problems.set([problems[n % 2]])
        mission.strategy_tracks.set(StrategyTrack.objects.filter(number=n % 2 + 1))
        initiative.problems.set([problems[n % 2]])
        mission.title = initiative.title = f"Titel {n}"
        mission.save()
        initiative.save()
    client.force_login(group_manager)
    with django_assert_max_num_queries(16):
        assert "Historik" in client.get(mission.get_absolute_url()).content.decode()
    with django_assert_max_num_queries(20):
        assert "Historik" in client.get(initiative.get_absolute_url()).content.decode()


def test_it_records_a_many_to_many_snapshot_without_rereading_the_object(
    django_assert_num_queries,
):
    """dus.history.HistoricalRecords: each record holds the rows of its many-to-many
    fields as they were, read straight from the saved object (the excluded search vector
    is not read back)."""
    mission = make_mission(problems=HardProblem.objects.filter(number__in=[3, 7]))
    mission.strategy_tracks.add(StrategyTrack.objects.get(number=2))
    three = HardProblem.objects.get(number=3)
    # the removal, the record, and per many-to-many field a read and a write
    with django_assert_num_queries(6) as queries:
        mission.problems.remove(three)
    assert not any("search_vector" in query["sql"] for query in queries.captured_queries)
    records = list(mission.history.order_by("history_id"))
    snapshots = [
        (
            sorted(p.hardproblem.number for p in record.problems.all()),
            [t.strategytrack.number for t in record.strategy_tracks.all()],
        )
        for record in records
    ]
    assert snapshots == [([], []), ([3, 7], []), ([3, 7], [2]), ([7], [2])]


def test_it_builds_the_history_manager_class_once():
    mission = make_mission()
    assert type(mission.history) is type(make_mission().history)
    assert mission.history.instance == mission
