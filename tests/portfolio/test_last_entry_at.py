"""Initiative.last_entry_at, the newest logbook entry's time, is kept in step by the
database for every way an entry is written, and no save of an initiative puts back a
time it read before a new entry."""

import datetime as dt

import pytest
from django.utils import timezone

from portfolio.models import Initiative, LogEntry
from tests.factories import make_entry, make_initiative, make_user

pytestmark = pytest.mark.django_db


def _last(initiative):
    return Initiative.objects.values_list("last_entry_at", flat=True).get(pk=initiative.pk)


def test_it_follows_each_new_entry_and_keeps_the_newest():
    initiative = make_initiative()
    assert _last(initiative) is None
    entry = make_entry(initiative)
    assert _last(initiative) == entry.created_at
    make_entry(initiative, created_at=entry.created_at - dt.timedelta(days=3))  # back-dated
    assert _last(initiative) == entry.created_at


def test_it_follows_bulk_inserts_moves_and_deletes():
    one, other = make_initiative(), make_initiative()
    author = make_user()
    now = timezone.now()
    LogEntry.objects.bulk_create(
        LogEntry(initiative=one, author=author, text=f"n{d}", created_at=now - dt.timedelta(days=d))
        for d in (1, 5)
    )
    assert _last(one) == now - dt.timedelta(days=1)
    newest = LogEntry.objects.get(text="n1")
    LogEntry.objects.filter(pk=newest.pk).update(initiative=other)  # moved
    assert (_last(one), _last(other)) == (now - dt.timedelta(days=5), now - dt.timedelta(days=1))
    LogEntry.objects.filter(pk=newest.pk).update(created_at=now - dt.timedelta(days=9))
    assert _last(other) == now - dt.timedelta(days=9)
    LogEntry.objects.filter(initiative=one).delete()
    assert _last(one) is None


def test_it_is_not_put_back_by_saving_an_initiative_read_before_the_entry(group_manager):
    initiative = make_initiative(status="running")
    read_before = Initiative.objects.get(pk=initiative.pk)
    entry = make_entry(initiative)
    read_before.title = "Nyt navn"
    read_before.save()
    read_before.stop(group_manager, "Ingen effekt", "Spørg først")
    assert _last(initiative) == entry.created_at
    assert Initiative.objects.get(pk=initiative.pk).title == "Nyt navn"


def test_it_stays_out_of_the_initiatives_history():
    initiative = make_initiative()
    versions = initiative.history.count()
    make_entry(initiative)
    assert initiative.history.count() == versions
