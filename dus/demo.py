"""Demo organisation and users, for trying the portal (`manage.py load_demo`).

Everything here is made up, but shaped like Skanderborg Kommune: a direction,
staff units, secretariats and contract units with their leaders. Loading is
idempotent: rows are found by a natural key and only created or corrected.
"""

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from dus.models import Role, Unit, User

DEMO_PASSWORD = "demo"

# (name, kind, parent name)
UNITS = [
    ("Direktionen", Unit.Kind.DIRECTION, None),
    ("Økonomi og Styring", Unit.Kind.STAFF, "Direktionen"),
    ("HR og Udvikling", Unit.Kind.STAFF, "Direktionen"),
    ("Digitalisering og Borgerservice", Unit.Kind.STAFF, "Direktionen"),
    ("Fagsekretariat Børn og Unge", Unit.Kind.SECRETARIAT, "Direktionen"),
    ("Fagsekretariat Sundhed og Omsorg", Unit.Kind.SECRETARIAT, "Direktionen"),
    ("Fagsekretariat Plan, Miljø og Kultur", Unit.Kind.SECRETARIAT, "Direktionen"),
    ("Stilling Skole", Unit.Kind.CONTRACT_UNIT, "Fagsekretariat Børn og Unge"),
    ("Dagtilbud Skanderborg Midt", Unit.Kind.CONTRACT_UNIT, "Fagsekretariat Børn og Unge"),
    ("Børne- og Familierådgivningen", Unit.Kind.CONTRACT_UNIT, "Fagsekretariat Børn og Unge"),
    ("Hjemmeplejen Syd", Unit.Kind.CONTRACT_UNIT, "Fagsekretariat Sundhed og Omsorg"),
    ("Jobcenter Skanderborg", Unit.Kind.CONTRACT_UNIT, "Fagsekretariat Sundhed og Omsorg"),
    ("Kultur og Fritid", Unit.Kind.CONTRACT_UNIT, "Fagsekretariat Plan, Miljø og Kultur"),
]

# (username, first, last, job title, unit, roles, leads unit, can sign in)
PEOPLE = [
    ("direktion", "Lone", "Birk", "Kommunaldirektør", "Direktionen", [Role.DIRECTION], True, True),
    (
        "koncernledelse",
        "Søren",
        "Kjær",
        "Fagchef for Børn og Unge",
        "Fagsekretariat Børn og Unge",
        [Role.GROUP_MANAGEMENT],
        True,
        True,
    ),
    (
        "kontraktholder",
        "Maja",
        "Lund",
        "Skoleleder",
        "Stilling Skole",
        [Role.CONTRACT_HOLDER],
        True,
        True,
    ),
    (
        "tovholder",
        "Jonas",
        "Ravn",
        "Jobcenterchef",
        "Jobcenter Skanderborg",
        [Role.CONTRACT_HOLDER],
        True,
        True,
    ),
    ("stab", "Ida", "Friis", "Udviklingskonsulent", "HR og Udvikling", [Role.STAFF], False, True),
    # Leaders who are part of the organisation but have no demo sign-in.
    (
        "hanne.moeller",
        "Hanne",
        "Møller",
        "Økonomichef",
        "Økonomi og Styring",
        [Role.GROUP_MANAGEMENT],
        True,
        False,
    ),
    (
        "peter.dam",
        "Peter",
        "Dam",
        "HR-chef",
        "HR og Udvikling",
        [Role.GROUP_MANAGEMENT],
        True,
        False,
    ),
    (
        "camilla.noergaard",
        "Camilla",
        "Nørgaard",
        "Chef for Digitalisering og Borgerservice",
        "Digitalisering og Borgerservice",
        [Role.STAFF],
        True,
        False,
    ),
    (
        "rasmus.vinther",
        "Rasmus",
        "Vinther",
        "Fagchef for Sundhed og Omsorg",
        "Fagsekretariat Sundhed og Omsorg",
        [Role.GROUP_MANAGEMENT],
        True,
        False,
    ),
    (
        "karen.holst",
        "Karen",
        "Holst",
        "Fagchef for Plan, Miljø og Kultur",
        "Fagsekretariat Plan, Miljø og Kultur",
        [Role.GROUP_MANAGEMENT],
        True,
        False,
    ),
    (
        "sofie.bach",
        "Sofie",
        "Bach",
        "Dagtilbudsleder",
        "Dagtilbud Skanderborg Midt",
        [Role.CONTRACT_HOLDER],
        True,
        False,
    ),
    (
        "mikkel.storm",
        "Mikkel",
        "Storm",
        "Afdelingsleder",
        "Børne- og Familierådgivningen",
        [Role.CONTRACT_HOLDER],
        True,
        False,
    ),
    (
        "birgitte.hald",
        "Birgitte",
        "Hald",
        "Leder af Hjemmeplejen Syd",
        "Hjemmeplejen Syd",
        [Role.CONTRACT_HOLDER],
        True,
        False,
    ),
    (
        "anders.krog",
        "Anders",
        "Krog",
        "Kultur- og fritidschef",
        "Kultur og Fritid",
        [Role.CONTRACT_HOLDER],
        True,
        False,
    ),
]


def load_organisation() -> dict[str, User]:
    """Create or correct the demo units and people; return the people by user name."""
    units: dict[str, Unit] = {}
    for name, kind, parent in UNITS:
        unit, _ = Unit.objects.get_or_create(name=name, defaults={"kind": kind})
        _correct(unit, kind=kind, parent=units.get(parent) if parent else None)
        units[name] = unit

    groups = {role: Group.objects.get_or_create(name=role)[0] for role in Role.values}
    people: dict[str, User] = {}
    hashed = None  # the demo password hashed once for all (a hash takes most of a second)
    for username, first, last, title, unit_name, roles, leads, can_sign_in in PEOPLE:
        unit = units[unit_name]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username)
            if can_sign_in:
                hashed = hashed or make_password(DEMO_PASSWORD)
                user.password = hashed
            else:
                user.set_unusable_password()
        _correct(
            user,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.skanderborg.dk",
            job_title=title,
            unit=unit,
            is_staff=username == "direktion",
            is_superuser=username == "direktion",
        )
        user.groups.set([groups[role] for role in roles])
        if leads:
            _correct(unit, leader=user)
        people[username] = user
    return people


def _correct(obj, **values) -> None:
    """Set the values that differ and save only then, so a second load changes nothing."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed or obj.pk is None:
        obj.save()


def moment(days_ago: int, hour: int, minute: int = 0) -> dt.datetime:
    """That many days before today (after it, if negative) in Copenhagen, at the hour:
    a weekend day moves back to Friday, as the demo's work happens on weekdays."""
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    day -= dt.timedelta(days=max(0, day.weekday() - 4))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def backdate(obj, when: dt.datetime, field: str = "created_at", by: User | None = None) -> None:
    """Give a row just made by the demo the time it was made in the demo's story, in the
    row and in its history (when it keeps one, with who made it), touching nothing else."""
    model = type(obj)
    model.objects.filter(pk=obj.pk).update(**{field: when})
    setattr(obj, field, when)
    history = getattr(model, "history", None)
    if history is not None:
        who = {"history_user": by} if by is not None else {}
        history.filter(**{model._meta.pk.attname: obj.pk}).update(history_date=when, **who)
