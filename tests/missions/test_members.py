"""Managing a cluster's members in place: search, add, role, remove, anonymise."""

import json
import operator
from functools import reduce

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from missions.models import Actor
from tests.factories import make_cluster, make_unit, make_user

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def cluster(coordinator):
    return make_cluster(name="Trivselsklyngen", coordinators=[coordinator])


def _url(name, cluster, membership=None):
    args = [cluster.pk] if membership is None else [cluster.pk, membership.pk]
    return reverse(f"missions:{name}", args=args)


# Searching for colleagues


def test_it_finds_colleagues_by_name_but_not_members(client, cluster, coordinator, contract_holder):
    make_user(first_name="Maja", last_name="Holm")
    client.force_login(coordinator)
    page = client.get(cluster.get_absolute_url(), {"q": "maja"}).content.decode()
    assert "Maja Lund" in page and "Maja Holm" in page
    assert page.count('name="person"') == 2
    page = client.get(cluster.get_absolute_url(), {"q": "maja lund"}).content.decode()
    assert page.count('name="person"') == 1
    page = client.get(cluster.get_absolute_url(), {"q": "jonas"}).content.decode()
    assert "Ingen kollega" in page  # the coordinator is already a member


def test_it_answers_a_search_by_htmx_with_the_results_only(
    client, cluster, coordinator, contract_holder
):
    client.force_login(coordinator)
    response = client.get(
        cluster.get_absolute_url(),
        {"q": "lund"},
        headers={**HTMX, "HX-Target": "member-search-results"},
    )
    page = response.content.decode()
    assert "<html" not in page
    assert "Maja Lund" in page
    assert len(response.content) < 10_000


@pytest.mark.parametrize(
    "query", ["x" * 10_000, "<script>alert(1)</script>", "'; DROP TABLE dus_user; --"]
)
def test_it_survives_odd_searches_and_escapes_them(client, cluster, coordinator, query):
    client.force_login(coordinator)
    response = client.get(cluster.get_absolute_url(), {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_it_offers_no_member_controls_to_a_reader(client, cluster, contract_holder):
    client.force_login(contract_holder)
    page = client.get(cluster.get_absolute_url(), {"q": "jonas"}).content.decode()
    assert 'name="person"' not in page
    assert _url("member_add", cluster) not in page
    assert "Tilføj en ekstern aktør" not in page


# Adding a colleague


def test_it_adds_a_colleague(client, cluster, coordinator, contract_holder):
    client.force_login(coordinator)
    response = client.post(
        _url("member_add", cluster), {"person": contract_holder.pk, "role": "member"}
    )
    assert response.status_code == 302
    assert response["Location"] == cluster.get_absolute_url() + "#members"
    assert cluster.memberships.current().filter(person=contract_holder, role="member").exists()


def test_it_answers_htmx_with_the_members_section_and_an_announcement(
    client, cluster, coordinator, contract_holder
):
    client.force_login(coordinator)
    response = client.post(
        _url("member_add", cluster), {"person": contract_holder.pk, "role": "member"}, headers=HTMX
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="members"')
    assert "Maja Lund er tilføjet som medlem." in page
    assert "dus:announce" in response["HX-Trigger"]
    assert "autofocus" in page  # back to the search field for the next one
    assert 'id="history"' in page and 'hx-swap-oob="true"' in page
    assert "Maja Lund tilføjet som medlem" in page


def test_it_renders_the_out_of_band_history_from_the_cluster_page(
    client, cluster, coordinator, contract_holder
):
    client.force_login(coordinator)
    response = client.post(
        _url("member_add", cluster), {"person": contract_holder.pk, "role": "member"}, headers=HTMX
    )
    rendered = {(t.origin.template_name, t.name) for t in response.templates}
    assert ("missions/cluster_detail.html", "members_changed") in rendered
    page = response.content.decode()
    history = page[page.index('<section id="history"') :]
    assert history.count("<section") == 1 and history.rstrip().endswith("</section>")


def test_it_refuses_a_person_added_twice(client, cluster, coordinator):
    client.force_login(coordinator)
    response = client.post(
        _url("member_add", cluster), {"person": coordinator.pk, "role": "member"}
    )
    assert response.status_code == 200
    assert "Jonas Ravn er allerede medlem af klyngen." in response.content.decode()
    assert cluster.memberships.count() == 1


def test_it_refuses_an_unknown_person(client, cluster, coordinator):
    client.force_login(coordinator)
    response = client.post(_url("member_add", cluster), {"person": 99999, "role": "member"})
    assert "Vælg en kollega fra søgeresultatet." in response.content.decode()
    assert cluster.memberships.count() == 1


@pytest.mark.parametrize("person", ["contract_holder", "staff_member"])
def test_it_refuses_member_changes_to_readers(client, cluster, request, person):
    reader = request.getfixturevalue(person)
    client.force_login(reader)
    membership = cluster.memberships.get()
    assert (
        client.post(
            _url("member_add", cluster), {"person": reader.pk, "role": "member"}
        ).status_code
        == 403
    )
    assert client.post(_url("actor_add", cluster), {"actor-name": "X"}).status_code == 403
    assert (
        client.post(_url("member_role", cluster, membership), {"role": "member"}).status_code == 403
    )
    assert client.post(_url("member_remove", cluster, membership)).status_code == 403
    assert cluster.memberships.current().count() == 1


def test_it_refuses_get_on_member_actions(client, cluster, coordinator):
    client.force_login(coordinator)
    membership = cluster.memberships.get()
    for url in [
        _url("member_add", cluster),
        _url("actor_add", cluster),
        _url("member_role", cluster, membership),
        _url("member_remove", cluster, membership),
        _url("actor_anonymise", cluster, membership),
    ]:
        assert client.get(url).status_code == 405, url


def test_it_lets_group_management_manage_any_cluster(
    client, cluster, group_manager, contract_holder
):
    client.force_login(group_manager)
    client.post(_url("member_add", cluster), {"person": contract_holder.pk, "role": "sponsor"})
    assert cluster.memberships.current().filter(person=contract_holder, role="sponsor").exists()


# External actors


def test_it_adds_an_external_actor(client, cluster, coordinator):
    client.force_login(coordinator)
    response = client.post(
        _url("actor_add", cluster),
        {
            "actor-name": "Anne Borg",
            "actor-organisation": "Grundejerforeningen",
            "actor-kind": "association",
            "actor-email": "anne@example.dk",
            "actor-phone": "+45 87 94 70 00",
            "actor-role": "external",
        },
    )
    assert response.status_code == 302
    membership = cluster.memberships.get(actor__name="Anne Borg")
    assert membership.role == "external"
    assert membership.actor.phone == "+45 87 94 70 00"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"actor-name": ""}, "Dette felt er påkrævet."),
        ({"actor-name": "x" * 201}, "højst have 200 tegn"),
        ({"actor-kind": "alien"}, "Marker en gyldig valgmulighed"),
        ({"actor-email": "ikke-en-adresse"}, "Indtast en gyldig e-mail-adresse."),
        ({"actor-phone": "ring til mig"}, "Skriv telefonnummeret med cifre"),
    ],
)
def test_it_refuses_a_bad_external_actor_with_a_danish_message(
    client, cluster, coordinator, data, message
):
    client.force_login(coordinator)
    valid = {"actor-name": "Anne Borg", "actor-kind": "citizen", "actor-role": "external"}
    for headers in ({}, HTMX):
        response = client.post(_url("actor_add", cluster), {**valid, **data}, headers=headers)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not Actor.objects.exists()


# Roles


def test_it_changes_a_role(client, cluster, coordinator, contract_holder):
    membership = cluster.memberships.create(person=contract_holder, role="member")
    client.force_login(coordinator)
    response = client.post(
        _url("member_role", cluster, membership),
        {"role": "coordinator", "current_role": "member"},
        headers=HTMX,
    )
    assert "Maja Lund er nu tovholder." in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "coordinator"
    assert membership.history.first().history_user == coordinator


def test_it_keeps_at_least_one_coordinator(client, cluster, coordinator):
    membership = cluster.memberships.get()
    client.force_login(coordinator)
    response = client.post(
        _url("member_role", cluster, membership), {"role": "member", "current_role": "coordinator"}
    )
    assert "Klyngen skal have mindst én tovholder." in response.content.decode()
    response = client.post(_url("member_remove", cluster, membership))
    assert "Klyngen skal have mindst én tovholder." in response.content.decode()
    membership.refresh_from_db()
    assert (membership.role, membership.ended_at) == ("coordinator", None)


def test_it_refuses_a_role_change_made_on_a_stale_page(
    client, cluster, coordinator, contract_holder
):
    membership = cluster.memberships.create(person=contract_holder, role="sponsor")
    client.force_login(coordinator)
    response = client.post(
        _url("member_role", cluster, membership), {"role": "coordinator", "current_role": "member"}
    )
    assert "En anden har ændret rollen for Maja Lund" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "sponsor"


def test_it_refuses_an_unknown_role(client, cluster, coordinator):
    membership = cluster.memberships.get()
    client.force_login(coordinator)
    response = client.post(
        _url("member_role", cluster, membership), {"role": "king", "current_role": "coordinator"}
    )
    assert "Vælg en af rollerne på listen." in response.content.decode()


def test_it_answers_404_for_a_membership_of_another_cluster(
    client, cluster, coordinator, contract_holder
):
    other = make_cluster(members=[contract_holder])
    foreign = other.memberships.get()
    client.force_login(coordinator)
    assert (
        client.post(
            _url("member_role", cluster, foreign), {"role": "member", "current_role": "member"}
        ).status_code
        == 404
    )
    assert client.post(_url("member_remove", cluster, foreign)).status_code == 404
    assert client.post(reverse("missions:member_add", args=[99999]), {}).status_code == 404


# Removing


def test_it_ends_a_membership_without_deleting_it(client, cluster, coordinator, contract_holder):
    membership = cluster.memberships.create(person=contract_holder, role="member")
    client.force_login(coordinator)
    response = client.post(_url("member_remove", cluster, membership), headers=HTMX)
    assert "Maja Lund er ikke længere medlem." in response.content.decode()
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert contract_holder.pk not in cluster.memberships.current().values_list("person", flat=True)
    # They can be added again later; the old membership stays as history.
    client.post(_url("member_add", cluster), {"person": contract_holder.pk, "role": "member"})
    assert cluster.memberships.filter(person=contract_holder).count() == 2


# Anonymising


def test_it_lets_group_management_anonymise_an_external_actor(client, cluster, group_manager):
    actor = Actor.objects.create(
        name="Anne Borg",
        organisation="Privat",
        kind="citizen",
        email="anne@example.dk",
        phone="12345678",
    )
    membership = cluster.memberships.create(actor=actor, role="external")
    client.force_login(group_manager)
    response = client.post(_url("actor_anonymise", cluster, membership), headers=HTMX)
    assert "Den eksterne aktørs persondata er fjernet." in response.content.decode()
    actor.refresh_from_db()
    assert actor.name == f"Anonymiseret aktør {actor.pk}"
    assert (actor.email, actor.phone, actor.organisation) == ("", "", "")
    assert actor.is_anonymised
    assert "Anne Borg" not in response.content.decode()
    assert cluster.memberships.current().filter(actor=actor).count() == 1  # still counted


def test_it_refuses_anonymising_to_a_coordinator(client, cluster, coordinator):
    actor = Actor.objects.create(name="Anne Borg", kind="citizen")
    membership = cluster.memberships.create(actor=actor, role="external")
    client.force_login(coordinator)
    assert client.post(_url("actor_anonymise", cluster, membership)).status_code == 403
    actor.refresh_from_db()
    assert actor.name == "Anne Borg"


def _rows_holding(*texts: str) -> list[str]:
    """Every row, in every table of the portal, whose text holds one of `texts` (also
    JSON-escaped, as in the admin's log): where personal data could hide."""
    needles = {t for text in texts for t in (text, json.dumps(text)[1:-1])}
    found = []
    for model in apps.get_models(include_auto_created=True):
        lookups = [
            (field, needle, Q(**{f"{field.attname}__contains": needle}))
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            for needle in needles
        ]
        # One query for the whole table first: most tables hold none of the texts.
        if (
            not lookups
            or not model._default_manager.filter(
                reduce(operator.or_, (q for _, _, q in lookups))
            ).exists()
        ):
            continue
        for field, needle, q in lookups:
            rows = model._default_manager.filter(q)
            found += [f"{model._meta.label}.{field.name}: {needle}" for _ in rows[:1]]
    return found


def test_it_erases_an_ended_external_actor_everywhere(client, cluster, coordinator, group_manager):
    """GDPR art. 17: after the membership ended, anonymising still works, and the name,
    e-mail and phone are left on no page, in no history row and in no admin log entry."""
    personal = ("Anne Brøndum", "anne@example.dk", "12345678")
    actor = Actor(name=personal[0], organisation="Privat", kind="citizen")
    actor.email, actor.phone = personal[1:]
    membership = cluster.add_actor(actor, "external")
    admin = make_user(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    change = reverse("admin:missions_actor_change", args=[actor.pk])
    data = {"name": actor.name, "organisation": "Privat", "kind": "citizen", "phone": actor.phone}
    assert client.post(change, {**data, "email": "anne.b@example.dk"}).status_code == 302
    assert client.post(change, {**data, "email": actor.email}).status_code == 302
    LogEntry.objects.log_actions(  # as the cluster admin's member inline writes it
        admin.pk, [cluster], CHANGE, [{"added": {"name": "membership", "object": str(membership)}}]
    )
    client.force_login(coordinator)
    client.post(_url("member_remove", cluster, membership))
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert _rows_holding(*personal)  # the test would find them

    client = Client()  # another browser: the others' pending messages name the actor
    client.force_login(group_manager)
    response = client.post(_url("actor_anonymise", cluster, membership))
    assert response.status_code == 302
    assert _rows_holding(*personal, "anne.b@example.dk") == []
    actor.refresh_from_db()
    label = f"Anonymiseret aktør {actor.pk}"
    assert actor.name == label and actor.is_anonymised
    page = client.get(cluster.get_absolute_url()).content.decode()
    assert f"{label} forlod klyngen" in page  # the history shows the label
    assert [text for text in personal if text in page] == []
    assert LogEntry.objects.filter(object_id=str(actor.pk), object_repr=label).count() == 3
    # Who erased it is on record, without the data.
    assert LogEntry.objects.filter(object_id=str(actor.pk), user=group_manager).exists()


def test_it_offers_to_anonymise_former_external_actors(client, cluster, group_manager):
    actor = Actor.objects.create(name="Anne Borg", kind="citizen")
    membership = cluster.memberships.create(actor=actor, role="external")
    cluster.end_membership(membership)
    client.force_login(group_manager)
    page = client.get(cluster.get_absolute_url()).content.decode()
    assert f'action="{_url("actor_anonymise", cluster, membership)}"' in page
    client.post(_url("actor_anonymise", cluster, membership), headers=HTMX)
    page = client.get(cluster.get_absolute_url()).content.decode()
    assert _url("actor_anonymise", cluster, membership) not in page


def test_it_refuses_anonymising_an_ended_actor_to_a_coordinator(client, cluster, coordinator):
    actor = Actor.objects.create(name="Anne Borg", kind="citizen")
    membership = cluster.memberships.create(actor=actor, role="external")
    cluster.end_membership(membership)
    client.force_login(coordinator)
    assert client.post(_url("actor_anonymise", cluster, membership)).status_code == 403
    actor.refresh_from_db()
    assert actor.name == "Anne Borg"
    assert (
        _url("actor_anonymise", cluster, membership)
        not in client.get(cluster.get_absolute_url()).content.decode()
    )


def test_it_does_not_anonymise_a_colleague(client, cluster, group_manager):
    membership = cluster.memberships.get()
    client.force_login(group_manager)
    response = client.post(_url("actor_anonymise", cluster, membership))
    assert "Kun eksterne aktører kan anonymiseres." in response.content.decode()


# Query count


@pytest.mark.parametrize("members", [3, 40])
def test_it_shows_the_cluster_page_with_constant_queries(
    client, cluster, group_manager, django_assert_max_num_queries, members
):
    for n in range(members):
        cluster.memberships.create(person=make_user(unit=make_unit()), role="member")
        cluster.memberships.create(
            actor=Actor.objects.create(name=f"Aktør {n}", kind="business"), role="external"
        )
    client.force_login(group_manager)
    with django_assert_max_num_queries(15):
        response = client.get(cluster.get_absolute_url(), {"q": "person"})
    # The first page of members (see test_cluster_paging.py for the next).
    assert response.content.decode().count('name="current_role"') == min(2 * members + 1, 25)


def test_it_shows_membership_changes_in_the_cluster_history(
    client, cluster, coordinator, contract_holder
):
    client.force_login(coordinator)
    client.post(_url("member_add", cluster), {"person": contract_holder.pk, "role": "member"})
    membership = cluster.memberships.get(person=contract_holder)
    client.post(
        _url("member_role", cluster, membership), {"role": "sponsor", "current_role": "member"}
    )
    client.post(_url("member_remove", cluster, membership))
    page = client.get(cluster.get_absolute_url()).content.decode()
    assert "Maja Lund tilføjet som medlem" in page
    assert "Maja Lund er nu sponsor" in page
    assert "Maja Lund forlod klyngen" in page
