"""Small factories for tests: plain functions with defaults the caller may override."""

import itertools

from django.contrib.auth.models import Group

from dus.models import Role, Unit, User

_counter = itertools.count(1)
PASSWORD = "demo-test-password"


def make_unit(**kwargs) -> Unit:
    kwargs.setdefault("name", f"Enhed {next(_counter)}")
    kwargs.setdefault("kind", Unit.Kind.CONTRACT_UNIT)
    return Unit.objects.create(**kwargs)


def capacity_data(values: dict, **extra) -> dict:
    """The dashboard's capacity form as a browser sends it: `values` maps a unit (or
    whatever is sent as its id) to what was typed."""
    data = {"cap-TOTAL_FORMS": len(values), "cap-INITIAL_FORMS": len(values), **extra}
    for i, (unit, value) in enumerate(values.items()):
        data[f"cap-{i}-id"] = getattr(unit, "pk", unit)
        data[f"cap-{i}-capacity_hours"] = value
    return data


def make_user(*roles: str, **kwargs) -> User:
    """A user with the given roles (Role values) who can sign in with PASSWORD."""
    n = next(_counter)
    kwargs.setdefault("username", f"person{n}")
    kwargs.setdefault("first_name", "Person")
    kwargs.setdefault("last_name", f"Nummer {n}")
    kwargs.setdefault("email", f"{kwargs['username']}@example.dk")
    user = User(**kwargs)
    user.set_password(PASSWORD)
    user.save()
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=Role(role).value)[0])
    return user


def make_contract_holder() -> User:
    """Maja Lund, contract holder and leader of Stilling Skole: the `contract_holder` fixture."""
    unit = make_unit(name="Stilling Skole")
    user = make_user(
        Role.CONTRACT_HOLDER, username="maja", first_name="Maja", last_name="Lund", unit=unit
    )
    unit.leader = user
    unit.save()
    return user


def make_group_manager() -> User:
    """Søren Kjær of Fagsekretariat Børn og Unge: the `group_manager` fixture."""
    unit = make_unit(name="Fagsekretariat Børn og Unge", kind=Unit.Kind.SECRETARIAT)
    return make_user(
        Role.GROUP_MANAGEMENT, username="soeren", first_name="Søren", last_name="Kjær", unit=unit
    )


def make_mission(**kwargs):
    from dus.models import HardProblem, Track
    from missions.models import Mission

    problems = kwargs.pop("problems", None)
    kwargs.setdefault("track", Track.objects.get(number=1))
    kwargs.setdefault("title", f"Mission {next(_counter)}")
    kwargs.setdefault("statement", "Vi vil noget sammen.")
    kwargs.setdefault("ambition", "Det kan ses på borgerne.")
    kwargs.setdefault("status", Mission.Status.ACTIVE)
    mission = Mission.objects.create(**kwargs)
    mission.problems.add(*(problems or HardProblem.objects.filter(number=7)))
    return mission


def make_cluster(mission=None, coordinators=(), members=(), **kwargs):
    from missions.models import Cluster, Membership

    kwargs.setdefault("name", f"Klynge {next(_counter)}")
    kwargs.setdefault("purpose", "At afprøve noget nyt.")
    cluster = Cluster.objects.create(mission=mission or make_mission(), **kwargs)
    for person in coordinators:
        Membership.objects.create(cluster=cluster, person=person, role="coordinator")
    for person in members:
        Membership.objects.create(cluster=cluster, person=person, role="member")
    return cluster


def make_initiative(cluster=None, owner=None, **kwargs):
    from portfolio.models import Initiative

    owner = owner or make_user()
    cluster = cluster or make_cluster()
    kwargs.setdefault("title", f"Prøvehandling {next(_counter)}")
    kwargs.setdefault("what", "Vi prøver noget nyt.")
    kwargs.setdefault("hypothesis", "Vi tror at det virker.")
    kwargs.setdefault("created_by", owner)
    kwargs.setdefault("rank", Initiative.objects.filter(cluster=cluster).count() + 1)
    return Initiative.objects.create(cluster=cluster, owner=owner, **kwargs)


def make_initiatives(cluster, n: int, owner=None, title="Indsats", **kwargs) -> list:
    """`n` initiatives at once (bulk_create), ranked 1..n and titled "<title> 0001" and so
    on, running unless told; returned in rank order."""
    from portfolio.models import Initiative

    owner = owner or make_user()
    kwargs.setdefault("status", "running")
    made = Initiative.objects.bulk_create(
        Initiative(
            cluster=cluster,
            owner=owner,
            created_by=owner,
            title=f"{title} {rank:04}",
            what="w",
            hypothesis="h",
            rank=rank,
            **kwargs,
        )
        for rank in range(1, n + 1)
    )
    return list(Initiative.objects.filter(pk__in=[i.pk for i in made]).order_by("rank"))


def make_entry(initiative, author=None, **kwargs):
    from portfolio.models import LogEntry

    kwargs.setdefault("text", "Det gik godt.")
    return LogEntry.objects.create(
        initiative=initiative, author=author or initiative.owner, **kwargs
    )


def make_dialogue(unit=None, **kwargs):
    """A scheduled contract-holder dialogue in a week, for a new contract unit led by
    its contract holder unless given; director and head of department made if not given."""
    import datetime as dt

    from django.utils import timezone

    from dialogues.models import Dialogue

    unit = unit or make_unit()
    if "contract_holder" not in kwargs:
        kwargs["contract_holder"] = unit.leader or make_user(Role.CONTRACT_HOLDER, unit=unit)
    kwargs.setdefault("director", make_user(Role.DIRECTION))
    kwargs.setdefault("head_of_department", make_user(Role.GROUP_MANAGEMENT))
    kwargs.setdefault("scheduled_at", timezone.now() + dt.timedelta(days=7))
    kwargs.setdefault("place", "Rådhuset, mødelokale 2")
    kwargs.setdefault("created_by", kwargs["head_of_department"])
    return Dialogue.objects.create(unit=unit, **kwargs)


def make_gathering(created_by=None, **kwargs):
    import datetime as dt

    from dialogues.models import Gathering

    kwargs.setdefault("title", f"Ledertræf {next(_counter)}")
    kwargs.setdefault("date", dt.date(2026, 3, 12))
    kwargs.setdefault("starts_at", dt.time(13, 0))
    kwargs.setdefault("ends_at", dt.time(16, 0))
    kwargs.setdefault("place", "Rådhuset, byrådssalen")
    return Gathering.objects.create(created_by=created_by or make_user(), **kwargs)
