"""Demo missions and clusters for `manage.py load_demo` (made up, but plausible)."""

from dus.demo import backdate, moment
from dus.models import HardProblem, Plan, StrategyTrack, Track, User
from missions.models import Actor, Cluster, Membership, Mission

# track number -> [(title, statement, ambition, problem numbers, strategy numbers, clusters)]
# cluster: (name, purpose, cadence, [(username, role)], [(actor name, organisation, kind)])
MISSIONS = {
    1: [
        (
            "Alle børn og unge trives i fællesskaber",
            "Vi vil vende udviklingen i børn og unges mistrivsel sammen med familier, "
            "skoler, foreninger og civilsamfund.",
            "Flere børn og unge oplever at høre til i et fællesskab. Vi ser det i "
            "trivselsmålinger, lavere fravær og færre underretninger.",
            [7, 4],
            [2, 3],
            [
                (
                    "Klyngen for trivsel i skole og fritid",
                    "Afprøve nye veje mellem skole, fritidsliv og familie for børn, der er på "
                    "vej ud af fællesskabet.",
                    6,
                    [
                        ("anders.krog", "coordinator"),
                        ("kontraktholder", "member"),
                        ("mikkel.storm", "member"),
                        ("stab", "member"),
                        ("koncernledelse", "sponsor"),
                    ],
                    [
                        ("Skanderborg Håndboldklub", "Skanderborg Håndboldklub", "association"),
                        ("Forældrerådet Stilling", "Stilling Skole", "citizen"),
                    ],
                ),
            ],
        ),
        (
            "Ældre lever et godt liv i eget hjem længere",
            "Vi vil hjælpe ældre borgere til at klare mere selv, med nærvær hvor mødet "
            "betyder mest og teknologi hvor den gør en forskel.",
            "Flere ældre klarer sig selv længere, og færre har brug for akutte "
            "indlæggelser. Vi ser det i visitationer og borgernes egne fortællinger.",
            [3, 5],
            [2],
            [
                (
                    "Klyngen for hverdagsrehabilitering",
                    "Afprøve hverdagsrehabilitering og velfærdsteknologi sammen med borgere "
                    "og pårørende.",
                    8,
                    [
                        ("birgitte.hald", "coordinator"),
                        ("camilla.noergaard", "member"),
                        ("rasmus.vinther", "sponsor"),
                    ],
                    [("Ældresagen Skanderborg", "Ældresagen", "association")],
                ),
            ],
        ),
        (
            "Flere borgere på kanten kommer i job og uddannelse",
            "Vi vil finde nye veje ind på arbejdsmarkedet for borgere langt fra det, "
            "sammen med lokale virksomheder.",
            "Flere borgere får fodfæste i job eller uddannelse, og virksomhederne "
            "oplever os som en tæt samarbejdspartner.",
            [3, 4],
            [1, 2],
            [
                (
                    "Klyngen for virksomhedspartnerskaber",
                    "Bygge partnerskaber med virksomheder om jobåbninger for borgere på kanten.",
                    8,
                    [
                        ("tovholder", "coordinator"),
                        ("anders.krog", "member"),
                        ("hanne.moeller", "sponsor"),
                    ],
                    [
                        ("Skanderborg Erhverv", "Erhvervsforeningen", "business"),
                        ("VIA University College", "VIA", "education"),
                    ],
                ),
                (
                    "Klyngen for unge uden uddannelse",
                    "Følge unge fra udskolingen til de er 25 år tættere på vej mod "
                    "uddannelse og job.",
                    6,
                    [
                        ("mikkel.storm", "coordinator"),
                        ("kontraktholder", "member"),
                        ("tovholder", "member"),
                    ],
                    [("Skanderborg-Odder Erhvervsskole", "Erhvervsskolen", "education")],
                ),
            ],
        ),
    ],
    2: [
        (
            "Nye kolleger vælger os og bliver",
            "Vi vil være det sted, nye medarbejdere vælger, og hvor de bliver, fordi "
            "modtagelsen og fællesskabet er godt.",
            "Færre nye medarbejdere stopper i det første år, og flere søger ind hos os. "
            "Vi ser det i personaleomsætning og ansøgertal.",
            [3],
            [3],
            [
                (
                    "Klyngen for god modtagelse",
                    "Afprøve nye former for modtagelse og mentorordninger på tværs af områder.",
                    8,
                    [
                        ("stab", "coordinator"),
                        ("peter.dam", "sponsor"),
                        ("sofie.bach", "member"),
                        ("birgitte.hald", "member"),
                    ],
                    [("FOA Skanderborg", "FOA", "other")],
                ),
            ],
        ),
        (
            "Teknologien frigør tid til mødet med borgeren",
            "Vi vil bruge digitale løsninger til de opgaver, der ikke kræver et fysisk "
            "møde, så tiden bruges hvor mennesker mødes.",
            "Medarbejdere bruger mere tid sammen med borgerne og mindre på "
            "administration. Vi ser det i tidsregistreringer og medarbejdernes oplevelse.",
            [3, 5],
            [1],
            [
                (
                    "Klyngen for digital frisættelse",
                    "Finde og afprøve de opgaver, hvor teknologi kan overtage, "
                    "så medarbejdere frisættes.",
                    10,
                    [
                        ("camilla.noergaard", "coordinator"),
                        ("tovholder", "member"),
                        ("karen.holst", "sponsor"),
                    ],
                    [("Aarhus Universitet", "Institut for Digitalisering", "education")],
                ),
            ],
        ),
    ],
}


# Days ago the demo's missions were formed (at the contract holders' seminar) and their
# clusters started, before the oldest initiative in portfolio.demo.
FORMED_DAYS_AGO = 330
STARTED_DAYS_AGO = 320


def load_missions(people: dict[str, User]) -> None:
    """Create or correct the demo missions, clusters and members (idempotent). What is
    made here is dated back to the start of the demo's year, so nothing in the
    portfolios looks older than the cluster it belongs to."""
    plan = Plan.objects.get(slug="dus-2024-25")
    founder = people["koncernledelse"]  # who set the missions and clusters up
    for track_number, missions in MISSIONS.items():
        track = Track.objects.get(plan=plan, number=track_number)
        for title, statement, ambition, problems, strategies, clusters in missions:
            mission, created = Mission.objects.get_or_create(
                track=track,
                title=title,
                defaults={
                    "statement": statement,
                    "ambition": ambition,
                    "status": Mission.Status.ACTIVE,
                    "sponsor": people["koncernledelse"],
                },
            )
            if created:
                mission.problems.set(HardProblem.objects.filter(plan=plan, number__in=problems))
                mission.strategy_tracks.set(
                    StrategyTrack.objects.filter(plan=plan, number__in=strategies)
                )
                backdate(mission, moment(FORMED_DAYS_AGO, 14), by=founder)
            started = moment(STARTED_DAYS_AGO, 10)
            for name, purpose, cadence, members, actors in clusters:
                cluster, created = Cluster.objects.get_or_create(
                    mission=mission,
                    name=name,
                    defaults={"purpose": purpose, "review_cadence_weeks": cadence},
                )
                if created:
                    backdate(cluster, started, by=founder)
                for username, role in members:
                    membership, created = Membership.objects.get_or_create(
                        cluster=cluster, person=people[username], defaults={"role": role}
                    )
                    if created:
                        backdate(membership, started, "added_at", founder)
                for actor_name, organisation, kind in actors:
                    actor, _ = Actor.objects.get_or_create(
                        name=actor_name, organisation=organisation, defaults={"kind": kind}
                    )
                    membership, created = Membership.objects.get_or_create(
                        cluster=cluster, actor=actor, defaults={"role": "external"}
                    )
                    if created:
                        backdate(membership, started, "added_at", founder)
