"""A person's audit trail for their right of access (GDPR art. 15): an administrator
downloads every history record in which the person acted, and those of the person
themself, across the models, as CSV or XLSX; nobody else may."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dus.models import Role
from portfolio.models import Initiative
from tests.factories import make_cluster, make_initiative, make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    return make_user(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def trail(client, coordinator, administrator):
    """The coordinator logs an initiative with a title made to look like a formula, and
    the administrator changes the coordinator's job title in the admin."""
    cluster = make_cluster(coordinators=[coordinator])
    client.force_login(coordinator)
    data = {"title": "=HYPERLINK(1)", "cluster": cluster.pk, "what": "@W", "hypothesis": "-H"}
    assert client.post(reverse("portfolio:initiative_create"), data).status_code == 302
    coordinator.job_title = "Tovholder"
    coordinator._history_user = administrator
    coordinator.save()
    make_initiative(cluster, owner=coordinator)  # by the factory, with no actor: not in it
    client.force_login(administrator)
    return Initiative.objects.get(title="=HYPERLINK(1)")


def _url(person, fmt="csv") -> str:
    return reverse(f"frame:audit_trail_export_{fmt}", args=[person.pk])


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_it_exports_what_the_person_did_and_what_was_done_to_them(
    client, trail, coordinator, administrator
):
    response = client.get(_url(coordinator))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="dus-revisionsspor-{coordinator.pk}-'
    )
    header, *rows = _csv(response)
    assert header == [
        "Tidspunkt",
        "Registrering af",
        "Id",
        "Handling",
        "Ændret af",
        "Registrerede værdier",
    ]
    kinds = [(row[1], row[3], row[4]) for row in rows]
    assert kinds == [
        ("person", "Oprettet", ""),  # made by the factory: the person's own record
        ("indsats", "Oprettet", "Jonas Ravn (jonas)"),
        ("person", "Ændret", f"{administrator} (admin)"),
    ]
    initiative_row = rows[1]
    assert initiative_row[2] == str(trail.pk)
    # A text that starts like a formula is written as text.
    assert "titel: =HYPERLINK(1)" in initiative_row[5]
    assert rows[2][5].count("stillingsbetegnelse: Tovholder") == 1
    assert "adgangskode" not in rows[2][5]  # the history never holds the password hash


def test_it_writes_a_formula_like_cell_as_text():
    from dus.spreadsheet import as_csv

    text = b"".join(as_csv(["a", "b"], [["=1+1", "+45 12"], ["@SUM", "-2"]])).decode()
    assert text.splitlines()[1:] == ["'=1+1;'+45 12", "'@SUM;'-2"]


def test_it_exports_xlsx_with_formula_like_text_as_text(client, trail, coordinator):
    response = client.get(_url(coordinator, "xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:2] == ["Tidspunkt", "Registrering af"]
    assert [row[1] for row in values[1:]] == ["person", "indsats", "person"]
    cell = sheet.cell(row=3, column=6)
    assert cell.data_type == "s" and "=HYPERLINK(1)" in cell.value


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_is_for_administrators_only(client, coordinator, fmt):
    staff_admin = make_user(Role.STAFF, Role.GROUP_MANAGEMENT, Role.DIRECTION, is_staff=True)
    for person in (coordinator, staff_admin):
        client.force_login(person)
        assert client.get(_url(coordinator, fmt)).status_code == 403
    client.logout()
    assert client.get(_url(coordinator, fmt)).status_code == 302  # to the sign-in page


def test_it_answers_404_for_no_such_person_and_405_for_a_post(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("frame:audit_trail_export_csv", args=[999999])).status_code == 404
    assert client.post(_url(administrator)).status_code == 405


def test_it_reads_the_trail_in_a_fixed_number_of_queries(
    client, administrator, coordinator, django_assert_max_num_queries
):
    for n in range(30):
        unit = make_unit()
        unit.name = f"Enhed {n}"
        unit._history_user = coordinator
        unit.save()
    client.force_login(administrator)
    with django_assert_max_num_queries(25):
        response = client.get(_url(coordinator))
        rows = _csv(response)
    assert len(rows) == 1 + 1 + 30


def test_the_admin_offers_the_export_on_the_persons_page_and_as_an_action(
    client, administrator, coordinator
):
    client.force_login(administrator)
    page = client.get(reverse("admin:dus_user_change", args=[coordinator.pk])).content.decode()
    assert _url(coordinator) in page and _url(coordinator, "xlsx") in page
    assert "Eksportér revisionsspor (CSV)" in page
    response = client.post(
        reverse("admin:dus_user_changelist"),
        {"action": "export_audit_trail", "_selected_action": [coordinator.pk]},
    )
    assert response["Location"] == _url(coordinator)
