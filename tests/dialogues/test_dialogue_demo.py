"""The demo dialogues: one held with a done and an overdue follow-up, one upcoming for
the demo contract holder, and contract units without a dialogue this year."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from dialogues.models import Dialogue, FollowUp
from dus.models import Unit

pytestmark = pytest.mark.django_db


def test_it_loads_dialogues_in_every_state_once(settings):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    held = Dialogue.objects.get(unit__name="Jobcenter Skanderborg")
    assert held.is_held and held.notes_development
    follow_ups = list(held.follow_ups.all())
    assert any(f.is_done for f in follow_ups) and any(f.is_overdue for f in follow_ups)
    upcoming = Dialogue.objects.get(unit__name="Stilling Skole")
    assert upcoming.contract_holder.username == "kontraktholder"
    assert upcoming.scheduled_at > timezone.now() and not upcoming.is_held
    year = timezone.localdate().year
    without = Unit.objects.filter(kind=Unit.Kind.CONTRACT_UNIT).exclude(
        dialogues__in=Dialogue.objects.in_year(year)
    )
    assert without.exists()
    assert Dialogue.objects.count() == 4 and FollowUp.objects.count() == 4
