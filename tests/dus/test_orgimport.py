"""Planning and applying the organisation import (dus/orgimport.py): created, changed
field by field, deactivated; one transaction; twice is once; sessions of people who
leave end."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from dus.models import Source, Unit, User
from dus.orgimport import ImportRefused, apply, plan_file
from tests.dus.orgfiles import PEOPLE, UNITS, org_file
from tests.factories import PASSWORD, make_unit, make_user

pytestmark = pytest.mark.django_db


def counts(plan) -> list[int]:
    return [len(getattr(plan, name)) for name in plan.SECTIONS]


def test_it_creates_the_organisation_and_a_second_run_changes_nothing(staff_member):
    plan = apply(org_file(), staff_member)
    assert counts(plan) == [4, 0, 0, 2, 0, 0]
    admin_schools = Unit.objects.get(external_id="U4")
    assert (admin_schools.name, admin_schools.parent.name) == ("Administration", "Skoler")
    assert Unit.objects.filter(name="Administration").count() == 2
    bo = User.objects.get(external_id="P2")
    assert (bo.first_name, bo.last_name, bo.username) == ("Bo Bech", "Berg", "bo@kommune.dk")
    assert (bo.unit, bo.unit_source, bo.has_usable_password()) == (
        admin_schools,
        Source.ORGANISATION_IMPORT,
        False,
    )
    assert admin_schools.leader == bo
    assert Unit.objects.get(external_id="U1").leader.external_id == "P1"

    again = plan_file(org_file())
    assert again.is_empty and again.problems == []
    assert counts(apply(org_file(), staff_member)) == [0, 0, 0, 0, 0, 0]


def test_it_records_the_history_with_the_acting_person(staff_member):
    apply(org_file(), staff_member)
    record = Unit.history.filter(external_id="U4").latest("history_date")
    assert record.history_user == staff_member
    person = User.history.get(external_id="P1")
    assert (person.history_type, person.history_user) == ("+", staff_member)


def test_it_plans_each_changed_field(staff_member):
    apply(org_file(), staff_member)
    units = ["enhed,U1,Direktionen,Direktion,,bo@kommune.dk,,", *UNITS[1:3]]
    units.append("enhed,U4,Skoleadministration,Kontraktenhed,U1,,,")
    people = ["person,P1,Anne Andersen,,,,anne.a@kommune.dk,U3", PEOPLE[1]]
    plan = plan_file(org_file(units=units, people=people))
    changes = {
        a.external_id: [(c.label, c.before, c.after) for c in a.changes]
        for a in plan.units_changed + plan.people_changed
    }
    assert changes == {
        "U1": [("Leder", "Anne Andersen", "Bo Bech Berg")],
        "U4": [
            ("Navn", "Administration", "Skoleadministration"),
            ("Type", "Stab", "Kontraktenhed"),
            ("Overenhed", "Skoler", "Direktionen"),
            ("Leder", "Bo Bech Berg", "–"),
        ],
        "P1": [
            ("E-mail", "anne@kommune.dk", "anne.a@kommune.dk"),
            ("Enhed", "Direktionen", "Administration"),
        ],
    }
    apply(org_file(units=units, people=people), staff_member)
    assert plan_file(org_file(units=units, people=people)).is_empty


def test_it_links_what_was_made_by_hand_by_name_and_email(staff_member):
    schools = make_unit(name="Skoler", kind=Unit.Kind.SECRETARIAT)
    anne = make_user(username="anne", email="Anne@Kommune.dk", unit=schools)
    plan = plan_file(org_file())
    linked = {a.external_id: a.obj for a in plan.units_changed + plan.people_changed}
    assert linked["U2"] == schools and linked["P1"] == anne
    apply(org_file(), staff_member)
    anne.refresh_from_db()
    assert (anne.external_id, anne.unit.external_id, anne.unit_source) == (
        "P1",
        "U1",
        Source.ORGANISATION_IMPORT,
    )
    assert anne.has_usable_password()  # a break-glass password stays


def test_it_deactivates_what_left_and_ends_their_sessions(client, staff_member):
    apply(org_file(), staff_member)
    manual = make_unit(name="Håndlavet")
    bo = User.objects.get(external_id="P2")
    bo.set_password(PASSWORD)
    bo.save()
    client.post(reverse("login"), {"username": bo.username, "password": PASSWORD})
    assert client.get(reverse("frame:my_settings")).status_code == 200
    assert Session.objects.count() == 1

    smaller = org_file(units=UNITS[:3], people=PEOPLE[:1])
    plan = plan_file(smaller)
    assert [a.external_id for a in plan.units_deactivated] == ["U4"]
    assert [a.external_id for a in plan.people_deactivated] == ["P2"]
    apply(smaller, staff_member)

    assert Session.objects.count() == 0
    response = client.get(reverse("frame:my_settings"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    refused = client.post(reverse("login"), {"username": bo.username, "password": PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    bo.refresh_from_db()
    assert not bo.is_active and bo.unit.external_id == "U4"  # kept on the record
    assert not Unit.objects.get(external_id="U4").is_active
    assert Unit.objects.get(pk=manual.pk).is_active  # never imported: left alone
    assert Unit.objects.active().filter(external_id="U4").count() == 0

    back = apply(org_file(), staff_member)
    assert [a.external_id for a in back.people_changed] == ["P2"]
    bo.refresh_from_db()
    assert bo.is_active


def test_it_ends_only_the_sessions_of_those_deactivated(client, staff_member):
    apply(org_file(), staff_member)
    client.force_login(User.objects.get(external_id="P1"))
    units = [*UNITS[:3], "enhed,U4,Administration,Stab,U2,,,"]
    apply(org_file(units=units, people=PEOPLE[:1]), staff_member)
    assert Session.objects.count() == 1
    assert client.get(reverse("frame:my_settings")).status_code == 200


def test_it_refuses_a_plan_that_changed_since_the_preview(staff_member):
    fingerprint = plan_file(org_file()).fingerprint
    make_unit(name="Skoler", kind=Unit.Kind.STAFF)  # someone adds a unit meanwhile
    with pytest.raises(ImportRefused) as refused:
        apply(org_file(), staff_member, fingerprint)
    assert "ændret siden forhåndsvisningen" in refused.value.message
    assert not Unit.objects.exclude(external_id=None).exists()
    apply(org_file(), staff_member, refused.value.plan.fingerprint)
    assert Unit.objects.exclude(external_id=None).count() == 4


def test_it_refuses_a_leader_nobody_has_and_names_taken_under_one_parent(staff_member):
    make_unit(name="Direktionen", kind=Unit.Kind.DIRECTION)
    make_unit(name="Direktionen", kind=Unit.Kind.DIRECTION, is_active=False)
    units = [*UNITS, "enhed,U5,Skoler,Stab,U1,ukendt@kommune.dk,,"]
    plan = plan_file(org_file(units=units))
    assert [str(p) for p in plan.problems] == [
        "Linje 6: Ingen person i filen eller i portalen har lederens e-mail ukendt@kommune.dk.",
        "Linje 6: Overenheden har allerede en enhed ved navn »Skoler«: linje 3.",
    ]
    with pytest.raises(ImportRefused):
        apply(org_file(units=units), staff_member)
    assert not Unit.objects.exclude(external_id=None).exists()


def test_it_takes_a_leader_from_the_portal_who_is_not_in_the_file(staff_member, director):
    director.email = "lone@kommune.dk"
    director.save()
    units = ["enhed,U1,Direktionen,Direktion,,lone@kommune.dk,,", *UNITS[1:]]
    apply(org_file(units=units), staff_member)
    assert Unit.objects.get(external_id="U1").leader == director
    director.refresh_from_db()
    assert director.external_id is None  # not the import's to deactivate


def test_inactive_units_drop_out_of_the_pickers(contract_holder):
    from dialogues.forms import DialogueForm
    from portfolio.forms import InitiativeForm
    from tests.factories import make_initiative

    gone = make_unit(name="Nedlagt", is_active=False)
    initiative = make_initiative(owner=contract_holder, unit=gone)
    assert gone not in InitiativeForm(user=contract_holder).fields["unit"].queryset
    assert gone in InitiativeForm(user=contract_holder, instance=initiative).fields["unit"].queryset
    assert gone.pk not in dict(DialogueForm().fields["unit"].widget.choices)


def test_an_inactive_unit_without_dialogues_leaves_the_dialogue_list(client, group_manager):
    make_unit(name="Nedlagt skole", is_active=False)
    make_unit(name="Ny skole")
    client.force_login(group_manager)
    page = client.get(reverse("dialogues:dialogue_list")).content.decode()
    assert "Ny skole" in page and "Nedlagt skole" not in page


def test_a_unit_set_in_the_admin_is_set_by_hand(client, director, staff_member):
    apply(org_file(), staff_member)
    bo = User.objects.get(external_id="P2")
    director.is_staff = director.is_superuser = True
    director.save()
    client.force_login(director)
    url = reverse("admin:dus_user_change", args=[bo.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "groups"}
    data.update(unit=Unit.objects.get(external_id="U1").pk)
    data.update(date_joined_0="2026-01-01", date_joined_1="10:00")
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    bo.refresh_from_db()
    assert (bo.unit.external_id, bo.unit_source) == ("U1", Source.ADMIN)
    assert User.history.filter(id=bo.pk).latest("history_date").history_user == director


def test_the_fingerprint_tells_apart_files_that_create_different_things():
    renamed = org_file(units=[*UNITS[:3], "enhed,U4,Skolekontor,Stab,U2,bo@kommune.dk,,"])
    assert plan_file(org_file()).fingerprint != plan_file(renamed).fingerprint
    assert plan_file(org_file()).fingerprint == plan_file(org_file(sep=";")).fingerprint
