"""The dialogues app's models: contract-holder dialogues and their follow-ups."""

from dialogues.models.dialogues import THEMES, Dialogue, FollowUp

__all__ = ["THEMES", "Dialogue", "FollowUp"]
