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
