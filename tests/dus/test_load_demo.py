"""`manage.py load_demo`: refused on production settings, and only into a new database when
asked. What the demo contains, and how fast it loads, loaded once for all those tests, is
in test_demo_data.py."""

import pytest
from django.core.management import CommandError, call_command

from dus.models import Role, User

pytestmark = pytest.mark.django_db


def test_it_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not User.objects.exists()


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
