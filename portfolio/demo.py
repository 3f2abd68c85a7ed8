"""Demo portfolios for `manage.py load_demo`: initiatives in varied states, logbook
entries over the last months, one held review with decisions and one upcoming review
per cluster. Made up, deterministic, and idempotent (an initiative is found by title)."""

import datetime as dt
import random

from django.utils import timezone

from dus.models import Unit, User
from missions.models import Cluster
from portfolio.models import Initiative, LogEntry, Review, ReviewDecision
from portfolio.reminders import sync_review_reminders

IDEAS = [
    (
        "Fredagscafé for unge og ældre",
        "trial",
        "Et ugentligt mødested på biblioteket.",
        "Vi tror at faste mødesteder på tværs af generationer vil føre til mindre ensomhed.",
    ),
    (
        "Walk-and-talk i stedet for møder",
        "trial",
        "Opfølgningssamtaler holdes som gåture.",
        "Vi tror at samtaler i bevægelse vil føre til mere åbne samtaler.",
    ),
    (
        "Fælles rekrutteringsdag",
        "initiative",
        "Tre områder rekrutterer sammen.",
        "Vi tror at en fælles indsats vil føre til flere kvalificerede ansøgere.",
    ),
    (
        "Skærmfri frikvarterer",
        "trial",
        "To skoler afprøver skærmfri frikvarterer i otte uger.",
        "Vi tror at skærmfri pauser vil føre til mere leg og færre konflikter.",
    ),
    (
        "Digital visitation",
        "solution",
        "Borgeren udfylder selv en del af visitationen.",
        "Vi tror at digital forberedelse vil føre til kortere og bedre møder.",
    ),
    (
        "Mentorordning for nye kolleger",
        "initiative",
        "Erfarne kolleger følger nye i et halvt år.",
        "Vi tror at en fast mentor vil føre til færre opsigelser i det første år.",
    ),
    (
        "Foreningsguide i skolen",
        "trial",
        "Foreninger præsenterer sig i 5. klasse.",
        "Vi tror at et personligt møde vil føre til flere børn i fritidsaktiviteter.",
    ),
    (
        "Robotstøvsugere i plejeboliger",
        "solution",
        "Tre plejeboliger afprøver robotter.",
        "Vi tror at robotter vil føre til mere tid til beboerne.",
    ),
    (
        "Udfordringsret: fleksibel mødetid",
        "trial",
        "Medarbejdere vælger selv mødetid.",
        "Vi tror at fleksibilitet vil føre til højere trivsel og lavere sygefravær.",
    ),
]
STATES = ["running", "running", "planned", "evaluating", "idea", "stopped", "anchored", "running"]
ENTRIES = [
    ("progress", "Første møde holdt med 12 deltagere."),
    ("learning", "Borgerne vil hellere mødes om eftermiddagen end om formiddagen."),
    ("obstacle", "Vi mangler lokaler i uge 10-12."),
    ("result", "Fremmødet er steget fra 8 til 15 på en måned."),
    ("learning", "Det virker bedst, når en frivillig står for kaffen."),
]


def load_portfolios(people: dict[str, User]) -> None:
    # A school with little room for development work, so the dashboard has a unit over.
    Unit.objects.filter(name="Stilling Skole", capacity_hours__isnull=True).update(
        capacity_hours=60
    )
    rng = random.Random(2024)
    now = timezone.now()
    for cluster in Cluster.objects.select_related("mission").order_by("pk"):
        members = [
            m.person
            for m in cluster.memberships.current().select_related("person__unit")
            if m.person_id
        ] or [people["koncernledelse"]]
        count = 4 + cluster.pk % 5
        start = cluster.pk % len(IDEAS)
        for n in range(count):
            title, kind, what, hypothesis = IDEAS[(start + n) % len(IDEAS)]
            owner = members[n % len(members)]
            status = STATES[n % len(STATES)]
            initiative, created = Initiative.objects.get_or_create(
                cluster=cluster,
                title=title,
                defaults={
                    "kind": kind,
                    "what": what,
                    "hypothesis": hypothesis,
                    "owner": owner,
                    "unit": owner.unit,
                    "created_by": owner,
                    "rank": n + 1,
                    "status": status,
                    "effort_hours": rng.choice([4, 8, 12, 20, 40]),
                    "starts_on": (now - dt.timedelta(days=120 - n * 10)).date(),
                    "stop_reason": "Effekten udeblev, og indsatsen tog tid fra driften."
                    if status == "stopped"
                    else "",
                    "stop_learning": "Borgerne foretrak at mødes i deres eget lokalområde."
                    if status == "stopped"
                    else "",
                    "status_changed_at": now - dt.timedelta(days=20 + n)
                    if status in ("stopped", "anchored")
                    else None,
                    "challenges_rules": n == 3,
                    "challenged_rule": "Retningslinjen om faste mødetider" if n == 3 else "",
                },
            )
            if not created:
                continue
            initiative.problems.set(cluster.mission.problems.all())
            for e in range(rng.randint(1, 5)):
                entry_kind, text = ENTRIES[(n + e) % len(ENTRIES)]
                LogEntry.objects.create(
                    initiative=initiative,
                    author=owner,
                    kind=entry_kind,
                    text=text,
                    share=entry_kind == "learning" and e % 2 == 0,
                    created_at=now - dt.timedelta(days=rng.randint(1, 110)),
                )
        if not cluster.reviews.exists():
            _reviews(cluster, people, members, now)
    _spread(people["kontraktholder"])


def _spread(adopter: User) -> None:
    """One initiative that spread: the contract holder's school tries another cluster's
    screen-free breaks too ("vi vil også prøve det")."""
    if Initiative.objects.filter(inspired_by__isnull=False).exists():
        return
    home = Cluster.objects.with_member(adopter).order_by("pk").first()
    original = (
        Initiative.objects.filter(title="Skærmfri frikvarterer")
        .exclude(cluster=home)
        .order_by("pk")
        .first()
    )
    if home is None or original is None:
        return
    original.adopt(
        adopter,
        home,
        title="Skærmfri frikvarterer i udskolingen",
        kind=original.kind,
        what="Vi prøver skærmfri frikvarterer i 7.-9. klasse efter inspiration fra de to "
        "skoler, der startede. Eleverne er med til at vælge aktiviteterne.",
        hypothesis="Vi tror at skærmfri pauser, som eleverne selv er med til at forme, vil "
        "føre til mere fællesskab på tværs af klasserne.",
        problems=original.problems.all(),
    )


def _at(moment: dt.datetime, hour: int) -> dt.datetime:
    """The same day in Copenhagen, at a meeting's hour: reviews are held in office hours."""
    return timezone.localtime(moment).replace(hour=hour, minute=0, second=0, microsecond=0)


def _reviews(cluster, people, members, now) -> None:
    coordinator = next(
        (m.person for m in cluster.memberships.current().filter(role="coordinator")),
        people["koncernledelse"],
    )
    held = Review.objects.create(
        cluster=cluster,
        scheduled_at=_at(now - dt.timedelta(days=30 + cluster.pk % 5), 13),
        place="Rådhuset, mødelokale 2",
        created_by=coordinator,
        relevant_answer="Ja, men to indsatser overlapper og bør slås sammen.",
        capacity_answer="Presset er størst i hjemmeplejen; vi venter med nye indsatser dér.",
        room_answer="Der er plads til én ny prøvehandling.",
    )
    held.participants.set(members)
    for initiative in cluster.initiatives.active().order_by("rank")[:2]:
        ReviewDecision.objects.create(
            review=held,
            initiative=initiative,
            decision="continue",
            rationale="Lovende, fortsæt og mål effekten.",
            decided_by=coordinator,
        )
    held.close(coordinator)
    upcoming = Review.schedule(
        cluster,
        _at(now + dt.timedelta(days=14 + cluster.pk % 5), 10),
        coordinator,
        place="Rådhuset, mødelokale 2",
        participants=members,
    )
    sync_review_reminders(upcoming)
