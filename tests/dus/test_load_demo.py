"""`manage.py load_demo`: idempotent, and refused on production settings."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory

from dus.models import Role, Unit, User

pytestmark = pytest.mark.django_db

DEMO_USERS = ["direktion", "koncernledelse", "kontraktholder", "tovholder", "stab"]


def _snapshot() -> dict:
    """Every row of every table the demo touches."""
    tables = ["dus_user", "dus_unit", "dus_user_groups", "auth_group", "dus_historicalunit"]
    snapshot = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")
            snapshot[table] = cursor.fetchall()
    return snapshot


def test_it_creates_the_demo_users_with_password_demo(settings):
    settings.DEBUG = True
    call_command("load_demo")
    # django-axes counts sign-ins per request: authenticate is given one, as the sign-in page does.
    request = RequestFactory().post("/log-ind/")
    for username in DEMO_USERS:
        assert authenticate(request, username=username, password="demo") is not None, username
    assert User.objects.get(username="koncernledelse").has_role(Role.GROUP_MANAGEMENT)
    assert User.objects.get(username="direktion").has_role(Role.DIRECTION)
    assert User.objects.get(username="stab").has_role(Role.STAFF)
    kinds = set(Unit.objects.values_list("kind", flat=True))
    assert kinds == set(Unit.Kind.values)
    assert Unit.objects.filter(kind=Unit.Kind.CONTRACT_UNIT, leader__isnull=False).count() >= 5


def test_it_changes_nothing_the_second_time(settings):
    settings.DEBUG = True
    call_command("load_demo")
    first = _snapshot()
    call_command("load_demo")
    assert _snapshot() == first


def test_it_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not User.objects.exists()
    call_command("load_demo", force=True)
    assert User.objects.filter(username="kontraktholder").exists()


def test_it_loads_only_into_a_new_database_with_if_new(settings, contract_holder):
    settings.DEBUG = True
    call_command("load_demo", if_new=True)
    assert not User.objects.filter(username="kontraktholder").exists()


def test_it_gives_each_role_its_permissions():
    from django.contrib.auth.models import Group

    from dus.roles import ROLE_PERMISSIONS

    for role, codenames in ROLE_PERMISSIONS.items():
        granted = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
        assert granted == set(codenames), role
    assert "add_mission" in ROLE_PERMISSIONS[Role.GROUP_MANAGEMENT]
    assert "add_mission" not in ROLE_PERMISSIONS[Role.CONTRACT_HOLDER]


def test_it_loads_demo_missions_with_clusters_and_external_actors(settings):
    from missions.models import Cluster, Mission

    settings.DEBUG = True
    call_command("load_demo")
    for track_number in (1, 2):
        assert Mission.objects.filter(track__number=track_number).count() >= 2
    assert Cluster.objects.filter(memberships__actor__isnull=False).exists()
    tovholder = User.objects.get(username="tovholder")
    assert Cluster.objects.filter(
        memberships__person=tovholder, memberships__role="coordinator"
    ).exists()
