"""What `manage.py load_demo` loads, and that loading it again changes nothing.

The demo is loaded once for this module (loading it takes most of a second), in the
module's transaction (`module_transaction` in tests/conftest.py).
"""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory

from dus.models import Role, Unit, User

pytestmark = pytest.mark.django_db

DEMO_USERS = ["direktion", "koncernledelse", "kontraktholder", "tovholder", "stab"]


@pytest.fixture(scope="module", autouse=True)
def demo(module_transaction):
    """The demo, loaded with --force as DEBUG is off in tests (which is what --force is for)."""
    call_command("load_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115


def _snapshot() -> dict:
    """Every row of every table the demo touches."""
    tables = ["dus_user", "dus_unit", "dus_user_groups", "auth_group", "dus_historicalunit"]
    snapshot = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")
            snapshot[table] = cursor.fetchall()
    return snapshot


def test_it_loads_when_forced_without_debug():
    assert User.objects.filter(username="kontraktholder").exists()


def test_it_creates_the_demo_users_with_password_demo():
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
    first = _snapshot()
    call_command("load_demo")
    assert _snapshot() == first


def test_it_loads_demo_missions_with_clusters_and_external_actors():
    from missions.models import Cluster, Mission

    for track_number in (1, 2):
        assert Mission.objects.filter(track__number=track_number).count() >= 2
    assert Cluster.objects.filter(memberships__actor__isnull=False).exists()
    tovholder = User.objects.get(username="tovholder")
    assert Cluster.objects.filter(
        memberships__person=tovholder, memberships__role="coordinator"
    ).exists()
