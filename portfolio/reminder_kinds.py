"""The registry of reminder kinds: what each kind of `Reminder` row says and when it is
no longer wanted. The portfolio registers its own (review reminders, the weekly digest,
in portfolio/reminders.py); an upper app registers its kinds in its `AppConfig.ready`
(dialogues: the presenters of a gathering), so the portfolio never imports it.

Kept apart from portfolio/reminders.py so that `Reminder.kind`'s choices can be read
from here without an import cycle."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portfolio.models import Reminder


@dataclass(frozen=True)
class KindSpec:
    """What one kind of reminder says: templates `<template>.txt` (and `.html` when
    `html`), the subject, the context, extra headers, and why not to send it (empty:
    send), checked again just before sending. `refresh(now)`, if given, runs at the
    start of every sending pass to bring the kind's rows up to date."""

    label: str
    template: str
    subject: Callable[["Reminder"], str]
    context: Callable[["Reminder"], dict]
    skip_reason: Callable[["Reminder", dt.datetime], str]
    headers: Callable[["Reminder"], dict] = field(default=lambda reminder: {})
    html: bool = True
    refresh: Callable[[dt.datetime], None] | None = None


KINDS: dict[str, KindSpec] = {}


def register(name: str, spec: KindSpec) -> None:
    """Add a kind (again on a second `ready()`: the same name keeps one entry)."""
    KINDS[name] = spec


def kind_choices() -> list[tuple[str, str]]:
    """`Reminder.kind`'s choices: the registered kinds."""
    return [(name, spec.label) for name, spec in KINDS.items()]
