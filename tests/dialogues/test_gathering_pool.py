"""The pool of candidates beside an agenda: flagged, unshared learnings and initiatives
scaled, anchored or stopped since the last held gathering; marking a gathering held
shares its learnings, which then leave the pool."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dus.models import HardProblem, Track
from portfolio.models import LogEntry
from tests.factories import (
    make_cluster,
    make_entry,
    make_gathering,
    make_initiative,
    make_mission,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gathering(staff_member):
    return make_gathering(created_by=staff_member)


def test_it_pools_flagged_learnings_not_yet_shared(gathering):
    initiative = make_initiative()
    flagged = make_entry(initiative, kind="learning", share=True)
    make_entry(initiative, kind="learning", share=False)
    make_entry(initiative, kind="learning", share=True, shared_at=timezone.now())
    assert gathering.candidates().entries == [flagged]


def test_it_leaves_out_what_is_already_on_the_agenda(gathering, staff_member):
    entry = make_entry(make_initiative(), kind="learning", share=True)
    initiative = make_initiative(status="anchored", status_changed_at=timezone.now())
    assert len(gathering.candidates()) == 2
    gathering.add_candidate(entry=entry, by=staff_member)
    gathering.add_candidate(initiative=initiative, by=staff_member)
    assert len(gathering.candidates()) == 0
    # Another gathering still has them in its pool.
    assert len(make_gathering().candidates()) == 2


def test_it_shares_the_learnings_when_the_gathering_is_held(gathering, staff_member):
    entry = make_entry(make_initiative(), kind="learning", share=True)
    gathering.add_candidate(entry=entry, by=staff_member)
    gathering.add_free_item(title="Pause", duration_minutes=15, by=staff_member)
    gathering.publish(by=staff_member)
    assert gathering.mark_held(by=staff_member) == 1
    entry.refresh_from_db()
    assert timezone.localtime(entry.shared_at).date() == gathering.date
    assert gathering.state == "held"
    assert entry not in make_gathering().candidates().entries
    assert LogEntry.history.filter(id=entry.pk, shared_at__isnull=False).exists()


def test_it_marks_held_only_a_published_agenda(gathering, staff_member):
    with pytest.raises(ValidationError):
        gathering.mark_held(by=staff_member)


def test_it_pools_initiatives_closed_since_the_last_held_gathering(staff_member):
    make_gathering(
        date=dt.date(2026, 2, 1), state="held", ends_at=dt.time(16), created_by=staff_member
    )
    before = timezone.make_aware(dt.datetime(2026, 1, 20, 12))
    after = timezone.make_aware(dt.datetime(2026, 2, 10, 12))
    old = make_initiative(
        status="stopped", status_changed_at=before, stop_reason="r", stop_learning="l"
    )
    new = make_initiative(status="scaled", status_changed_at=after)
    make_initiative(status="running", status_changed_at=after)
    pool = make_gathering(date=dt.date(2026, 3, 1)).candidates()
    assert pool.initiatives == [new]
    assert old not in pool.initiatives


def test_it_filters_the_pool_by_track_and_hard_problem(gathering, frame):
    track_1, track_2 = Track.objects.get(number=1), Track.objects.get(number=2)
    problem = HardProblem.objects.get(number=3)
    in_track_1 = make_initiative(make_cluster(make_mission(track=track_1)))
    in_track_2 = make_initiative(make_cluster(make_mission(track=track_2)))
    in_track_2.problems.add(problem)
    one = make_entry(in_track_1, kind="learning", share=True)
    two = make_entry(in_track_2, kind="learning", share=True)
    assert gathering.candidates(track=track_1).entries == [one]
    assert gathering.candidates(track=track_2).entries == [two]
    assert gathering.candidates(problem=problem).entries == [two]
