"""Text people type: one line where one line is meant, no control characters, and a
length limit that fits each field (dus/validators.py). The walks over every model
text field and every form's own text field keep a new field from escaping the rule."""

from importlib import import_module

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalChanges

from dus.validators import multi_line, one_line, single_line
from missions.models import Actor, Cluster
from portfolio.models import Initiative, Review
from tests.factories import make_cluster, make_initiative

PROJECT_APPS = ("dus", "missions", "portfolio", "dialogues")
# Set by Django from a hash, never typed as it is stored.
NOT_TYPED = {"dus.User.password"}

LINE_BREAK = "Skriv det på én linje: linjeskift er ikke tilladt her."
CONTROL = "Fjern de usynlige kontroltegn (de følger ofte med kopieret tekst)."


def model_text_fields():
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            if issubclass(model, HistoricalChanges):
                continue  # simple_history's copies of the fields below
            for field in model._meta.concrete_fields:
                name = f"{model._meta.label}.{field.name}"
                if isinstance(field, models.CharField | models.TextField) and name not in NOT_TYPED:
                    yield pytest.param(field, id=name)


def refuses(field, value) -> bool:
    try:
        field.clean(value)
    except ValidationError:
        return True
    return False


def model_form_refuses(field, value) -> bool:
    """As a ModelForm (and the admin) sees it: the form field, then the model's validation
    (a TextField's max_length is the form field's only)."""
    try:
        field.clean(field.formfield().clean(value), None)
    except ValidationError:
        return True
    return False


@pytest.mark.parametrize("field", list(model_text_fields()))
def test_it_limits_every_model_text_field(field):
    assert field.max_length is not None, "give the field a max_length that fits its purpose"
    assert model_form_refuses(field, "x" * (field.max_length + 1))
    assert model_form_refuses(field, "Ord\x1bord")
    with pytest.raises(ValidationError):
        field.clean("Ord\x00ord", None)  # the model refuses a NUL too, not only the form
    if isinstance(field, models.TextField):
        assert not model_form_refuses(field, "Linje 1\r\nLinje 2\n\tmed indrykning")
    else:
        for line_break in ("\n", "\r", "\u2028", "\u2029", "\x85"):
            assert model_form_refuses(field, f"Ord{line_break}ord")


def project_form_text_fields():
    """The text fields a project form declares itself (a ModelForm's other fields are
    the model's, walked above). Hidden fields are the portal's own, and the sign-in
    form's fields are Django's and store nothing."""
    import_module(settings.ROOT_URLCONF)  # imports every view, and with them every form
    found, seen, stack = [], set(), [forms.BaseForm]
    while stack:
        for form in stack.pop().__subclasses__():
            if form in seen:
                continue
            seen.add(form)
            stack.append(form)
            if form.__module__.split(".")[0] not in PROJECT_APPS:
                continue
            django_fields = {
                id(field)
                for base in form.__mro__
                if base.__module__.split(".")[0] not in PROJECT_APPS
                for field in getattr(base, "declared_fields", {}).values()
            }
            for name, field in form.declared_fields.items():
                if (
                    isinstance(field, forms.CharField)
                    and not field.widget.is_hidden
                    and id(field) not in django_fields
                ):
                    found.append(pytest.param(field, id=f"{form.__name__}.{name}"))
    return found


def test_it_finds_the_forms_own_text_fields():
    names = {param.id for param in project_form_text_fields()}
    assert {"StopForm.reason", "StopForm.learning"} <= names


@pytest.mark.parametrize("field", project_form_text_fields())
def test_it_limits_every_forms_own_text_field(field):
    assert field.max_length is not None
    assert refuses(field, "x" * (field.max_length + 1))
    assert refuses(field, "Ord\x1bord")
    if isinstance(field.widget, forms.Textarea):
        assert not refuses(field, "Linje 1\r\nLinje 2")
    else:
        assert refuses(field, "Ord\nord")


@pytest.mark.parametrize(
    ("validator", "value", "refused"),
    [
        (single_line, "Trivsel i\tSkanderborg", False),
        (single_line, "Trivsel\ni Skanderborg", True),
        (single_line, "Trivsel\u2028i Skanderborg", True),
        (single_line, "Trivsel\x85i Skanderborg", True),
        (single_line, "\x02Trivsel", True),
        (single_line, "Trivsel\x00", True),
        (multi_line, "Første linje\r\nAnden linje\u2028Tredje\tmed tab", False),
        (multi_line, "Første linje\x1b[31m", True),
        (multi_line, "NUL\x00", True),
        (multi_line, "DEL\x7f", True),
    ],
)
def test_it_tells_one_line_from_several_and_refuses_control_characters(validator, value, refused):
    assert refuses(forms.CharField(validators=[validator]), value) == refused


def test_it_refuses_a_control_character_in_a_quoted_email_address():
    actor = Actor(name="Anna", kind=Actor.Kind.CITIZEN, email='"an\x1bna"@example.dk')
    with pytest.raises(ValidationError) as error:
        actor.full_clean()
    assert "email" in error.value.message_dict


def test_it_flattens_text_to_one_line():
    assert one_line("Klynge\r\nfor\u2028trivsel\x1b  i\tbyen ") == "Klynge for trivsel i byen"


@pytest.mark.django_db
def test_it_refuses_a_line_break_in_a_cluster_name_next_to_the_field(client, coordinator):
    cluster = make_cluster(name="Trivsel", coordinators=[coordinator])
    client.force_login(coordinator)
    data = {"purpose": "P", "review_cadence_weeks": 8, "read_version": 1}
    response = client.post(
        reverse("missions:cluster_edit", args=[cluster.pk]), {**data, "name": "Trivsel\nBcc: x"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [LINE_BREAK]
    assert f'id="id_name_error"><span class="sr-only">Fejl: </span>{LINE_BREAK}' in (
        response.content.decode()
    )
    assert Cluster.objects.get().name == "Trivsel"


@pytest.mark.django_db
def test_it_refuses_control_characters_in_an_initiative_with_a_danish_message(client, coordinator):
    cluster = make_cluster(coordinators=[coordinator])
    client.force_login(coordinator)
    response = client.post(
        reverse("portfolio:initiative_create"),
        {
            "title": "Fredags\x1bcafé",
            "cluster": cluster.pk,
            "what": "Et mødested\x02.",
            "hypothesis": "Vi tror\r\nat det virker.",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["title"] == [CONTROL] and errors["what"] == [CONTROL]
    assert "hypothesis" not in errors
    assert not Initiative.objects.exists()


@pytest.mark.django_db
def test_it_limits_the_review_answers_with_djangos_danish_message(client, coordinator):
    from django.utils import timezone

    cluster = make_cluster(coordinators=[coordinator])
    review = Review.objects.create(
        cluster=cluster, scheduled_at=timezone.now(), created_by=coordinator
    )
    client.force_login(coordinator)
    page = client.get(review.get_absolute_url()).content.decode()
    assert '<textarea name="relevant_answer" cols="40" rows="3" maxlength="4000"' in page
    response = client.post(
        reverse("portfolio:review_answers", args=[review.pk]),
        {"relevant_answer": "x" * 4001, "read_version": 1},
    )
    assert response.status_code == 200
    assert "Denne værdi må højst have 4000 tegn (den har 4001)." in response.content.decode()
    review.refresh_from_db()
    assert review.relevant_answer == ""


@pytest.mark.django_db
def test_it_refuses_control_characters_and_overlong_text_in_the_stop_form(client, coordinator):
    initiative = make_initiative(make_cluster(coordinators=[coordinator]), status="running")
    client.force_login(coordinator)
    response = client.post(
        reverse("portfolio:initiative_stop", args=[initiative.pk]),
        {"reason": "For dyrt\x1b", "learning": "x" * 4001},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["reason"] == [CONTROL]
    assert errors["learning"] == ["Denne værdi må højst have 4000 tegn (den har 4001)."]
    initiative.refresh_from_db()
    assert initiative.status == "running"
