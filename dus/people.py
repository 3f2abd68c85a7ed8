"""A person chosen by typing part of their name, not from a list of everyone.

A form field (`PersonField`) is a text field: with htmx, what the user types asks a
suggestions view for the first few people whose name has the typed words, shown as the
field's <datalist>; without JavaScript the user types the name and the server finds the
person when the form is sent, or answers beside the field (nobody, or several: then
naming them, each as "Navn (brugernavn)", which finds exactly one). No page lists every
person: the people are read only when the user types or sends.

    presenter = PersonField(
        people=User.objects.filter(is_active=True),
        suggestions="dialogues:presenter_suggestions",
        label=_("presenter"),
        required=False,
    )
"""

import re

from django import forms
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dus.models import User
from dus.search import clean

SUGGESTIONS = 10  # people suggested as the user types
MAX_WORDS = 4
MAX_LENGTH = 150
NAMED_IN_ERROR = 5  # people named in the error when several match
# "Maja Lund (mlund)": the form the suggestions take, one person by user name.
WITH_USERNAME = re.compile(r"\((?P<username>[^()]+)\)\s*$")


def named(text: str, prefix: str = "") -> Q:
    """People whose name or user name has every word of the text (case folded, see
    dus/lookups.py); `prefix` reaches them through a relation ("owner__")."""
    condition = Q()
    for word in text.split()[:MAX_WORDS]:
        condition &= (
            Q(**{f"{prefix}first_name__icontains": word})
            | Q(**{f"{prefix}last_name__icontains": word})
            | Q(**{f"{prefix}username__icontains": word})
        )
    return condition


def label(person: User) -> str:
    """What a suggestion and a chosen person's field show: the name, and the user name
    that tells two people of the same name apart."""
    return f"{person} ({person.username})"


def typed(request: HttpRequest) -> str:
    """The text a suggestions request asks about: htmx sends the field's own value, under
    the field's name (which a form's prefix changes), and nothing else."""
    text, _cut = clean(next(iter(request.GET.values()), ""), limit=MAX_LENGTH)
    return text


def suggestions(people: QuerySet, text: str, limit: int = SUGGESTIONS) -> list[User]:
    """The first few of `people` whose name has every word of the text."""
    if not text:
        return []
    return list(
        people.filter(named(text))
        .only("first_name", "last_name", "username")
        .order_by("first_name", "last_name", "pk")[:limit]
    )


class PersonInput(forms.TextInput):
    """A text field that asks for suggestions as the user types (htmx), shown in the
    <datalist> after it."""

    template_name = "dus/forms/person_input.html"

    def __init__(self, suggestions: str, attrs=None) -> None:
        super().__init__({"autocomplete": "off", "maxlength": MAX_LENGTH, **(attrs or {})})
        self.suggestions = suggestions

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        datalist = f"{widget['attrs']['id']}-suggestions"
        widget["datalist"] = datalist
        widget["attrs"] |= {
            "list": datalist,
            "hx-get": reverse(self.suggestions),
            "hx-trigger": "input changed delay:250ms",
            "hx-target": f"#{datalist}",
            "hx-swap": "innerHTML",
            "hx-sync": "this:replace",
        }
        return context


class PersonField(forms.Field):
    """One of `people`, found by the name typed (see the module's docstring)."""

    default_error_messages = {
        "none": _("Nobody in the portal is called “%(text)s”. Check the spelling."),
        "several": _(
            "Several people match “%(text)s”: %(names)s. Type the name as one of them is "
            "written here, or choose from the suggestions."
        ),
        "too_long": _("Type at most %(limit)s characters."),
    }

    def __init__(self, *, people: QuerySet, suggestions: str, **kwargs) -> None:
        kwargs.setdefault("widget", PersonInput(suggestions))
        kwargs.setdefault("help_text", _("Type part of a name"))
        super().__init__(**kwargs)
        self.people = people
        self._labels: dict[int, str] = {}

    def prepare_value(self, value):
        """The field shows a chosen person (an instance's id, or the person) by
        `label`, and what the user typed as it was typed."""
        if isinstance(value, User):
            return label(value)
        if isinstance(value, int):
            if value not in self._labels:
                person = self.people.model.objects.filter(pk=value).first()
                self._labels[value] = label(person) if person else ""
            return self._labels[value]
        return value

    def to_python(self, value) -> User | None:
        if isinstance(value, User):
            return value
        text, cut = clean(str(value or ""), limit=MAX_LENGTH)
        if cut:
            raise forms.ValidationError(
                self.error_messages["too_long"], code="too_long", params={"limit": MAX_LENGTH}
            )
        if not text:
            return None
        return self.find(text)

    def find(self, text: str) -> User:
        """The one person the text names: by the user name in brackets (a suggestion),
        else the only one whose name has the words, else the only one of that full name."""
        if match := WITH_USERNAME.search(text):
            person = self.people.filter(username=match["username"].strip()).first()
            if person:
                return person
            text = text[: match.start()].strip() or text
        found = list(self.people.filter(named(text)).order_by("first_name", "last_name", "pk")[:2])
        if len(found) == 1:
            return found[0]
        if not found:
            raise forms.ValidationError(
                self.error_messages["none"], code="none", params={"text": text}
            )
        exact = list(
            self.people.alias(full_name=Concat("first_name", Value(" "), "last_name"))
            .filter(Q(full_name__iexact=text) | Q(username__iexact=text))
            .order_by("pk")[:2]
        )
        if len(exact) == 1:
            return exact[0]
        several = suggestions(self.people, text, limit=NAMED_IN_ERROR)
        raise forms.ValidationError(
            self.error_messages["several"],
            code="several",
            params={"text": text, "names": ", ".join(label(p) for p in several)},
        )
