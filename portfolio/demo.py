"""Demo portfolios for `manage.py load_demo`: a believable year of DUS for each cluster.

Each cluster has its own initiatives, fitting its mission and owned by its members in
their own units; each initiative's logbook tells its own story, step by step, after
the initiative was made. Every cluster has one held review with decisions and one
upcoming, on weekdays in office hours. Three initiatives have gone quiet for longer
than the dashboard's stale threshold (settings.STALE_DAYS, 45 days), and Stilling
Skole carries more development work than its capacity. All dates are counted back
from today, so the demo always looks current.

Made up and deterministic; idempotent: an initiative is found by its cluster and
title, and a cluster that has reviews keeps them."""

import datetime as dt
from typing import NamedTuple

from dus.demo import backdate, moment
from dus.models import Unit, User
from missions.models import Cluster
from portfolio.models import Initiative, LogEntry, Review, ReviewDecision
from portfolio.reminders import sync_review_reminders

SHARE = True  # a learning flagged for sharing at Ledertræf


class Idea(NamedTuple):
    """One initiative of the demo and its story."""

    title: str
    kind: str
    owner: str  # user name of a member of the cluster; the initiative is in their unit
    status: str
    hours: int | None  # estimated effort, hours a month
    age: int  # days since it was made
    what: str
    hypothesis: str
    # (days ago, kind, text[, SHARE]), oldest first: all after `age`, in story order
    log: tuple = ()
    rule: str = ""  # the rule it challenges (udfordringsret), if any
    ended: tuple = ()  # (days ago,) when anchored; (days ago, reason, learning) when stopped
    partners: str = ""


# The demo's stale initiatives: active, and quiet for longer than STALE_DAYS.
STALE = ["Fritidspas til børn i familier med lav indkomst", "Branchepakke til lager og logistik"]
STALE += ["Praktik i kommunens egne værksteder"]

# The unit whose active initiatives take more hours than its capacity (hours a month).
OVER_CAPACITY = ("Stilling Skole", 60)

PORTFOLIOS: dict[str, list[Idea]] = {
    "Klyngen for trivsel i skole og fritid": [
        Idea(
            "Tidlig forældresamtale ved bekymrende fravær",
            "initiative",
            "kontraktholder",
            "running",
            24,
            260,
            "Når en elev har haft 10 % fravær over en måned, inviterer skolen forældrene til "
            "en samtale inden for en uge, sammen med skolens trivselsvejleder.",
            "Vi tror at en tidlig og åben samtale med forældrene vil føre til mindre fravær, "
            "før det bliver bekymrende.",
            (
                (
                    250,
                    "progress",
                    "Fraværsgrænsen er aftalt med lærerne: 10 % over en måned "
                    "udløser en invitation inden for en uge.",
                ),
                (
                    215,
                    "obstacle",
                    "Flere forældre oplever invitationen som en anklage; brevet "
                    "fra skolen lyder for formelt.",
                ),
                (
                    180,
                    "learning",
                    "Når klasselæreren ringer i stedet for at skrive, siger næsten "
                    "alle forældre ja til at komme.",
                    SHARE,
                ),
                (
                    120,
                    "result",
                    "31 samtaler holdt i første halvår; fraværet er faldet for 22 af de 31 elever.",
                ),
                (
                    25,
                    "progress",
                    "Modellen er skrevet ned på én side, så nye lærere kan bruge "
                    "den fra første skoledag.",
                ),
            ),
        ),
        Idea(
            "Skærmfri frikvarterer",
            "trial",
            "kontraktholder",
            "running",
            16,
            210,
            "4.-6. klasse holder frikvartererne uden mobiler og tablets; gårdvagterne sætter "
            "lege i gang.",
            "Vi tror at skærmfri pauser vil føre til mere leg på tværs af klasserne og færre "
            "konflikter.",
            (
                (
                    200,
                    "progress",
                    "Elevrådet har lavet reglerne sammen med lærerne: mobilen "
                    "bliver i tasken fra kl. 8 til 14.",
                ),
                (
                    170,
                    "obstacle",
                    "Forældre er bekymrede for, om de kan nå deres børn i "
                    "pauserne; kontoret tager nu imod opkald.",
                ),
                (
                    140,
                    "learning",
                    "Legen kommer først i gang, når en voksen står i gården med "
                    "bolde og sjippetov.",
                ),
                (
                    90,
                    "result",
                    "Gårdvagterne registrerer 30 % færre konflikter efter "
                    "frikvartererne end før forsøget.",
                ),
                (
                    18,
                    "progress",
                    "Udskolingen har bedt om at komme med; elevrådet i 7.-9. klasse "
                    "holder møde om det.",
                ),
            ),
        ),
        Idea(
            "Foreningsguide i 5. klasse",
            "trial",
            "anders.krog",
            "evaluating",
            12,
            230,
            "Lokale foreninger besøger 5. årgang, og hver elev får et prøvekort til tre "
            "gratis træninger.",
            "Vi tror at et personligt møde med en forening vil føre til flere børn i faste "
            "fritidsaktiviteter.",
            (
                (
                    220,
                    "progress",
                    "Seks foreninger har sagt ja, blandt dem håndbold, spejder, "
                    "musikskole og skytteforening.",
                ),
                (
                    185,
                    "obstacle",
                    "Foreningernes frivillige kan sjældent komme i skoletiden; "
                    "besøgene lægges nu i sidste lektion.",
                ),
                (
                    150,
                    "learning",
                    "Børnene melder sig, når en jævnaldrende fra foreningen er med på besøget.",
                    SHARE,
                ),
                (
                    95,
                    "result",
                    "23 børn har prøvet en ny fritidsaktivitet, og 11 går der "
                    "stadig efter tre måneder.",
                ),
                (
                    30,
                    "progress",
                    "Evalueringen er i gang: vi interviewer fem familier, der "
                    "takkede nej til prøvekortet.",
                ),
            ),
            partners="Skanderborg Håndboldklub",
        ),
        Idea(
            "Fritidspas til børn i familier med lav indkomst",
            "initiative",
            "mikkel.storm",
            "running",
            16,
            190,
            "Familierådgiverne kan give et fritidspas, der betaler kontingent og udstyr i et år.",
            "Vi tror at betalt kontingent og udstyr vil føre til, at flere børn fra udsatte "
            "familier bliver i en forening.",
            (
                (
                    180,
                    "progress",
                    "Fritidspasset er godkendt i fagsekretariatet; 40 pas er klar til udlevering.",
                ),
                (
                    130,
                    "obstacle",
                    "Rådgiverne glemmer passet i en travl hverdag; kun 9 er givet "
                    "ud på to måneder.",
                ),
                (
                    75,
                    "learning",
                    "Passet bliver brugt, når rådgiveren selv følger barnet til første træning.",
                ),
            ),
        ),
        Idea(
            "Åben hal fredag aften for 13-17-årige",
            "trial",
            "anders.krog",
            "stopped",
            8,
            240,
            "Hallen holder åbent for unge fredag aften med musik, streetbasket og en voksen.",
            "Vi tror at et frit sted at være fredag aften vil føre til færre unge, der keder "
            "sig i byen.",
            (
                (
                    230,
                    "progress",
                    "Første fredag kom 14 unge, de fleste fra 8. klasse på to skoler.",
                ),
                (
                    200,
                    "obstacle",
                    "Bussen fra Ry og Galten kører sidste gang kl. 21; de unge derfra går tidligt.",
                ),
                (165, "result", "Fremmødet er faldet til 3-6 unge de fleste fredage."),
            ),
            ended=(
                150,
                "Kun 3-6 unge kom de fleste fredage, og to medarbejdere var på hver aften.",
                "De unge vil selv bestemme, hvad hallen skal bruges til; næste gang starter vi "
                "med et ungepanel.",
            ),
        ),
        Idea(
            "Familierådgiver på skolen en dag om ugen",
            "trial",
            "mikkel.storm",
            "planned",
            12,
            20,
            "En familierådgiver sidder på Stilling Skole hver tirsdag, så lærere og forældre "
            "kan spørge uden en underretning.",
            "Vi tror at en rådgiver tæt på skolen vil føre til tidligere hjælp og færre "
            "underretninger.",
            (
                (
                    12,
                    "progress",
                    "Aftalt med skolelederen: rådgiveren får et lokale ved siden "
                    "af sundhedsplejersken fra næste måned.",
                ),
            ),
        ),
    ],
    "Klyngen for hverdagsrehabilitering": [
        Idea(
            "Hverdagsrehabilitering før visitation til hjemmehjælp",
            "initiative",
            "birgitte.hald",
            "running",
            40,
            280,
            "Nye borgere får et forløb på otte uger med en terapeut, før der visiteres til "
            "fast hjemmehjælp.",
            "Vi tror at træning i hverdagens gøremål vil føre til, at flere ældre klarer sig "
            "selv længere.",
            (
                (
                    270,
                    "progress",
                    "To terapeuter og seks social- og sundhedshjælpere er klædt "
                    "på til de første forløb.",
                ),
                (
                    235,
                    "obstacle",
                    "Pårørende beder om hjælp med det samme og forstår ikke, "
                    "hvorfor borgeren skal træne først.",
                ),
                (
                    200,
                    "learning",
                    "Et møde med de pårørende i første uge gør dem til "
                    "medspillere i stedet for modstandere.",
                    SHARE,
                ),
                (
                    140,
                    "result",
                    "Af 48 afsluttede forløb klarer 29 borgere sig helt uden praktisk hjælp.",
                ),
                (
                    22,
                    "progress",
                    "Fagsekretariatet regner på, hvor mange hjemmehjælpstimer "
                    "forløbene sparer over et år.",
                ),
            ),
        ),
        Idea(
            "Digital forberedelse af visitationsmødet",
            "solution",
            "camilla.noergaard",
            "evaluating",
            20,
            220,
            "Borgeren eller en pårørende udfylder et kort skema på borger.dk, før visitatoren "
            "kommer på besøg.",
            "Vi tror at digital forberedelse vil føre til kortere og bedre visitationsmøder.",
            (
                (
                    210,
                    "progress",
                    "Skemaet er testet med ti borgere og to pårørende; "
                    "spørgsmålene er skåret fra 24 til 11.",
                ),
                (
                    175,
                    "obstacle",
                    "MitID-login stopper mange ældre; Borgerservice tilbyder "
                    "hjælp ved skranken om torsdagen.",
                ),
                (
                    145,
                    "learning",
                    "Pårørende udfylder ofte skemaet; det skal stå tydeligt, at "
                    "det er helt i orden.",
                ),
                (100, "result", "Visitationsmøderne er i gennemsnit 20 minutter kortere end før."),
                (
                    35,
                    "progress",
                    "Evalueringen med visitatorerne er planlagt; vi spørger også "
                    "de borgere, der ikke brugte skemaet.",
                ),
            ),
        ),
        Idea(
            "Skærmbesøg om aftenen",
            "trial",
            "birgitte.hald",
            "running",
            24,
            160,
            "Borgere, der kun har brug for en påmindelse om medicin, får aftenbesøget på en "
            "tablet i stedet for i døren.",
            "Vi tror at skærmbesøg vil føre til mere tid i aftenvagten til de borgere, der har "
            "brug for et fysisk besøg.",
            (
                (
                    150,
                    "progress",
                    "Tolv borgere har fået en tablet; aftenvagten ringer op fra "
                    "kontoret mellem kl. 19 og 21.",
                ),
                (
                    120,
                    "learning",
                    "Borgerne vil helst se den samme medarbejder på skærmen hver aften.",
                    SHARE,
                ),
                (
                    80,
                    "obstacle",
                    "Dårlig mobildækning i Hørning og Veng giver afbrudte opkald hos tre borgere.",
                ),
                (28, "result", "Aftenvagten har fået 45 minutter mere til fysiske besøg pr. vagt."),
            ),
        ),
        Idea(
            "Robotstøvsugere hos borgere i eget hjem",
            "solution",
            "camilla.noergaard",
            "anchored",
            8,
            300,
            "Borgere visiteret til rengøring får en robotstøvsuger, og rengøringsbesøget "
            "kommer hver tredje uge i stedet for hver anden.",
            "Vi tror at robotter vil føre til rene hjem med færre besøg, så hjemmehjælpen kan "
            "bruge tiden på omsorg.",
            (
                (
                    290,
                    "progress",
                    "30 robotter er købt ind; borgerne vælger selv, om de vil være med.",
                ),
                (
                    255,
                    "obstacle",
                    "Tæpper og løse ledninger stopper robotterne; medarbejderne "
                    "rydder gulvet ved første besøg.",
                ),
                (
                    215,
                    "learning",
                    "Borgerne skal se robotten køre, før de siger ja; en brochure er ikke nok.",
                ),
                (
                    160,
                    "result",
                    "Hjemmeplejen sparer omkring 25 minutter pr. borger hver anden "
                    "uge, og ingen har meldt fra igen.",
                ),
                (
                    95,
                    "progress",
                    "Robotstøvsugere er nu en fast del af visitationen til rengøring.",
                ),
            ),
            ended=(90,),
        ),
        Idea(
            "Spisevenner for ældre, der spiser alene",
            "trial",
            "birgitte.hald",
            "idea",
            8,
            25,
            "Frivillige fra Ældresagen spiser middag med ældre, der bor alene, en gang om ugen.",
            "Vi tror at fællesskab om maden vil føre til bedre ernæring og mindre ensomhed.",
            (
                (
                    10,
                    "progress",
                    "Ældresagen har fundet otte frivillige; vi mangler borgere, der vil prøve det.",
                ),
            ),
            partners="Ældresagen Skanderborg",
        ),
        Idea(
            "Medicinrobot til borgere med faste doser",
            "solution",
            "camilla.noergaard",
            "stopped",
            12,
            250,
            "Otte borgere får deres faste medicin fra en robot, der minder dem om doserne og "
            "giver besked, hvis de ikke bliver taget.",
            "Vi tror at en medicinrobot vil føre til færre besøg alene for at give medicin.",
            (
                (
                    240,
                    "progress",
                    "Otte robotter er sat op, og apoteket pakker doserne til dem hver anden uge.",
                ),
                (
                    190,
                    "obstacle",
                    "Lægerne ændrer doserne oftere end ventet; hver ændring "
                    "kræver en ny pakning fra apoteket.",
                ),
                (
                    130,
                    "result",
                    "Kun tre af de otte borgere har brugt robotten uden fejl i en hel måned.",
                ),
                (
                    70,
                    "learning",
                    "Vi valgte borgerne efter, hvem der ville, ikke efter, hvis "
                    "medicin var stabil.",
                    SHARE,
                ),
            ),
            ended=(
                60,
                "Robotten kunne ikke følge med de hyppige ændringer i borgernes medicin, og "
                "fejlmeldingerne tog mere tid, end den sparede.",
                "Velfærdsteknologi skal afprøves med de borgere, hvis behov faktisk passer til "
                "den; det afgør visitatoren sammen med sygeplejen.",
            ),
        ),
    ],
    "Klyngen for virksomhedspartnerskaber": [
        Idea(
            "Walk-and-talk i opfølgningssamtaler",
            "trial",
            "tovholder",
            "running",
            12,
            270,
            "Sagsbehandlerne holder opfølgningssamtaler med ledige som gåture omkring "
            "Skanderborg Sø.",
            "Vi tror at samtaler i bevægelse vil føre til mere åbne samtaler og færre "
            "udeblivelser.",
            (
                (
                    260,
                    "progress",
                    "Seks borgere har haft deres opfølgningssamtale som gåtur langs søen.",
                ),
                (
                    230,
                    "learning",
                    "Borgerne vil hellere gå om eftermiddagen; om morgenen melder flere afbud.",
                ),
                (
                    195,
                    "obstacle",
                    "Notatet skal skrives bagefter, og sagsbehandlerne mangler "
                    "tid til det mellem to gåture.",
                ),
                (
                    150,
                    "result",
                    "Ingen udeblivelser i to måneder mod tre i samme periode sidste år.",
                ),
                (
                    110,
                    "learning",
                    "Notatet skrives bedst lige efter turen: vi aftaler ti "
                    "minutter på en bænk til sidst.",
                    SHARE,
                ),
                (
                    8,
                    "progress",
                    "Efter Ledertræf har to andre områder bedt om vores guide til gåturen.",
                ),
            ),
            rule="Retningslinjen om samtaler i jobcentrets mødelokaler",
        ),
        Idea(
            "Virksomhedsmentorer i lokale produktionsvirksomheder",
            "initiative",
            "tovholder",
            "running",
            20,
            240,
            "En erfaren medarbejder i virksomheden får en mentoruddannelse og følger en ledig "
            "borger de første tre måneder.",
            "Vi tror at en kollega som mentor vil føre til flere borgere, der bliver i jobbet "
            "efter de første måneder.",
            (
                (
                    230,
                    "progress",
                    "Fem virksomheder i Skanderborg og Hørning har sagt ja; otte "
                    "mentorer er på kursus.",
                ),
                (
                    190,
                    "obstacle",
                    "Mentorerne har ikke tid i travle perioder; to forløb er sat "
                    "på pause i højsæsonen.",
                ),
                (
                    150,
                    "learning",
                    "Det virker bedst, når mentor og borger arbejder på samme hold "
                    "og holder pause sammen.",
                ),
                (100, "result", "Elleve af fjorten borgere er stadig i job efter tre måneder."),
                (30, "progress", "To nye virksomheder fra byggebranchen er med fra næste måned."),
            ),
            partners="Skanderborg Erhverv",
        ),
        Idea(
            "Småjob som hal-assistent i idrætshallerne",
            "trial",
            "anders.krog",
            "running",
            12,
            180,
            "Ledige borgere får småjob på 8-12 timer om ugen i kommunens idrætshaller, med en "
            "fast kontaktperson.",
            "Vi tror at få timer i et kendt miljø vil føre til, at borgere langt fra "
            "arbejdsmarkedet får fodfæste.",
            (
                (
                    170,
                    "progress",
                    "Jobcentret har lånt os to medarbejdere til at finde borgere; fire er startet.",
                ),
                (
                    135,
                    "obstacle",
                    "Timerne modregnes i ydelsen, så to borgere tjener ikke mere "
                    "end før; det skal forklares bedre.",
                ),
                (
                    95,
                    "learning",
                    "Halinspektøren er den bedste mentor: borgerne kommer igen, "
                    "når han regner med dem.",
                ),
                (
                    38,
                    "result",
                    "Tre af de fire hal-assistenter har nu flere timer, og én er "
                    "ansat i et privat fitnesscenter.",
                ),
            ),
        ),
        Idea(
            "Branchepakke til lager og logistik",
            "initiative",
            "tovholder",
            "evaluating",
            16,
            200,
            "Et kursus på seks uger med truckcertifikat og praktik i to lagervirksomheder ved "
            "motorvejen.",
            "Vi tror at et kort og konkret kursus vil føre til job for ledige, som "
            "virksomhederne ellers ikke ville se på.",
            (
                (
                    190,
                    "progress",
                    "Første hold på ti borgere er startet; to lagervirksomheder "
                    "har afsat praktikpladser.",
                ),
                (
                    140,
                    "result",
                    "Syv af de ti har bestået truckcertifikatet, og fire har fået job.",
                ),
                (
                    85,
                    "obstacle",
                    "Hold to er udskudt: begge virksomheder har ansættelsesstop indtil videre.",
                ),
            ),
            partners="Skanderborg Erhverv",
        ),
        Idea(
            "Frivillig på festivalpladsen som første skridt mod job",
            "trial",
            "anders.krog",
            "anchored",
            8,
            290,
            "Ledige borgere får en frivilligvagt på sommerens festival med en fast holdleder "
            "og en anbefaling bagefter.",
            "Vi tror at en afgrænset opgave i et stort fællesskab vil føre til mod på et job og "
            "en reference til det.",
            (
                (
                    280,
                    "progress",
                    "Festivalen har afsat 20 frivilligvagter på byggeholdet til "
                    "borgere fra jobcentret.",
                ),
                (
                    240,
                    "learning",
                    "Holdlederne skal møde borgerne før festivalen; ellers melder halvdelen fra.",
                ),
                (
                    200,
                    "result",
                    "17 borgere gennemførte vagten, og 6 har fået job eller "
                    "praktik gennem kontakter fra festivalen.",
                ),
                (
                    125,
                    "progress",
                    "Aftalen med festivalen er gjort fast, så jobcentret kan "
                    "sende borgere hvert år.",
                ),
            ),
            ended=(120,),
        ),
        Idea(
            "Fælles virksomhedskonsulent for jobcenter og erhvervsservice",
            "initiative",
            "tovholder",
            "stopped",
            8,
            210,
            "Én konsulent besøger virksomhederne for både jobcentret og erhvervsservice.",
            "Vi tror at én indgang til kommunen vil føre til flere jobåbninger fra "
            "virksomheder, der er trætte af mange opkald.",
            (
                (200, "progress", "Konsulenten har besøgt 25 virksomheder i de første seks uger."),
                (
                    150,
                    "obstacle",
                    "Erhvervsservice ringer stadig selv til de samme "
                    "virksomheder; der mangler en fælles kundeliste.",
                ),
                (
                    70,
                    "result",
                    "Kun to jobåbninger på fire måneder; virksomhederne kan ikke se forskel på os.",
                ),
            ),
            ended=(
                9,
                "Rollerne overlappede med erhvervsservicens egne konsulenter, og "
                "virksomhederne oplevede to indgange i stedet for én.",
                "En fælles indgang kræver én ejer; nu aftaler vi i stedet, hvem der ringer til "
                "hvilke virksomheder.",
            ),
        ),
    ],
    "Klyngen for unge uden uddannelse": [
        Idea(
            "Brobygning fra 9. klasse til erhvervsskolen",
            "trial",
            "kontraktholder",
            "running",
            28,
            200,
            "Elever i 9. klasse, der er i tvivl om uddannelse, er på erhvervsskolen en dag om "
            "ugen i otte uger.",
            "Vi tror at en erhvervsuddannelse prøvet i praksis vil føre til færre unge, der "
            "står uden uddannelse efter 9. klasse.",
            (
                (
                    190,
                    "progress",
                    "14 elever er udvalgt sammen med UU-vejlederen; "
                    "erhvervsskolen har lavet forløb som tømrer, smed og frisør.",
                ),
                (
                    160,
                    "obstacle",
                    "Eleverne mister dansk og matematik den dag; lærerne lægger opgaverne på Aula.",
                ),
                (
                    120,
                    "learning",
                    "Det virker, når eleverne laver noget, de kan tage med hjem, "
                    "allerede første dag.",
                ),
                (60, "result", "11 af de 14 elever har søgt en erhvervsuddannelse mod 3 året før."),
                (
                    15,
                    "progress",
                    "Næste hold er udvalgt, og erhvervsskolen tilbyder også et forløb i landbrug.",
                ),
            ),
            partners="Skanderborg-Odder Erhvervsskole",
        ),
        Idea(
            "Én fast voksen fra 17 til 19 år",
            "initiative",
            "mikkel.storm",
            "running",
            24,
            250,
            "Unge med en sag i Børne- og Familierådgivningen beholder den samme "
            "kontaktperson hen over 18-års-grænsen.",
            "Vi tror at en fast voksen i overgangen til voksenlivet vil føre til færre unge, "
            "der falder ud af uddannelse.",
            (
                (
                    240,
                    "progress",
                    "Ni unge har fået en kontaktperson, der følger dem fra de er "
                    "17, også når sagen flytter til voksenområdet.",
                ),
                (
                    205,
                    "obstacle",
                    "Reglerne skifter ved 18 år, og voksenområdet har egne "
                    "sagsbehandlere; vi mangler en aftale om, hvem der gør hvad.",
                ),
                (
                    165,
                    "learning",
                    "De unge skal selv vælge kontaktpersonen; når vi vælger for "
                    "dem, holder det sjældent.",
                    SHARE,
                ),
                (
                    110,
                    "result",
                    "Otte af de ni unge er i uddannelse eller job et halvt år efter "
                    "deres 18-års-fødselsdag.",
                ),
                (
                    33,
                    "progress",
                    "Aftalen med voksenområdet er underskrevet, så kontaktpersonen "
                    "kan følge den unge til 19 år.",
                ),
            ),
            rule="Skiftet af sagsbehandler, når den unge fylder 18 år",
        ),
        Idea(
            "Drop-in for unge i jobcentret om torsdagen",
            "trial",
            "tovholder",
            "running",
            12,
            150,
            "Unge under 25 kan komme i jobcentret torsdag eftermiddag uden en tid og tale med "
            "en vejleder.",
            "Vi tror at en lav tærskel vil føre til, at unge søger hjælp, før de ender på "
            "kontanthjælp.",
            (
                (140, "progress", "Første torsdag kom syv unge; de fleste havde en ven med."),
                (
                    105,
                    "learning",
                    "De unge kommer, når de har hørt om det fra en anden ung, "
                    "ikke fra vores breve.",
                ),
                (
                    65,
                    "obstacle",
                    "Vejlederne kan ikke se uddannelsesdata i drop-in-tiden; det "
                    "kræver et nyt login.",
                ),
                (
                    27,
                    "result",
                    "42 unge har været forbi på tre måneder, og 15 er startet på et "
                    "uddannelsesforløb.",
                ),
            ),
            rule="Kravet om tidsbestilling til samtaler i ungeindsatsen",
        ),
        Idea(
            "Praktik i kommunens egne værksteder",
            "initiative",
            "tovholder",
            "planned",
            8,
            120,
            "Unge uden uddannelse får praktik i kommunens materielgård og vejafdeling med en "
            "fast praktikvejleder.",
            "Vi tror at kommunen som arbejdsplads vil føre til flere praktikpladser til unge, "
            "som private virksomheder ikke tager.",
            (
                (
                    110,
                    "progress",
                    "Materielgården har sagt ja til to praktikpladser; "
                    "vejafdelingen vil vente og se.",
                ),
                (
                    95,
                    "obstacle",
                    "Der mangler en praktikvejleder med tid; lederen af "
                    "materielgården vil finde en løsning.",
                ),
            ),
        ),
        Idea(
            "Ungebolig med fast voksenkontakt",
            "trial",
            "mikkel.storm",
            "stopped",
            16,
            230,
            "Fire unge, der ikke kan bo hjemme, får en lille lejlighed og besøg af en "
            "kontaktperson to gange om ugen.",
            "Vi tror at en stabil bolig vil føre til, at de unge kan passe en uddannelse.",
            (
                (220, "progress", "Fire unge er udvalgt, og to boligforeninger er spurgt."),
                (
                    170,
                    "obstacle",
                    "Boligforeningerne har ventelister på over et år, og "
                    "kommunens anvisningsret dækker ikke unge under 18.",
                ),
                (100, "result", "Kun én af de fire unge har fået en bolig på syv måneder."),
            ),
            ended=(
                40,
                "Vi kunne ikke skaffe boliger: boligforeningerne har ventelister på over et år.",
                "Boligen skal være på plads, før vi lover de unge et forløb; næste gang laver "
                "vi aftalen med boligforeningen først.",
            ),
        ),
    ],
    "Klyngen for god modtagelse": [
        Idea(
            "Mentorordning for nye social- og sundhedsassistenter",
            "initiative",
            "birgitte.hald",
            "running",
            20,
            270,
            "Erfarne kolleger følger nye social- og sundhedsassistenter det første halve år.",
            "Vi tror at en fast mentor vil føre til færre opsigelser i det første år.",
            (
                (
                    260,
                    "progress",
                    "14 mentorpar er i gang på tværs af tre distrikter i Hjemmeplejen Syd.",
                ),
                (
                    220,
                    "obstacle",
                    "Mentorerne mangler tid i vagtplanen; nu er der afsat en time "
                    "om ugen til hvert par.",
                ),
                (
                    180,
                    "learning",
                    "Mentor og ny kollega skal have samme vagtlag, ellers mødes de ikke.",
                    SHARE,
                ),
                (
                    120,
                    "result",
                    "Ingen af de nye med mentor har sagt op i prøvetiden, mod fire året før.",
                ),
                (
                    24,
                    "progress",
                    "Ordningen udvides til sygeplejerskerne fra næste hold nyansatte.",
                ),
            ),
        ),
        Idea(
            "Fælles rekrutteringsdag for dagtilbud, skole og ældrepleje",
            "initiative",
            "sofie.bach",
            "evaluating",
            16,
            230,
            "Dagtilbud, skoler og ældreplejen rekrutterer sammen på jobmessen i Aarhus, med "
            "samtaler på stedet.",
            "Vi tror at en fælles indsats vil føre til flere kvalificerede ansøgere, end hvert "
            "område får alene.",
            (
                (
                    220,
                    "progress",
                    "Standen på jobmessen bemandes af seks medarbejdere fra de tre områder.",
                ),
                (185, "learning", "Ansøgerne spørger mere til kolleger og vagtplan end til løn."),
                (
                    150,
                    "obstacle",
                    "Vi mangler lokaler til samtaler i ugerne efter messen; Rådhuset er booket.",
                ),
                (110, "result", "41 kandidater på dagen, og 9 er ansat i løbet af seks uger."),
                (
                    40,
                    "learning",
                    "Medarbejderne skal stå forrest på standen, ikke lederne: det "
                    "er dem, ansøgerne vil tale med.",
                ),
            ),
        ),
        Idea(
            "Velkomstplan for de første 14 dage",
            "solution",
            "stab",
            "anchored",
            4,
            280,
            "Alle nye medarbejdere får en plan for de første 14 dage, før de møder ind: hvem "
            "de møder, hvad de lærer, og hvem de spiser frokost med.",
            "Vi tror at en tydelig start vil føre til, at nye kolleger føler sig velkomne og "
            "bliver.",
            (
                (270, "progress", "Skabelonen er lavet sammen med tre ledere og to nyansatte."),
                (
                    230,
                    "learning",
                    "Det vigtigste punkt i planen er, hvem den nye spiser frokost "
                    "med den første dag.",
                ),
                (
                    180,
                    "result",
                    "92 % af de nye svarer i trivselsmålingen, at de følte sig velkomne.",
                ),
                (
                    115,
                    "progress",
                    "Planen er nu en fast del af ansættelsen, og lederen får en "
                    "påmindelse to uger før første dag.",
                ),
            ),
            ended=(110,),
        ),
        Idea(
            "Selvvalgt mødetid i hjemmeplejen",
            "trial",
            "birgitte.hald",
            "running",
            12,
            200,
            "Medarbejderne i to teams vælger selv at møde mellem kl. 6.30 og 8.00, og teamet "
            "lægger selv planen.",
            "Vi tror at fleksibilitet vil føre til højere trivsel og lavere sygefravær.",
            (
                (
                    190,
                    "obstacle",
                    "Overenskomstens regler om mødetid kræver en lokalaftale; "
                    "udkastet er sendt til FOA.",
                ),
                (160, "progress", "Lokalaftalen er på plads, og de to teams er startet."),
                (
                    125,
                    "learning",
                    "Fleksibiliteten virker, når teamet selv lægger planen, ikke lederen.",
                ),
                (
                    70,
                    "result",
                    "Sygefraværet i de to teams er faldet fra 7,1 til 5,4 % på fire måneder.",
                ),
                (
                    14,
                    "learning",
                    "Et morgenoverlap på 15 minutter er nok til at give de vigtige "
                    "beskeder videre.",
                ),
            ),
            rule="Overenskomstens regler om faste mødetider",
            partners="FOA Skanderborg",
        ),
        Idea(
            "Exitsamtaler med nye, der siger op i det første år",
            "initiative",
            "stab",
            "running",
            8,
            170,
            "HR holder en samtale med alle, der siger op inden for det første år, og samler "
            "årsagerne på tværs af områderne.",
            "Vi tror at viden om, hvorfor nye går, vil føre til bedre modtagelse de steder, "
            "hvor flest stopper.",
            (
                (
                    160,
                    "progress",
                    "Spørgeguiden er klar, og lederne sender nu opsigelser videre til HR.",
                ),
                (
                    115,
                    "learning",
                    "Samtalen skal holdes af en, den nye ikke har arbejdet sammen "
                    "med; så siger de mere.",
                ),
                (
                    60,
                    "result",
                    "Tre ud af fire nævner manglende introduktion til vagtplan og "
                    "it-systemer som årsag.",
                ),
                (
                    19,
                    "progress",
                    "Resultaterne er fremlagt for koncernledelsen og bruges nu i velkomstplanen.",
                ),
            ),
        ),
        Idea(
            "Studiejob til pædagogstuderende",
            "trial",
            "sofie.bach",
            "idea",
            8,
            16,
            "Pædagogstuderende fra VIA får studiejob i børnehusene ti timer om ugen gennem hele "
            "studiet.",
            "Vi tror at studiejob vil føre til, at flere nyuddannede pædagoger søger job hos os.",
            ((6, "progress", "VIA vil gerne være med og slår studiejobbene op på campus."),),
        ),
    ],
    "Klyngen for digital frisættelse": [
        Idea(
            "Talegenkendelse til journalnotater",
            "solution",
            "camilla.noergaard",
            "running",
            20,
            220,
            "Sagsbehandlere og sygeplejersker dikterer deres notater, og systemet skriver teksten.",
            "Vi tror at talegenkendelse vil føre til mere tid med borgerne og mindre tid ved "
            "tastaturet.",
            (
                (
                    210,
                    "progress",
                    "20 medarbejdere i jobcentret og sygeplejen har fået headset og licens.",
                ),
                (
                    175,
                    "obstacle",
                    "Systemet forstår ikke fagord og stednavne; vi bygger en "
                    "ordliste sammen med brugerne.",
                ),
                (
                    135,
                    "learning",
                    "Notatet bliver bedst, når man dikterer lige efter samtalen, i "
                    "bilen eller på gangen.",
                    SHARE,
                ),
                (
                    85,
                    "result",
                    "Medarbejderne bruger i gennemsnit 35 minutter mindre om dagen på notater.",
                ),
                (
                    16,
                    "progress",
                    "Ordlisten har nu 600 ord, og Børne- og Familierådgivningen vil være med.",
                ),
            ),
        ),
        Idea(
            "Chatbot til spørgsmål om sygedagpenge",
            "trial",
            "tovholder",
            "running",
            16,
            160,
            "En chatbot på kommunens hjemmeside svarer døgnet rundt på de almindelige "
            "spørgsmål om sygedagpenge.",
            "Vi tror at en chatbot vil føre til færre telefonopkald, så sagsbehandlerne får tid "
            "til de svære sager.",
            (
                (
                    150,
                    "progress",
                    "Chatbotten er trænet på de 40 spørgsmål, vi oftest får i telefonen.",
                ),
                (
                    110,
                    "obstacle",
                    "Borgerne skriver om deres egen sag, og den må chatbotten ikke svare på.",
                ),
                (
                    70,
                    "learning",
                    "Chatbotten skal sende borgeren videre til et menneske, så snart "
                    "borgeren nævner sin egen sag.",
                ),
                (23, "result", "Opkaldene om sygedagpenge er faldet med 18 % på to måneder."),
            ),
        ),
        Idea(
            "SMS-påmindelse om tider i Borgerservice",
            "solution",
            "camilla.noergaard",
            "anchored",
            4,
            260,
            "Borgere med en tid i Borgerservice får en SMS dagen før med det, de skal have med.",
            "Vi tror at en påmindelse vil føre til færre forgæves besøg og kortere køer.",
            (
                (250, "progress", "Påmindelsen sendes nu til alle tider om pas og kørekort."),
                (
                    210,
                    "learning",
                    "Borgerne læser kun første linje: det, de skal have med, skal stå først.",
                ),
                (170, "result", "Forgæves besøg er faldet fra 12 til 4 % af alle tider."),
                (
                    135,
                    "progress",
                    "SMS-påmindelsen er gjort permanent og gælder nu alle tider i Borgerservice.",
                ),
            ),
            ended=(130,),
        ),
        Idea(
            "Automatisk journalisering af e-mails",
            "trial",
            "tovholder",
            "idea",
            8,
            40,
            "E-mails fra borgere journaliseres automatisk på den rigtige sag ud fra CPR-nummer "
            "og emne.",
            "Vi tror at automatisk journalisering vil føre til en halv time mere om dagen med "
            "borgerne for hver sagsbehandler.",
            (
                (
                    30,
                    "progress",
                    "Leverandøren af sagssystemet har vist, at funktionen findes; "
                    "vi mangler en vurdering af databeskyttelsen.",
                ),
            ),
        ),
        Idea(
            "Oplæsning af Digital Post for borgere med synshandicap",
            "trial",
            "camilla.noergaard",
            "idea",
            None,
            8,
            "Borgerservice hjælper borgere med nedsat syn med at få Digital Post læst op i "
            "telefonen.",
            "Vi tror at oplæsning vil føre til, at færre borgere med synshandicap går glip af "
            "breve fra kommunen.",
        ),
    ],
}

# cluster -> (place, relevant, capacity, room, [(initiative, decision, rationale)])
REVIEWS = {
    "Klyngen for trivsel i skole og fritid": (
        "Stilling Skole, personalerummet",
        "Ja. Forældresamtalerne og de skærmfri frikvarterer virker; fritidspasset bliver ikke "
        "brugt nok endnu.",
        "Stilling Skole bærer to af indsatserne og er presset; vi tager ikke flere ind dér.",
        "Der er plads til familierådgiveren på skolen, når fritidspasset er evalueret.",
        [
            (
                "Tidlig forældresamtale ved bekymrende fravær",
                "continue",
                "Fraværet falder; skriv modellen ned, så andre skoler kan bruge den.",
            ),
            (
                "Foreningsguide i 5. klasse",
                "adjust",
                "Fortsæt, men find ud af, hvorfor nogle familier siger nej til prøvekortet.",
            ),
        ],
    ),
    "Klyngen for hverdagsrehabilitering": (
        "Hjemmeplejen Syd, Ry, mødelokalet",
        "Ja, alle bidrager til missionen; hverdagsrehabiliteringen har den største effekt.",
        "Aftenvagten er presset af skærmbesøgene i opstarten; det letter, når borgerne er vant "
        "til dem.",
        "Der er plads til én ny prøvehandling med frivillige.",
        [
            (
                "Hverdagsrehabilitering før visitation til hjemmehjælp",
                "continue",
                "Flere klarer sig selv; få regnet på, hvad det sparer.",
            ),
            (
                "Skærmbesøg om aftenen",
                "continue",
                "Lovende; løs problemet med mobildækningen, før flere borgere kommer med.",
            ),
        ],
    ),
    "Klyngen for virksomhedspartnerskaber": (
        "Jobcentret, mødelokale Ørnen",
        "Ja, men den fælles virksomhedskonsulent overlapper med erhvervsservice.",
        "Jobcentret bærer de fleste indsatser; hallerne kan tage flere borgere.",
        "Ikke før branchepakken har fundet nye virksomheder.",
        [
            (
                "Virksomhedsmentorer i lokale produktionsvirksomheder",
                "continue",
                "Elleve af fjorten er i job; tag byggebranchen med.",
            ),
            (
                "Walk-and-talk i opfølgningssamtaler",
                "continue",
                "Færre udeblivelser; del guiden til gåturen på Ledertræf.",
            ),
        ],
    ),
    "Klyngen for unge uden uddannelse": (
        "Børne- og Familierådgivningen, mødelokale 3",
        "Ja, de følger de unge fra 9. klasse til 25 år uden huller.",
        "Stilling Skole har mere udvikling, end skolen kan bære; brobygningen skal ikke vokse nu.",
        "Praktikken i kommunens værksteder venter på en praktikvejleder.",
        [
            (
                "Én fast voksen fra 17 til 19 år",
                "continue",
                "Otte af ni i uddannelse eller job; få aftalen med voksenområdet på plads.",
            ),
            (
                "Drop-in for unge i jobcentret om torsdagen",
                "continue",
                "Mange unge kommer; skaf vejlederne adgang til uddannelsesdata.",
            ),
        ],
    ),
    "Klyngen for god modtagelse": (
        "Rådhuset, mødelokale 2",
        "Ja; exitsamtalerne viser, hvor modtagelsen halter.",
        "Mentortimerne i Hjemmeplejen Syd er dyre, men betaler sig i færre opsigelser.",
        "Der er plads til studiejob i dagtilbuddene.",
        [
            (
                "Mentorordning for nye social- og sundhedsassistenter",
                "continue",
                "Ingen opsigelser i prøvetiden; udvid til sygeplejerskerne.",
            ),
            (
                "Selvvalgt mødetid i hjemmeplejen",
                "continue",
                "Sygefraværet falder; lokalaftalen forlænges et år.",
            ),
        ],
    ),
    "Klyngen for digital frisættelse": (
        "Digitalisering og Borgerservice, Adelgade",
        "Ja; talegenkendelsen frigør mest tid.",
        "Licenserne til talegenkendelse skal findes i næste års budget.",
        "Der er plads til automatisk journalisering, når databeskyttelsen er vurderet.",
        [
            (
                "Talegenkendelse til journalnotater",
                "continue",
                "35 minutter om dagen pr. medarbejder; tag Børne- og Familierådgivningen med.",
            ),
            (
                "Chatbot til spørgsmål om sygedagpenge",
                "adjust",
                "Send borgere videre til et menneske, så snart de nævner deres egen sag.",
            ),
        ],
    ),
}

HELD_DAYS_AGO = 32  # the clusters' last reviews, about a month ago
UPCOMING_IN_DAYS = 12  # and the next ones, within the dashboard's coming-reviews window


def load_portfolios(people: dict[str, User]) -> None:
    """Create the demo portfolios, their logbooks and reviews (idempotent)."""
    name, hours = OVER_CAPACITY
    # A school with little room for development work, so the dashboard has a unit over.
    Unit.objects.filter(name=name, capacity_hours__isnull=True).update(capacity_hours=hours)
    clusters = Cluster.objects.filter(name__in=PORTFOLIOS).select_related("mission")
    for number, cluster in enumerate(clusters.order_by("pk")):
        for rank, idea in enumerate(PORTFOLIOS[cluster.name], start=1):
            _initiative(cluster, idea, rank, people)
        if not cluster.reviews.exists():
            _reviews(cluster, number, people)
    _spread(people["kontraktholder"])


def _initiative(cluster: Cluster, idea: Idea, rank: int, people: dict[str, User]) -> None:
    owner = people[idea.owner]
    made = moment(idea.age, 8, 30)
    ended_at = moment(idea.ended[0], 15) if idea.ended else None
    stopped = idea.status == "stopped"
    initiative, created = Initiative.objects.get_or_create(
        cluster=cluster,
        title=idea.title,
        defaults={
            "kind": idea.kind,
            "what": idea.what,
            "hypothesis": idea.hypothesis,
            "owner": owner,
            "unit": owner.unit,
            "created_by": owner,
            "rank": rank,
            "status": idea.status,
            "effort_hours": idea.hours,
            "starts_on": _starts_on(idea),
            "challenges_rules": bool(idea.rule),
            "challenged_rule": idea.rule,
            "partners": idea.partners,
            "status_changed_at": ended_at,
            "stopped_at": ended_at if stopped else None,
            "status_before_stop": "running" if stopped else "",
            "stop_reason": idea.ended[1] if stopped else "",
            "stop_learning": idea.ended[2] if stopped else "",
        },
    )
    if not created:
        return
    initiative.problems.set(cluster.mission.problems.all())
    backdate(initiative, made, by=owner)
    for step, (days_ago, kind, text, *share) in enumerate(idea.log):
        entry = LogEntry.objects.create(
            initiative=initiative,
            author=owner,
            kind=kind,
            text=text,
            share=bool(share),
            created_at=moment(days_ago, 9 + step % 4 * 2, 15),
        )
        backdate(entry, entry.created_at, by=owner)


def _starts_on(idea: Idea):
    """An idea has no start yet, a planned one starts soon, the others a week after
    they were made."""
    if idea.status == "idea":
        return None
    return moment(-14 if idea.status == "planned" else idea.age - 7, 8).date()


def _reviews(cluster: Cluster, number: int, people: dict[str, User]) -> None:
    """A held review about a month ago with its decisions, and the next one coming."""
    place, relevant, capacity, room, decisions = REVIEWS[cluster.name]
    memberships = cluster.memberships.current().filter(person__isnull=False)
    members = [m.person for m in memberships]
    coordinator = next(
        (m.person for m in memberships if m.role == "coordinator"), people["koncernledelse"]
    )
    when = moment(HELD_DAYS_AGO + number, 13)
    held = Review.objects.create(
        cluster=cluster,
        scheduled_at=when,
        place=place,
        created_by=coordinator,
        relevant_answer=relevant,
        capacity_answer=capacity,
        room_answer=room,
    )
    held.participants.set(members)
    for title, decision, rationale in decisions:
        ReviewDecision.objects.create(
            review=held,
            initiative=cluster.initiatives.get(title=title),
            decision=decision,
            rationale=rationale,
            decided_by=coordinator,
        )
    held.close(coordinator)
    # Scheduled three weeks before, decided and closed at the meeting.
    planned, closed = when - dt.timedelta(weeks=3), when.replace(hour=15)
    Review.objects.filter(pk=held.pk).update(created_at=planned, closed_at=closed)
    ReviewDecision.objects.filter(review=held).update(decided_at=when.replace(hour=14))
    history = Review.history.filter(id=held.pk)
    history.filter(history_user=None).update(history_user=coordinator)
    history.update(history_date=closed)
    history.filter(history_type="+").update(history_date=planned)
    decided = ReviewDecision.history.filter(review_id=held.pk)
    decided.filter(history_user=None).update(history_user=coordinator)
    decided.update(history_date=when.replace(hour=14))
    upcoming = Review.schedule(
        cluster,
        moment(-UPCOMING_IN_DAYS - 2 * number, (9, 10, 13, 14)[number % 4]),
        coordinator,
        place=place,
        participants=members,
    )
    sync_review_reminders(upcoming)


# Presented at the held Ledertræf (dialogues.demo_gatherings), then tried at a school.
SPREAD_FROM = "Walk-and-talk i opfølgningssamtaler"
SPREAD_TITLE = "Walk-and-talk med elever med højt fravær"


def _spread(adopter: User) -> None:
    """One initiative that spread: after Ledertræf, the contract holder's school tries
    the jobcentre's walk-and-talk with its pupils ("vi vil også prøve det")."""
    if Initiative.objects.filter(inspired_by__isnull=False).exists():
        return
    home = Cluster.objects.with_member(adopter).order_by("name").first()
    original = Initiative.objects.filter(title=SPREAD_FROM).exclude(cluster=home).first()
    if home is None or original is None:
        return
    adopted = original.adopt(
        adopter,
        home,
        title=SPREAD_TITLE,
        kind=original.kind,
        what="Trivselsvejlederen tager samtalen med elever med højt fravær som en gåtur, "
        "efter inspiration fra jobcentrets opfølgningssamtaler.",
        hypothesis="Vi tror at en samtale side om side vil føre til, at eleverne fortæller, "
        "hvad der holder dem hjemme.",
        problems=original.problems.all(),
    )
    backdate(adopted, moment(10, 9), by=adopter)
    entry = LogEntry.objects.create(
        initiative=adopted,
        author=adopter,
        kind="progress",
        text="Trivselsvejlederen har gået med de første tre elever; to af dem vil gerne gå "
        "igen i næste uge.",
        created_at=moment(3, 14),
    )
    backdate(entry, entry.created_at, by=adopter)
