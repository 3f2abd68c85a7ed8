"""Demo contract-holder dialogues for `manage.py load_demo`: one held with notes and
follow-ups (one done, one overdue), one held without open follow-ups, two upcoming
(one for the demo contract holder to prepare), and contract units without a dialogue
this year. Made up; idempotent (a unit that has a dialogue is left as it is)."""

import datetime as dt

from django.utils import timezone

from dialogues.models import Dialogue, FollowUp
from dus.models import Unit, User


def _at(days: int, hour: int) -> dt.datetime:
    """That many days from today, moved back to a weekday, at the hour."""
    day = timezone.localdate() + dt.timedelta(days=days)
    day -= dt.timedelta(days=max(0, day.weekday() - 4))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


DIALOGUES = [
    {
        "unit": "Jobcenter Skanderborg",
        "head": "rasmus.vinther",
        "days": -21,
        "hour": 10,
        "place": "Jobcentret, mødelokale Ørnen",
        "prep_operations": (
            "Driften er stabil. Vi har fået ny sagsbehandler på sygedagpengeområdet, og "
            "ventetiden på første samtale er nede på 8 dage. Sygefraværet blandt "
            "medarbejderne er steget lidt hen over efteråret."
        ),
        "prep_development": (
            "Vi afprøver walk-and-talk i opfølgningssamtaler. Borgerne fortæller mere, men "
            "vi skal finde ud af, hvordan vi dokumenterer samtalerne bagefter."
        ),
        "prep_contribution": (
            "Jeg er tovholder i klyngen for virksomhedspartnerskaber, og vi har lånt to "
            "medarbejdere ud til småjob i idrætshallerne sammen med Kultur og Fritid."
        ),
        "notes_operations": (
            "Ventetiden er god. Vi aftalte at se nærmere på sygefraværet og tage det op "
            "med MED-udvalget."
        ),
        "notes_development": (
            "Walk-and-talk giver mening. Erfaringerne skal deles på næste Ledertræf, og "
            "dokumentationen afklares med Digitalisering og Borgerservice."
        ),
        "notes_contribution": (
            "Stor anerkendelse af arbejdet som tovholder. Fagchefen hjælper med at finde "
            "en medarbejder fra Sundhed og Omsorg til klyngen."
        ),
        "follow_ups": [
            ("Send oversigt over sygefravær til fagchefen", "tovholder", -10, True),
            ("Afklar dokumentation af walk-and-talk med Digitalisering", "tovholder", -4, False),
            ("Find en medarbejder fra Sundhed og Omsorg til klyngen", "rasmus.vinther", 20, False),
        ],
    },
    {
        "unit": "Dagtilbud Skanderborg Midt",
        "head": "koncernledelse",
        "days": -60,
        "hour": 13,
        "place": "Børnehuset Solsikken",
        "prep_operations": "Vi har svært ved at rekruttere pædagoger til to af husene.",
        "prep_development": "Fælles rekrutteringsdag med to andre områder er i gang.",
        "prep_contribution": "Jeg deltager i klyngen for god modtagelse af nye kolleger.",
        "notes_operations": "Rekrutteringen følges tæt; vi taler om det igen i foråret.",
        "notes_development": "Rekrutteringsdagen evalueres efter første runde.",
        "notes_contribution": "Godt bidrag til klyngen.",
        "follow_ups": [
            ("Evaluér den fælles rekrutteringsdag", "sofie.bach", -30, True),
        ],
    },
    {
        "unit": "Stilling Skole",
        "head": "koncernledelse",
        "days": 9,
        "hour": 9,
        "place": "Stilling Skole, personalerummet",
    },
    {
        "unit": "Hjemmeplejen Syd",
        "head": "rasmus.vinther",
        "days": 24,
        "hour": 14,
        "place": "Rådhuset, mødelokale 2",
        "prep_operations": "Vi mangler social- og sundhedsassistenter i weekenderne.",
    },
]


def load_dialogues(people: dict[str, User]) -> None:
    """Create the demo dialogues; units that already have one are left alone."""
    director = people["direktion"]
    for spec in DIALOGUES:
        unit = Unit.objects.get(name=spec["unit"])
        if unit.dialogues.exists():
            continue
        held = spec["days"] < 0
        dialogue = Dialogue.objects.create(
            unit=unit,
            scheduled_at=_at(spec["days"], spec["hour"]),
            place=spec["place"],
            contract_holder=unit.leader,
            director=director,
            head_of_department=people[spec["head"]],
            created_by=people["stab"],
            state=Dialogue.State.HELD if held else Dialogue.State.SCHEDULED,
            held_at=_at(spec["days"], spec["hour"] + 2) if held else None,
            prepared_at=_at(spec["days"] - 3, 15) if spec.get("prep_operations") else None,
            **{k: v for k, v in spec.items() if k.startswith(("prep_", "notes_"))},
        )
        for what, owner, due_in, done in spec.get("follow_ups", []):
            # Made as they were agreed at the dialogue, so some are overdue by now.
            FollowUp.objects.create(
                dialogue=dialogue,
                what=what,
                owner=people[owner],
                due_on=timezone.localdate() + dt.timedelta(days=due_in),
                created_by=director,
                done_at=_at(due_in - 1, 12) if done else None,
                done_by=people[owner] if done else None,
            )
