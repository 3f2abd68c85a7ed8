"""History rows for a page: who changed what, when (django-simple-history).

The changed fields are found by comparing each record with the one before it,
in Python, so a page of history costs a fixed number of queries.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _

# Bookkeeping fields that change with every save and say nothing to a reader.
IGNORED = {"id", "version", "updated_at", "created_at"}


@dataclass
class HistoryRow:
    record: object
    action: str
    changes: list[str] = field(default_factory=list)

    @property
    def date(self) -> datetime:
        return self.record.history_date


def history_rows(history, limit: int = 20, m2m: dict[str, tuple[str, str]] | None = None):
    """The newest `limit` changes of one object, each with the labels of the fields it
    changed. `m2m` maps a many-to-many field to (historical through accessor, id attname),
    for models recorded with HistoricalRecords(m2m_fields=...)."""
    m2m = m2m or {}
    records = history.select_related("history_user").order_by("-history_date", "-history_id")
    if m2m:
        records = records.prefetch_related(*(accessor for accessor, _ in m2m.values()))
    records = list(records[: limit + 1])
    rows = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        if record.history_type == "+":
            rows.append(HistoryRow(record, _("Created")))
        elif record.history_type == "-":
            rows.append(HistoryRow(record, _("Deleted")))
        else:
            rows.append(HistoryRow(record, _("Changed"), _changes(record, previous, m2m)))
    return rows


def _changes(record, previous, m2m) -> list[str]:
    if previous is None:
        return []
    model = record.instance_type
    changes = [
        str(f.verbose_name)
        for f in model._meta.concrete_fields
        if f.attname not in IGNORED
        and getattr(record, f.attname, None) != getattr(previous, f.attname, None)
    ]
    for name, (accessor, attname) in m2m.items():
        before = {getattr(row, attname) for row in getattr(previous, accessor).all()}
        after = {getattr(row, attname) for row in getattr(record, accessor).all()}
        if before != after:
            changes.append(str(model._meta.get_field(name).verbose_name))
    return changes
