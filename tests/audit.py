"""The audit trail of a write, for tests that drive a write path (issue #15, point 6).

`audited(actor)` snapshots every object that django-simple-history tracks (its recorded
fields and many-to-many rows) and every history record, runs the block, and then checks:

- every object the block created, changed or deleted has exactly one new history record,
  and an object it left alone has none;
- each new record names `actor` as `history_user` and is dated within the block;
- no record that was there before was changed or deleted (no path edits the history).

It returns the changed objects as {(model label, pk): history type}, for the test to say
what it expected to change.
"""

from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.utils import timezone
from simple_history.utils import get_m2m_field_name, get_m2m_reverse_field_name

# Fields kept in step by code or the database, not changed by a person: a change of one
# alone is not an event of its own (the review's record says when a cluster's next review
# moved). Fields the history does not record at all (`excluded_fields`) are left out anyway.
DERIVED = {"missions.cluster": {"next_review_on"}}


def tracked_models() -> list:
    return [m for m in apps.get_models() if hasattr(m._meta, "simple_history_manager_attribute")]


def _history_model(model):
    return getattr(model, model._meta.simple_history_manager_attribute).model


def _objects(model) -> dict:
    history = _history_model(model)
    derived = DERIVED.get(model._meta.label_lower, set())
    names = [
        f.attname
        for f in history._meta.fields
        if not f.name.startswith("history_") and f.name not in derived
    ]
    pk = model._meta.pk.attname
    state = {row[pk]: row for row in model._base_manager.order_by().values(*names)}
    for m2m in history._history_m2m_fields:
        through = m2m.remote_field.through
        source = through._meta.get_field(get_m2m_field_name(m2m)).attname
        target = through._meta.get_field(get_m2m_reverse_field_name(m2m)).attname
        for owner, related in through.objects.order_by().values_list(source, target):
            state[owner].setdefault(m2m.name, set()).add(related)
    return state


def _snapshot() -> dict:
    return {
        model: (
            _objects(model),
            list(_history_model(model).objects.order_by("history_id").values()),
        )
        for model in tracked_models()
    }


@dataclass
class Audit:
    changed: dict = field(default_factory=dict)  # (label, pk) -> "+", "~" or "-"

    @property
    def labels(self) -> Counter:
        """How many objects of each model changed."""
        return Counter(label for label, _pk in self.changed)


@contextmanager
def audited(actor):
    audit = Audit()
    before = _snapshot()
    start = timezone.now()
    yield audit
    end = timezone.now()
    after = _snapshot()
    problems = []
    for model, (objects, records) in after.items():
        label = model._meta.label_lower
        old_objects, old_records = before[model]
        if records[: len(old_records)] != old_records:
            problems.append(f"{label}: history records that were there were changed or deleted")
        new = defaultdict(list)
        for record in records[len(old_records) :]:
            new[record[model._meta.pk.attname]].append(record)
        for pk in set(objects) | set(old_objects):
            if pk not in old_objects:
                audit.changed[label, pk] = "+"
            elif pk not in objects:
                audit.changed[label, pk] = "-"
            elif objects[pk] != old_objects[pk]:
                audit.changed[label, pk] = "~"
        for pk in set(new) | {pk for lbl, pk in audit.changed if lbl == label}:
            got = new.get(pk, [])
            if len(got) != 1:
                what = audit.changed.get((label, pk), "nothing changed")
                problems.append(f"{label} {pk} ({what}): {len(got)} history records")
                continue
            record = got[0]
            if record["history_user_id"] != getattr(actor, "pk", actor):
                problems.append(f"{label} {pk}: by {record['history_user_id']}, not {actor}")
            if not start <= record["history_date"] <= end:
                problems.append(f"{label} {pk}: dated {record['history_date']}, not now")
            if (label, pk) in audit.changed and record["history_type"] != audit.changed[label, pk]:
                problems.append(f"{label} {pk}: recorded as {record['history_type']}")
    assert not problems, "\n".join(problems)
