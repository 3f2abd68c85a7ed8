"""A dialogue of the named people: Maja (contract holder of Stilling Skole), Lone
(direction) and Søren (group management, here head of department)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import make_dialogue


@pytest.fixture
def dialogue(contract_holder, director, group_manager):
    return make_dialogue(
        unit=contract_holder.unit,
        contract_holder=contract_holder,
        director=director,
        head_of_department=group_manager,
    )


@pytest.fixture
def held_dialogue(dialogue):
    """The same dialogue, moved to yesterday: notes and follow-ups can be recorded."""
    dialogue.scheduled_at = timezone.now() - dt.timedelta(days=1)
    dialogue.save()
    return dialogue
