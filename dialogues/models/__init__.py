"""The dialogues app's models: contract-holder dialogues and their follow-ups,
Ledertræf gatherings with their agendas, and the personal calendar feed."""

from dialogues.models.calendar import CalendarFeed
from dialogues.models.dialogues import THEMES, Dialogue, FollowUp
from dialogues.models.gatherings import AgendaItem, Candidates, Gathering, can_build
from dialogues.models.spread import Adoption  # noqa: F401

__all__ = [
    "THEMES",
    "AgendaItem",
    "CalendarFeed",
    "Candidates",
    "Dialogue",
    "FollowUp",
    "Gathering",
    "can_build",
]
