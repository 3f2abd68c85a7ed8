"""Seed DUS 2024-25 from the document (shared/seed/DUS-2024-25.txt), in Danish,
word for word where the document names things."""

import datetime

from django.db import migrations

PLAN = {
    "title": "DUS 2024-25",
    "slug": "dus-2024-25",
    "vision": "Mennesker møder mennesker i Danmarks smukkeste kommune",
    "summary": (
        "DUS sætter retning for udvikling af ledelse og organisation i Skanderborg Kommune, "
        "så vi sammen lykkes med at lede og løse de opgaver, som rammesættes af Byrådets "
        "visioner og ambitioner, der er udtrykt i Udviklingspolitikken, øvrige politikker "
        "og budgetaftaler."
    ),
    "starts_on": datetime.date(2024, 1, 1),
    "ends_on": datetime.date(2025, 12, 31),
}

STRATEGY_TRACKS = [
    (1, "Balanceret vækst – Bæredygtig udvikling", "balanceret-vaekst-baeredygtig-udvikling"),
    (2, "En kommune hvor alle er med", "en-kommune-hvor-alle-er-med"),
    (3, "Det gode liv i fællesskabet", "det-gode-liv-i-faellesskabet"),
    (4, "Grøn Skanderborg", "groen-skanderborg"),
]
STRATEGY_TRACK_DESCRIPTION = "Strategispor i Byrådets Udviklingspolitik."

TRACKS = [
    (
        1,
        "Fælles ansvar for en bæredygtig velfærd",
        "spor-1",
        "Vi skal finde nye svar på, hvordan vi løser velfærdsopgaverne og skaber værdi. "
        "Det skal vi gøre i fællesskab – på tværs af kontraktenheder, fagsekretariater og "
        "stabe – og vi skal inddrage borgere, foreninger, virksomheder og andre aktører i "
        "arbejdet. Udviklingsarbejdet skal bidrage til, at vi, indenfor og til kanten af de "
        "økonomiske og myndighedsmæssige rammer, har mod til at handle anderledes og sætte "
        "prøvehandlinger i gang.",
    ),
    (
        2,
        "Fremtidens attraktive arbejdsfællesskab",
        "spor-2",
        "Borgerne er afhængige af, at vi har dygtige medarbejdere i Skanderborg Kommune. Vi "
        "kan ikke levere velfærd og indfri Byrådets ambitioner uden engagerede mennesker, der "
        "løser opgaver hver dag med både hjerne, hjerte og hænder. Derfor er det vigtigt, at "
        "Skanderborg Kommune er et attraktivt arbejdsfællesskab. Vi skal gøre os umage med at "
        "udvikle arbejdsfællesskaber, der motiverer, engagerer og inkluderer mennesker, og som "
        "er bæredygtige ved, at vi får løst de forskellige ressourcemæssige udfordringer "
        "gennem nye løsninger, ny teknologi mv.",
    ),
]

# (number, title, slug, description, addressed elsewhere, note)
PROBLEMS = [
    (
        1,
        "Et klima i krise",
        "et-klima-i-krise",
        "",
        True,
        "Byrådet har vedtaget en ambitiøs og detaljeret handleplan for indsatser på klimaområdet.",
    ),
    (
        2,
        "Ubalanceret demografisk vækst",
        "ubalanceret-demografisk-vaekst",
        "",
        True,
        "Arbejdes der blandt andet med via det strategiske planarbejde, om end problemet også er "
        "sammenfiltret med flere af de andre svære problemer.",
    ),
    (
        3,
        "Mangel på arbejdskraft",
        "mangel-paa-arbejdskraft",
        "Mangel på arbejdskraft er et fælles svært problem, der vil vokse i de kommende år - et "
        "problem, som i sig selv forudsætter, at vi udvikler nye metoder i arbejdet.",
        False,
        "",
    ),
    (4, "Ulighed og negativ social arv", "ulighed-og-negativ-social-arv", "", False, ""),
    (
        5,
        "Høje forventninger fra borgerne",
        "hoeje-forventninger-fra-borgerne",
        "Gabet mellem den velfærd og service, vi som kommune har ressourcer til at levere, og de "
        "forventninger, som borgerne har til os, vokser.",
        False,
        "",
    ),
    (
        6,
        "Pres på det specialiserede socialområde",
        "pres-paa-det-specialiserede-socialomraade",
        "",
        False,
        "",
    ),
    (
        7,
        "Øget mistrivsel og ny udsathed",
        "oeget-mistrivsel-og-ny-udsathed",
        "I dag er der områder, hvor fælles svære problemer står i vejen for at skabe den ønskede "
        "virkning for borgeren. Et eksempel er børn og unges trivsel.",
        False,
        "",
    ),
]
PROBLEM_INTRO = (
    "Koncernledelsen har identificeret de syv største problemer, som er sammenhængende, og "
    "som ikke kan løses med det, vi allerede gør."
)


def seed(apps, schema_editor):
    Plan = apps.get_model("dus", "Plan")
    StrategyTrack = apps.get_model("dus", "StrategyTrack")
    Track = apps.get_model("dus", "Track")
    HardProblem = apps.get_model("dus", "HardProblem")

    plan, _ = Plan.objects.update_or_create(slug=PLAN["slug"], defaults=PLAN)
    for number, title, slug in STRATEGY_TRACKS:
        StrategyTrack.objects.update_or_create(
            plan=plan,
            number=number,
            defaults={"title": title, "slug": slug, "description": STRATEGY_TRACK_DESCRIPTION},
        )
    for number, title, slug, description in TRACKS:
        Track.objects.update_or_create(
            plan=plan,
            number=number,
            defaults={"title": title, "slug": slug, "description": description},
        )
    for number, title, slug, description, elsewhere, note in PROBLEMS:
        HardProblem.objects.update_or_create(
            plan=plan,
            number=number,
            defaults={
                "title": title,
                "slug": slug,
                "description": description or PROBLEM_INTRO,
                "addressed_elsewhere": elsewhere,
                "elsewhere_note": note,
            },
        )


def unseed(apps, schema_editor):
    Plan = apps.get_model("dus", "Plan")
    plan = Plan.objects.filter(slug=PLAN["slug"]).first()
    if plan is not None:
        for model in ("StrategyTrack", "Track", "HardProblem"):
            apps.get_model("dus", model).objects.filter(plan=plan).delete()
        plan.delete()


class Migration(migrations.Migration):
    dependencies = [("dus", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
