"""The owner filter: a text field with suggestions as the user types, not a list of
every owner; a person's id from a link still works."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_cluster, make_initiative, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned():
    cluster = make_cluster()
    soeren = make_user(first_name="Søren", last_name="Ærø")
    anna = make_user(first_name="Anna", last_name="Holm")
    make_initiative(cluster, owner=soeren, title="Sørens cykelværksted")
    make_initiative(cluster, owner=anna, title="Annas læsecafé")
    return soeren, anna


def _titles(client, user, **params) -> str:
    client.force_login(user)
    response = client.get(reverse("portfolio:initiative_list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_it_filters_by_words_of_the_owners_name_in_any_case(client, contract_holder, owned):
    page = _titles(client, contract_holder, owner="SØREN ærø")
    assert "Sørens cykelværksted" in page
    assert "Annas læsecafé" not in page


def test_it_filters_by_the_owners_id_from_a_link_and_shows_the_name(client, contract_holder, owned):
    soeren, _anna = owned
    page = _titles(client, contract_holder, owner=str(soeren.pk))
    assert "Sørens cykelværksted" in page
    assert "Annas læsecafé" not in page
    assert 'value="Søren Ærø"' in page


def test_it_finds_nothing_for_an_unknown_name(client, contract_holder, owned):
    page = _titles(client, contract_holder, owner="Zacharias")
    assert "Sørens cykelværksted" not in page
    assert "Annas læsecafé" not in page


def test_it_says_next_to_the_field_when_the_typed_name_is_too_long(client, contract_holder, owned):
    page = _titles(client, contract_holder, owner="S" * 151)
    field = re.search(r'<div class="form-group form-error">.*?</div>', page, re.S).group()
    assert 'id="id_owner-error"' in field and "højst have 150 tegn" in field
    assert 'aria-describedby="id_owner-hint id_owner-error"' in field
    assert "Sørens cykelværksted" not in page


def test_it_renders_a_text_field_with_suggestions_and_no_list_of_owners(
    client, contract_holder, owned
):
    page = _titles(client, contract_holder)
    field = re.search(r'<input type="search" name="owner"[^>]*>', page).group(0)
    assert 'list="id_owner-suggestions"' in field
    assert f'hx-get="{reverse("portfolio:owner_suggestions")}"' in field
    assert re.search(r'<datalist id="id_owner-suggestions">\s*</datalist>', page)
    assert '<select name="owner"' not in page
    assert '<option value="Anna Holm"' not in page  # no owner is listed until the user types


def test_the_learning_page_has_the_same_owner_field(client, contract_holder, owned):
    client.force_login(contract_holder)
    page = client.get(reverse("dialogues:learning_list"), {"owner": "anna"}).content.decode()
    assert '<input type="search" name="owner"' in page
    assert "Anna Holm" not in page.split('id="id_owner-suggestions"')[1].split("</datalist>")[0]


def _suggestions(client, user, text):
    client.force_login(user)
    return client.get(reverse("portfolio:owner_suggestions"), {"owner": text})


def test_it_suggests_owners_whose_name_has_the_words(client, contract_holder, owned):
    make_user(first_name="Søren", last_name="Uden Indsats")
    response = _suggestions(client, contract_holder, "sør")
    assert response.status_code == 200
    assert response.content.decode().strip() == '<option value="Søren Ærø"></option>'


def test_it_suggests_at_most_ten_owners(client, contract_holder, django_assert_max_num_queries):
    cluster = make_cluster()
    for n in range(15):
        make_initiative(cluster, owner=make_user(first_name="Mette", last_name=f"Nr {n}"))
    client.force_login(contract_holder)
    with django_assert_max_num_queries(3):  # session, user, owners
        response = client.get(reverse("portfolio:owner_suggestions"), {"owner": "mette"})
    assert response.content.decode().count("<option") == 10


def test_it_suggests_nothing_for_an_empty_text_or_an_id(client, contract_holder, owned):
    assert _suggestions(client, contract_holder, "").content.decode().strip() == ""
    assert _suggestions(client, contract_holder, "12").content.decode().strip() == ""


def test_it_suggests_owners_only_to_people_signed_in(client, owned):
    response = client.get(reverse("portfolio:owner_suggestions"), {"owner": "sør"})
    assert response.status_code == 302
    assert "Søren" not in response.content.decode()


@pytest.mark.parametrize("owners", [1, 30])
def test_the_list_keeps_its_queries_with_many_owners(
    client, contract_holder, django_assert_max_num_queries, owners
):
    cluster = make_cluster()
    people = [make_user() for _ in range(owners)]
    for person in people:
        make_initiative(cluster, owner=person)
    client.force_login(contract_holder)
    for params in ({}, {"owner": "person"}, {"owner": str(people[0].pk)}):
        with django_assert_max_num_queries(12):  # 11, and the name of an owner given by id
            client.get(reverse("portfolio:initiative_list"), params)
