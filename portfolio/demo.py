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
# What each initiative's logbook says: its own progress, obstacles, results and learning.
ENTRIES = {
    "Fredagscafé for unge og ældre": [
        ("progress", "Første fredagscafé holdt på biblioteket med 12 deltagere, 5 under 25 år."),
        (
            "learning",
            "De unge kommer, når de får en opgave: de styrer nu kaffen og musikken.",
        ),
        (
            "obstacle",
            "Biblioteket lukker kl. 16 om fredagen; vi mangler nøgler til bagefter.",
        ),
        ("result", "Fremmødet er steget fra 8 til 15 på en måned, og tre ældre kommer hver uge."),
        ("learning", "Et fast tema (brætspil, strikning, mobilhjælp) trækker flere end åbent hus."),
    ],
    "Walk-and-talk i stedet for møder": [
        ("progress", "Seks borgere har haft deres opfølgningssamtale som gåtur langs søen."),
        ("learning", "Borgerne vil hellere gå om eftermiddagen; om morgenen aflyser flere."),
        ("obstacle", "Regnvejr i uge 44 flyttede fire samtaler indendørs igen."),
        ("result", "Ingen udeblivelser i to måneder mod tre i samme periode sidste år."),
        ("learning", "Noter skrives bedst lige efter turen: aftal ti minutter på bænken."),
    ],
    "Fælles rekrutteringsdag": [
        ("progress", "Dagtilbud, skole og ældrepleje har fælles stand på jobmessen i Aarhus."),
        ("learning", "Ansøgerne spørger mere til kolleger og vagtplan end til løn."),
        ("obstacle", "Vi mangler lokaler til samtaler i uge 10-12; Rådhuset er booket."),
        ("result", "41 kandidater på dagen, 9 ansat i løbet af seks uger."),
        ("learning", "Lad medarbejdere, ikke ledere, stå forrest på standen."),
    ],
    "Skærmfri frikvarterer": [
        ("progress", "4.-6. klasse har haft skærmfri frikvarterer i fire uger."),
        ("learning", "Legen kommer først i gang, når der står en voksen og sætter noget i gang."),
        ("obstacle", "Forældre er bekymrede for, om børnene kan nås i pauserne."),
        ("result", "Lærerne registrerer 30 % færre konflikter efter frikvartererne."),
        ("learning", "Elevrådet skal være med til at lave reglerne, ellers holder de ikke."),
    ],
    "Digital visitation": [
        ("progress", "Skemaet er testet med ti borgere og to pårørende."),
        ("learning", "Pårørende udfylder ofte skemaet; det skal stå tydeligt, at det er i orden."),
        ("obstacle", "MitID-login stopper nogle ældre; vi tilbyder hjælp i borgerservice."),
        ("result", "Visitationsmøderne er i gennemsnit 20 minutter kortere."),
        ("learning", "Et opkald dagen før mødet fanger de borgere, skemaet taber."),
    ],
    "Mentorordning for nye kolleger": [
        ("progress", "14 mentorpar er i gang på tværs af tre arbejdspladser."),
        ("learning", "Mentor og ny kollega skal have samme vagtlag, ellers mødes de ikke."),
        ("obstacle", "Mentorerne mangler tid i vagtplanen; vi afsætter en time om ugen."),
        ("result", "Ingen af de nye med mentor har sagt op i prøvetiden."),
        ("learning", "En kort startsamtale med lederen sætter forventningerne bedre end et papir."),
    ],
    "Foreningsguide i skolen": [
        ("progress", "Seks foreninger har besøgt 5. årgang på to skoler."),
        ("learning", "Børnene melder sig, når en jævnaldrende fra foreningen er med på besøget."),
        ("obstacle", "Foreningernes frivillige kan sjældent komme i skoletiden."),
        ("result", "23 børn har prøvet en ny fritidsaktivitet; 11 er fortsat."),
        ("learning", "Et prøvekort til tre gratis træninger sænker tærsklen for familierne."),
    ],
    "Robotstøvsugere i plejeboliger": [
        ("progress", "Robotterne kører i tre plejeboliger; personalet har fået en kort oplæring."),
        ("learning", "Beboerne skal præsenteres for robotten, ellers bliver nogle utrygge."),
        ("obstacle", "Tæpper og løse ledninger stopper robotterne flere gange om dagen."),
        ("result", "Personalet bruger omkring 25 minutter mindre på rengøring pr. vagt."),
        ("learning", "Tiden, vi sparer, skal aftales på forhånd, ellers forsvinder den."),
    ],
    "Udfordringsret: fleksibel mødetid": [
        ("progress", "Hjemmeplejen Syd afprøver selvvalgt mødetid mellem 6.30 og 8.00."),
        ("learning", "Fleksibiliteten virker, når teamet selv lægger planen, ikke lederen."),
        ("obstacle", "Overenskomstens regler om mødetid kræver en lokalaftale."),
        ("result", "Sygefraværet er faldet fra 7,1 til 5,4 % på fire måneder."),
        ("learning", "Morgenoverlap på 15 minutter er nok til at dele de vigtige beskeder."),
    ],
}


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
                entries = ENTRIES[title]
                entry_kind, text = entries[(n + e) % len(entries)]
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
