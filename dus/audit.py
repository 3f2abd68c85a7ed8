"""A person's audit trail, for their right of access (GDPR art. 15): every history record
in which the person is the actor, and every record of the person themself, across all
the models the history keeps, oldest first, as CSV or XLSX (dus/spreadsheet.py).

The models are found through django-simple-history's registration, so a model that gets
a history later is in the trail without a change here, and this lower layer names none of
the apps above it. Each record is read with its own values (ids for references), so the
trail holds what was recorded, in a fixed number of queries per model.
"""

import heapq
from collections.abc import Iterator
from datetime import datetime

from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dus import spreadsheet
from dus.models import User

CHUNK = 1000  # records read from the database at a time, per model
WIDTHS = [20, 28, 10, 12, 28, 100]
MAX_CELL = 32_000  # an XLSX cell holds at most 32,767 characters


def can_export(user) -> bool:
    """Administrators only: the trail holds what a person did everywhere in the portal."""
    return user.is_active and user.is_superuser


def columns() -> list[str]:
    return [
        _("Time"),
        _("Record of"),
        _("Id"),
        _("Action"),
        _("Changed by"),
        _("Recorded values"),
    ]


def _histories() -> list:
    """The historical model of each model with a history, in a fixed order."""
    found = [
        getattr(model, model._meta.simple_history_manager_attribute).model
        for model in apps.get_models()
        if hasattr(model, "_meta") and hasattr(model._meta, "simple_history_manager_attribute")
    ]
    return sorted(found, key=lambda history: history.instance_type._meta.label)


def _records(order: int, history, person: User) -> Iterator[tuple]:
    """(time, order, id, row) of the model's records where the person is the actor or the
    object, oldest first."""
    model = history.instance_type
    about = Q(history_user=person)
    if model is User:
        about |= Q(**{model._meta.pk.attname: person.pk})
    names = [f.attname for f in history._meta.concrete_fields if not f.name.startswith("history_")]
    verbose = {f.attname: str(f.verbose_name) for f in model._meta.concrete_fields}
    labels = {name: verbose.get(name, name) for name in names}
    kind = str(model._meta.verbose_name)
    actions = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
    rows = (
        history.objects.filter(about)
        .order_by("history_date", "history_id")
        .values_list("history_date", "history_id", "history_type", "history_user_id", *names)
    )
    for date, history_id, action, user_id, *values in rows.iterator(chunk_size=CHUNK):
        recorded = "; ".join(
            f"{labels[name]}: {_text(value)}" for name, value in zip(names, values, strict=True)
        )
        pk = values[names.index(model._meta.pk.attname)]
        yield (
            date,
            order,
            history_id,
            [kind, pk, str(actions.get(action, action)), user_id, recorded],
        )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def rows(person: User) -> Iterator[list]:
    """The trail's rows, the models' records merged by time: one open query per model."""
    names: dict[int, str] = {}

    def actor(user_id: int | None) -> str:
        if user_id is None:
            return ""
        if user_id not in names:
            user = User.objects.filter(pk=user_id).first()
            names[user_id] = f"{user} ({user.username})" if user else str(user_id)
        return names[user_id]

    merged = heapq.merge(
        *(_records(order, history, person) for order, history in enumerate(_histories()))
    )
    for date, _order, _history_id, (kind, pk, action, user_id, recorded) in merged:
        when = timezone.localtime(date).replace(tzinfo=None, microsecond=0)
        yield [when, kind, pk, action, actor(user_id), recorded[:MAX_CELL]]


def as_csv(person: User) -> Iterator[bytes]:
    return spreadsheet.as_csv(columns(), rows(person))


def as_xlsx(person: User):
    return spreadsheet.as_xlsx(
        _("Audit trail"), columns(), rows(person), WIDTHS, formats={0: "YYYY-MM-DD HH:MM:SS"}
    )
