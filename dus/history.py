"""History rows for a page: who changed what, when (django-simple-history).

The changed fields are found by comparing each record with the one before it,
in Python, so a page of history costs one query whatever its length.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# Bookkeeping fields that change with every save and say nothing to a reader.
IGNORED = {"id", "version", "updated_at", "created_at"}


@dataclass
class HistoryRow:
    record: object
    action: str
    changes: list[str] = field(default_factory=list)


def history_rows(history_manager, limit: int = 20) -> list[HistoryRow]:
    """The newest `limit` changes of one object, each with the labels of the fields it changed."""
    records = list(
        history_manager.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    rows = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        if record.history_type == "+":
            rows.append(HistoryRow(record, _("Created")))
            continue
        if record.history_type == "-":
            rows.append(HistoryRow(record, _("Deleted")))
            continue
        changes = []
        if previous is not None:
            for model_field in record.instance_type._meta.concrete_fields:
                name = model_field.attname
                if name in IGNORED:
                    continue
                if getattr(record, name, None) != getattr(previous, name, None):
                    changes.append(str(model_field.verbose_name))
        rows.append(HistoryRow(record, _("Changed"), changes))
    return rows
