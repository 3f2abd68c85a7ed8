from dialogues.models.gatherings import AgendaItem, Candidates, Gathering, can_build

__all__ = ["AgendaItem", "Candidates", "Gathering", "can_build"]
