"""Demo Ledertræf: one held, with outcomes, and one being prepared with candidates
in its pool. Never for production data; loaded by `manage.py load_demo`."""

import datetime as dt

from django.utils import timezone

from dialogues.models import Adoption, AgendaItem, Gathering
from portfolio.demo import SPREAD_TITLE
from portfolio.models import Initiative, LogEntry

# The initiatives whose shared learnings were presented at the held Ledertræf.
PRESENTED = ["Tidlig forældresamtale ved bekymrende fravær", "Skærmbesøg om aftenen"]


def load_gatherings(people: dict) -> None:
    """Idempotent: does nothing when the demo gatherings are there."""
    if Gathering.objects.exists():
        return
    stab = people["stab"]
    today = timezone.localdate()
    # Thursdays, as the gatherings usually are.
    last_thursday = today - dt.timedelta(days=(today.weekday() - 3) % 7 or 7)
    held_on = last_thursday - dt.timedelta(days=14)
    coming_on = last_thursday + dt.timedelta(days=14)
    held = Gathering.objects.create(
        kind=Gathering.Kind.LEDERTRAEF,
        title="Læring fra klyngernes prøvehandlinger",
        date=held_on,
        starts_at=dt.time(13, 0),
        ends_at=dt.time(16, 0),
        place="Skanderborg Rådhus, byrådssalen",
        created_by=stab,
    )
    # Two learnings flagged for sharing (portfolio's demo), written before the gathering.
    held_entries = [
        entry
        for title in PRESENTED
        if (
            entry := LogEntry.objects.filter(
                share=True, initiative__title=title, created_at__lt=held.start
            )
            .order_by("created_at")
            .first()
        )
    ]
    AgendaItem.objects.create(
        gathering=held,
        title="Velkomst og rammen for dagen",
        duration_minutes=15,
        presenter=people.get("direktion"),
        position=1,
    )
    outcomes = [
        (
            "Flere skoler genkendte mønsteret: fravær falder, når forældrene inddrages tidligt.",
            "Skovby Skole og Galten Skole afprøver samme model fra næste måned.",
        ),
        (
            "Drøftelse af, hvordan skærmbesøg kan bruges i jobcentrets opfølgning. Aftalt at "
            "dele materialet.",
            "Jobcenter Skanderborg vil prøve det i to teams.",
        ),
    ]
    for position, (entry, (outcome, next_try)) in enumerate(
        zip(held_entries, outcomes, strict=False), start=2
    ):
        AgendaItem.objects.create(
            gathering=held,
            kind=AgendaItem.Kind.LEARNING,
            entry=entry,
            title=entry.initiative.title,
            presenter=entry.author,
            duration_minutes=30,
            position=position,
            outcome=outcome,
            next_try=next_try,
        )
    next_place = len(held_entries) + 2
    # The walk-and-talk that spread (portfolio's demo): presented here, and the
    # contract holder's school started its own from this item.
    adopted = Initiative.objects.filter(inspired_by__isnull=False, title=SPREAD_TITLE).first()
    if adopted is not None:
        item = AgendaItem.objects.create(
            gathering=held,
            kind=AgendaItem.Kind.INITIATIVE,
            initiative=adopted.inspired_by,
            title=adopted.inspired_by.title,
            presenter=adopted.inspired_by.owner,
            duration_minutes=20,
            position=next_place,
            outcome="Stor interesse fra skolerne: side om side er det lettere at tale om det "
            "svære.",
            next_try="Stilling Skole prøver det med elever med højt fravær.",
        )
        Adoption.objects.create(agenda_item=item, initiative=adopted)
        next_place += 1
    AgendaItem.objects.create(
        gathering=held,
        title="Pause",
        duration_minutes=20,
        position=next_place,
    )
    AgendaItem.objects.create(
        gathering=held,
        title="Opsamling: hvad tager vi med hjem?",
        duration_minutes=25,
        presenter=stab,
        position=next_place + 1,
        outcome="Hver klynge udpeger én prøvehandling, der skal præsenteres næste gang.",
    )
    Gathering.objects.filter(pk=held.pk).update(
        state=Gathering.State.HELD,
        published_at=held.start - dt.timedelta(days=10),
        held_at=held.end,
        version=3,
    )
    LogEntry.objects.filter(pk__in=[e.pk for e in held_entries]).update(shared_at=held.start)

    coming = Gathering.objects.create(
        kind=Gathering.Kind.LEDERTRAEF,
        title="Når vi fejler undervejs: stop og læring",
        date=coming_on,
        starts_at=dt.time(9, 0),
        ends_at=dt.time(12, 0),
        place="Kulturhuset Skanderborg, sal 2",
        created_by=stab,
    )
    coming.add_free_item(title="Velkomst", duration_minutes=10, presenter=stab, by=stab)
    first = LogEntry.objects.filter(share=True, shared_at__isnull=True).first()
    if first is not None:
        coming.add_candidate(entry=first, by=stab)
    coming.add_free_item(title="Pause", duration_minutes=15, by=stab)
