"""A person's roles on "Mine indstillinger", each with where it comes from; and how the
identity provider's roles are kept apart from those set by hand."""

import pytest
from django.urls import reverse

from dus.models import Role, Source
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_it_shows_each_role_with_where_it_comes_from(client):
    person = make_user(Role.CONTRACT_HOLDER)
    person.set_idp_roles([Role.GROUP_MANAGEMENT])
    client.force_login(person)
    page = client.get(reverse("frame:my_settings")).content.decode()
    assert "Dine roller" in page
    assert '<th scope="row">Koncernledelse</th><td>Identitetsudbyderens grupper</td>' in page
    assert '<th scope="row">Kontraktholder</th><td>Sat manuelt i administrationen</td>' in page


def test_it_says_so_when_the_person_has_no_role(client):
    client.force_login(make_user())
    page = client.get(reverse("frame:my_settings")).content.decode()
    assert "Du har ingen rolle i portalen" in page


def test_it_keeps_the_roles_from_the_groups_apart_from_those_set_by_hand():
    person = make_user(Role.STAFF)
    person.set_idp_roles([Role.STAFF, Role.DIRECTION, "not-a-role"])
    assert person.role_sources() == [
        (Role.DIRECTION.label, Source.IDENTITY_PROVIDER.label),
        (Role.STAFF.label, Source.ADMIN.label),
    ]
    person.set_idp_roles([])
    assert person.role_names == {Role.STAFF}
    assert person.idp_roles == []
