"""Signing in and out."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_sends_an_anonymous_visitor_from_the_front_page_to_a_danish_sign_in_page(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain == [(reverse("login") + "?next=/", 302)]
    page = response.content.decode()
    assert '<html lang="da">' in page
    assert "Log ind på DUS-portalen" in page
    assert 'for="id_username">Brugernavn' in page


def test_it_signs_in_with_good_credentials_and_returns_to_next(client, contract_holder):
    response = client.post(
        reverse("login"), {"username": "maja", "password": PASSWORD, "next": "/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("username", "password"), [("maja", "wrong"), ("nobody", PASSWORD), ("", ""), ("maja", "")]
)
def test_it_refuses_bad_credentials_with_a_danish_message(
    client, contract_holder, username, password
):
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 200
    page = response.content.decode()
    assert "_auth_user_id" not in client.session
    if username and password:
        assert "Brugernavn eller adgangskode er ikke korrekt" in page
    else:
        assert "Dette felt er påkrævet" in page
    assert 'aria-invalid="true"' in page or "alert-error" in page


def test_it_does_not_tell_which_part_was_wrong(client, contract_holder):
    wrong_password = client.post(reverse("login"), {"username": "maja", "password": "x"})
    unknown_user = client.post(reverse("login"), {"username": "nobody", "password": "x"})
    assert (
        wrong_password.context["form"].non_field_errors()
        == unknown_user.context["form"].non_field_errors()
    )


def test_it_signs_out_with_post(client, contract_holder):
    client.force_login(contract_holder)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get("/").status_code == 302


def test_it_shows_the_signed_in_person_and_a_sign_out_button(client, contract_holder):
    client.force_login(contract_holder)
    page = client.get("/").content.decode()
    assert "Maja Lund, Stilling Skole" in page
    assert f'action="{reverse("logout")}"' in page
    assert "Log ud" in page
