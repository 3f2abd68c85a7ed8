"""The organisation import in the browser: upload, preview, apply; staff and
administrators only; "Mine indstillinger" shows where a person's unit comes from."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dus.models import Unit, User
from dus.orgimport import apply
from tests.dus.orgfiles import org_file
from tests.factories import make_unit, make_user

pytestmark = pytest.mark.django_db

URL = reverse("frame:organisation_import")
APPLY = reverse("frame:organisation_import_apply")


def upload(client, data: bytes, name="organisation.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, data, "text/csv")})


def test_it_previews_then_applies(client, staff_member):
    client.force_login(staff_member)
    assert client.get(URL).status_code == 200
    response = upload(client, org_file(sep=";", bom=True))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Forhåndsvisning af organisationsimporten" in page
    assert "Enheder, der oprettes (4)" in page and "Personer, der oprettes (2)" in page
    assert not Unit.objects.exclude(external_id=None).exists()  # nothing saved yet

    fingerprint = response.context["plan"].fingerprint
    response = client.post(APPLY, {"fingerprint": fingerprint}, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert "Enheder: 4 oprettet, 0 ændret, 0 deaktiveret" in response.content.decode()
    assert Unit.objects.exclude(external_id=None).count() == 4

    again = upload(client, org_file()).content.decode()
    assert "Intet at ændre" in again and APPLY not in again


def test_it_shows_every_problem_next_to_the_field_and_saves_nothing(client, staff_member):
    client.force_login(staff_member)
    response = upload(client, org_file("enhed,U9,X,Kontor,U1,,,", "person,P9,Y,,,,nej,U1"))
    assert response.status_code == 422
    errors = response.context["form"].errors["file"]
    assert errors[0] == "Filen har 2 fejl, så intet er gemt. Ret dem, og indlæs filen igen."
    assert errors[1].startswith("Linje 8: Arten »Kontor« er ukendt")
    assert errors[2].startswith("Linje 9: »nej« i »email«")
    assert 'aria-describedby="id_file_helptext id_file_error"' in response.content.decode()
    assert "organisation_import" not in client.session


def test_it_refuses_an_empty_upload_and_a_workbook(client, staff_member):
    client.force_login(staff_member)
    assert client.post(URL, {}).status_code == 422
    response = upload(client, b"PK\x03\x04...", name="organisation.xlsx")
    assert response.status_code == 422
    assert "Det er en Excel-projektmappe" in response.context["form"].errors["file"][1]


def test_it_shows_the_new_plan_when_the_organisation_changed_since_the_preview(
    client, staff_member
):
    client.force_login(staff_member)
    fingerprint = upload(client, org_file()).context["plan"].fingerprint
    make_unit(name="Skoler", kind=Unit.Kind.STAFF)  # another person's change meanwhile
    response = client.post(APPLY, {"fingerprint": fingerprint})
    assert response.status_code == 409
    assert "ændret siden forhåndsvisningen" in response.content.decode()
    assert not Unit.objects.exclude(external_id=None).exists()
    new = response.context["plan"].fingerprint
    assert client.post(APPLY, {"fingerprint": new}).status_code == 302
    assert Unit.objects.get(name="Skoler").external_id == "U2"  # linked, not a twin


def test_it_refuses_to_apply_without_a_preview(client, staff_member):
    client.force_login(staff_member)
    response = client.post(APPLY, {"fingerprint": "x"}, follow=True)
    assert "Forhåndsvisningen er udløbet" in response.content.decode()


def test_it_is_for_staff_and_administrators_only(client, contract_holder, group_manager):
    for person in (contract_holder, group_manager):
        client.force_login(person)
        assert client.get(URL).status_code == 403
        assert upload(client, org_file()).status_code == 403
        assert client.post(APPLY, {"fingerprint": "x"}).status_code == 403
    client.force_login(make_user(is_superuser=True))
    assert client.get(URL).status_code == 200


def test_it_answers_wrong_methods_with_405(client, staff_member):
    client.force_login(staff_member)
    assert client.get(APPLY).status_code == 405
    assert client.put(URL).status_code == 405


def test_my_settings_shows_the_unit_and_where_it_comes_from(client, staff_member):
    client.force_login(staff_member)
    page = client.get(reverse("frame:my_settings")).content.decode()
    assert "HR og Udvikling" in page and "Kilde: sat manuelt i administrationen." in page
    assert URL in page

    apply(org_file(), staff_member)
    bo = User.objects.get(external_id="P2")
    client.force_login(bo)
    page = client.get(reverse("frame:my_settings")).content.decode()
    assert "Administration" in page and "Kilde: organisationsimporten." in page
    assert URL not in page
