"""Logbook rules: signed and dated; the author corrects within 24 hours, then it is fixed."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portfolio.models import Initiative
from tests.factories import make_entry, make_initiative

pytestmark = pytest.mark.django_db


def test_it_lets_the_author_correct_within_24_hours(contract_holder, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    entry = make_entry(make_initiative(owner=contract_holder), author=contract_holder)
    time_machine.move_to(dt.datetime(2026, 3, 2, 8, 59, tzinfo=dt.UTC), tick=False)
    assert entry.can_correct(contract_holder)
    entry.correct(contract_holder, kind="learning", text="Rettet", share=True)
    entry.refresh_from_db()
    assert (entry.text, entry.kind, entry.share) == ("Rettet", "learning", True)
    assert entry.corrected_at is not None


def test_it_fixes_the_entry_after_24_hours(contract_holder, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    entry = make_entry(make_initiative(owner=contract_holder), author=contract_holder)
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)
    assert not entry.can_correct(contract_holder)
    with pytest.raises(PermissionDenied):
        entry.correct(contract_holder, kind="progress", text="For sent", share=False)


def test_it_never_lets_others_correct(contract_holder, group_manager):
    entry = make_entry(make_initiative(owner=contract_holder), author=contract_holder)
    assert not entry.can_correct(group_manager)


def test_it_finds_stale_work(contract_holder, time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC), tick=False)
    make_initiative(owner=contract_holder, status="running", title="Stille")
    old_entry = make_initiative(owner=contract_holder, status="running", title="Gammel")
    make_entry(old_entry)
    time_machine.move_to(dt.datetime(2026, 2, 20, 12, tzinfo=dt.UTC), tick=False)
    fresh = make_initiative(owner=contract_holder, status="running", title="Frisk")
    recent = make_initiative(owner=contract_holder, status="running", title="Nylig")
    make_entry(recent)
    stopped = make_initiative(
        owner=contract_holder, status="stopped", stop_reason="r", stop_learning="l"
    )
    stale = set(Initiative.objects.stale(days=45).values_list("title", flat=True))
    assert stale == {"Stille", "Gammel"}
    assert fresh.title not in stale and stopped.title not in stale


def test_it_annotates_the_last_entry(contract_holder):
    initiative = make_initiative(owner=contract_holder)
    make_entry(initiative, created_at=timezone.now() - dt.timedelta(days=3))
    newest = make_entry(initiative)
    annotated = Initiative.objects.with_last_entry().get(pk=initiative.pk)
    assert annotated.last_entry_at == newest.created_at
