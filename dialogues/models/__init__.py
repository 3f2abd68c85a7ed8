"""The dialogues app's models: contract-holder dialogues and their follow-ups, and
Ledertræf gatherings with their agendas."""

from dialogues.models.dialogues import THEMES, Dialogue, FollowUp
from dialogues.models.gatherings import AgendaItem, Candidates, Gathering, can_build
from dialogues.models.spread import Adoption  # noqa: F401

__all__ = ["THEMES", "AgendaItem", "Candidates", "Dialogue", "FollowUp", "Gathering", "can_build"]
