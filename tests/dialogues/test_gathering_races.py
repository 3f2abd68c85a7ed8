"""Concurrent changes of one agenda (PostgreSQL, real row locks): moves keep positions
1..n, and the same candidate added twice at once lands once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from dialogues.models import AgendaItem
from tests.factories import make_entry, make_gathering, make_initiative

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_together(*works):
    errors = []

    def run(work):
        try:
            work()
        except ValidationError:
            pass  # a refusal is an answer, not an error
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_it_keeps_positions_1_to_n_under_concurrent_moves(frame, staff_member):
    gathering = make_gathering(created_by=staff_member)
    items = [
        gathering.add_free_item(title=str(n), duration_minutes=10, by=staff_member)
        for n in range(8)
    ]

    def mover(item, offset):
        return lambda: [gathering.move(item, offset, by=staff_member) for _ in range(5)]

    _run_together(*(mover(item, -1 if n % 2 else 1) for n, item in enumerate(items)))
    positions = list(gathering.items.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, 9))


def test_it_adds_a_candidate_once_when_added_twice_at_once(frame, staff_member):
    gathering = make_gathering(created_by=staff_member)
    entry = make_entry(make_initiative(), kind="learning", share=True)
    add = lambda: gathering.add_candidate(entry=entry, by=staff_member)  # noqa: E731
    _run_together(add, add, add)
    assert AgendaItem.objects.filter(gathering=gathering, entry=entry).count() == 1
    assert list(gathering.items.values_list("position", flat=True)) == [1]
