"""The presenter of an agenda item is typed, with suggestions, not chosen from a list of
every person: the builder stays small, works without JavaScript (the server finds the
person or answers beside the field), and only builders get the suggestions."""

import pytest
from django.urls import reverse

from dialogues.models import AgendaItem
from dus.models import User
from tests.factories import make_gathering, make_user

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
SUGGEST = reverse("dialogues:presenter_suggestions")


@pytest.fixture
def gathering(staff_member):
    return make_gathering(created_by=staff_member)


def _add(client, gathering, presenter: str):
    url = reverse("dialogues:gathering_add_free", args=[gathering.pk])
    data = {"free-title": "Velkomst", "free-duration_minutes": "10", "free-presenter": presenter}
    return client.post(url, data)


def test_the_builder_has_a_text_field_with_suggestions_not_a_list_of_everyone(
    client, gathering, staff_member
):
    client.force_login(staff_member)
    page = client.get(gathering.get_absolute_url()).content.decode()
    assert '<select name="free-presenter"' not in page
    at = page.index('name="free-presenter"')
    field = page[at - 200 : at + 600]
    assert 'type="text"' in field and 'list="id_free-presenter-suggestions"' in field
    assert f'hx-get="{SUGGEST}"' in field
    assert 'aria-describedby="id_free-presenter_helptext"' in field
    assert '<datalist id="id_free-presenter-suggestions"></datalist>' in page
    assert "Skriv en del af et navn" in page


def test_it_suggests_active_people_by_the_typed_words(client, staff_member):
    make_user(first_name="Karen", last_name="Blixen", username="kblixen")
    make_user(first_name="Karen", last_name="Bo", username="kbo", is_active=False)
    User.objects.bulk_create(
        User(username=f"karen{i}", first_name="Karen", last_name=f"Nr. {i:02}") for i in range(15)
    )
    client.force_login(staff_member)
    html = client.get(SUGGEST, {"free-presenter": "blix"}, headers=HTMX).content.decode()
    assert html.strip() == '<option value="Karen Blixen (kblixen)"></option>'
    many = client.get(SUGGEST, {"presenter": "karen"}).content.decode()
    assert many.count("<option") == 10 and "kbo" not in many
    assert client.get(SUGGEST, {"presenter": ""}).content.decode().strip() == ""


def test_only_builders_get_suggestions(client, contract_holder, staff_member):
    client.force_login(contract_holder)
    assert client.get(SUGGEST, {"presenter": "a"}).status_code == 403
    client.force_login(staff_member)
    assert client.post(SUGGEST, {"presenter": "a"}).status_code == 405


def test_it_finds_the_presenter_by_name_or_by_a_suggestion(client, gathering, staff_member):
    karen = make_user(first_name="Karen", last_name="Blixen", username="kblixen")
    other = make_user(first_name="Karen", last_name="Blixen", username="kblixen2")
    client.force_login(staff_member)
    assert _add(client, gathering, "Karen Blixen (kblixen2)").status_code == 302
    assert _add(client, gathering, "  ").status_code == 302
    make_user(first_name="Ole", last_name="Olsen", username="oo")
    assert _add(client, gathering, "olsen").status_code == 302
    presenters = [item.presenter for item in AgendaItem.objects.order_by("pk")]
    assert presenters[:2] == [other, None] and presenters[2].username == "oo"
    assert karen not in presenters


def test_it_answers_beside_the_field_when_nobody_or_several_match(client, gathering, staff_member):
    make_user(first_name="Karen", last_name="Blixen", username="kblixen")
    make_user(first_name="Karen", last_name="Holm", username="kholm")
    make_user(first_name="Anders", last_name="And", username="aand", is_active=False)
    client.force_login(staff_member)
    for typed, error in (
        ("Anders And", "Der er ingen i portalen, der hedder “Anders And”."),
        ("karen", "Flere personer passer på “karen”: Karen Blixen (kblixen), Karen Holm (kholm)."),
        ("x" * 151, "Skriv højst 150 tegn."),
    ):
        response = _add(client, gathering, typed)
        assert response.status_code == 422
        html = response.content.decode()
        assert 'id="id_free-presenter_error"' in html and error in html
        assert 'aria-invalid="true"' in html
    assert not AgendaItem.objects.exists()


def test_it_answers_htmx_with_the_error_beside_the_field_in_a_swappable_answer(
    client, gathering, staff_member
):
    client.force_login(staff_member)
    url = reverse("dialogues:gathering_add_free", args=[gathering.pk])
    data = {"free-title": "Velkomst", "free-duration_minutes": "10", "free-presenter": "Ingen"}
    response = client.post(url, data, headers=HTMX)
    assert response.status_code == 200  # htmx swaps only 2xx answers in
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="builder"')
    assert "Der er ingen i portalen, der hedder “Ingen”." in html
    assert not AgendaItem.objects.exists()


def test_the_item_form_shows_the_presenter_and_changes_it(client, gathering, staff_member):
    karen = make_user(first_name="Karen", last_name="Blixen", username="kblixen")
    item = gathering.add_free_item(
        title="Workshop", duration_minutes=30, presenter=karen, by=staff_member
    )
    client.force_login(staff_member)
    url = reverse("dialogues:gathering_item_edit", args=[item.pk])
    assert 'value="Karen Blixen (kblixen)"' in client.get(url).content.decode()
    data = {"title": "Workshop", "duration_minutes": "30", "presenter": str(staff_member)}
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.presenter == staff_member


@pytest.mark.parametrize("people", [2, 300])
def test_the_builder_takes_the_same_queries_however_many_people(
    client, gathering, staff_member, django_assert_max_num_queries, people
):
    User.objects.bulk_create(
        User(username=f"p{i}", first_name="P", last_name=f"{i}") for i in range(people)
    )
    client.force_login(staff_member)
    with django_assert_max_num_queries(12):
        response = client.get(gathering.get_absolute_url())
    assert len(response.content) < 40_000
