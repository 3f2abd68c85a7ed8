"""Forms of the project package, and the mixin that gives every form of the
portal the markup of Det Fælles Designsystem."""

import uuid
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.db import IntegrityError, models, transaction
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

from dus.history import one_record
from dus.input import validate_date
from dus.models import Submission, User

WIDGET_CLASSES = {
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.CheckboxInput: "form-checkbox",
    forms.CheckboxSelectMultiple: "form-checkbox",
    forms.RadioSelect: "form-radio",
}


class DesignSystemRenderer(TemplatesSetting):
    """Renders `{{ form.field.as_field_group }}` with the markup of Det Fælles
    Designsystem: label, hint, error and input in a `form-group`. Django ties the input
    to its hint and error (`aria-describedby`, `aria-invalid`) by the ids the template
    gives them, so they stay right in forms with a prefix."""

    field_template_name = "dus/forms/field.html"


class DesignSystemFormMixin:
    """Adds the DKFDS classes to every widget, and the portal's date range to every
    date field."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = next(
                (css for kind, css in WIDGET_CLASSES.items() if isinstance(widget, kind)),
                "form-input",
            )
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(validate_date)


class SignInForm(DesignSystemFormMixin, AuthenticationForm):
    """Django's sign-in form with a message that does not say which part was wrong."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The user name or password is not correct. Check both and try again."),
        "inactive": _("The user name or password is not correct. Check both and try again."),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none"}
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        if settings.OIDC_ENABLED:
            # The work account's button comes first on the page: no jumping past it.
            self.fields["username"].widget.attrs.pop("autofocus", None)


class ConcurrentEdit(Exception):
    """The object was changed by someone else after the form was read."""


class VersionedFormMixin(forms.Form):
    """Optimistic locking for a ModelForm whose model has a `version` field.

    The form carries the version it was read at; saving bumps the version with a
    conditional UPDATE, so of two saves from the same version exactly one wins
    and the other is refused with a message, its input kept in the form.
    """

    read_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    conflict_message = _(
        "Someone else saved changes while you were editing. Your changes have not been "
        "saved; they are still in the form. Compare with the page as it is now, and save again."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["read_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("read_version") != self._stored_version():
            raise forms.ValidationError(self.conflict_message, code="conflict")
        return cleaned

    def _stored_version(self) -> int | None:
        model = type(self.instance)
        return model.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()

    def save(self, commit: bool = True):
        """Save, or raise ConcurrentEdit when another save won the race. Call inside atomic()."""
        if self.instance.pk:
            model = type(self.instance)
            read = self.cleaned_data["read_version"]
            won = model.objects.filter(pk=self.instance.pk, version=read).update(
                version=models.F("version") + 1
            )
            if not won:
                raise ConcurrentEdit
            self.instance.version = read + 1
        if not commit:
            return super().save(commit=False)
        with one_record(self.instance):  # the object and its many-to-many fields: one record
            return super().save(commit=True)


def save_versioned(form, on_saved=None):
    """Save a versioned form (and what on_saved adds) in one transaction.

    Returns the object, or None when another save won the race; the form then
    carries the conflict message and the user's input.
    """
    try:
        with transaction.atomic():
            obj = form.save()
            if on_saved:
                on_saved(obj)
            return obj
    except ConcurrentEdit:
        form.add_error(None, form.conflict_message)
        return None


def is_conflict(form) -> bool:
    """True when the form was refused because someone else saved first."""
    return any(e.code == "conflict" for e in form.errors.as_data().get("__all__", []))


ALREADY_SENT = _("The form was already sent – here is the result.")


class _NotCreated(Exception):
    """The create function made nothing (its form has the errors): undo the token too."""


class OneTimeFormMixin(forms.Form):
    """A create form that is carried out once.

    The form carries a fresh token; the view creates through `save_once`, which records
    the token in the same transaction. Sent again (a double click, the browser's "send
    again"), `sent_before` leads to what the first made instead of making a duplicate.
    A form sent without a token (an older page) is an ordinary create."""

    # Read by `token()`, leniently: a token that is not one makes an ordinary create.
    submission = forms.CharField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if getattr(getattr(self, "instance", None), "pk", None):
            del self.fields["submission"]  # editing: not a create

    def token(self) -> uuid.UUID | None:
        """The token sent with the form, read before (and whatever) validation."""
        if not self.is_bound or "submission" not in self.fields:
            return None
        try:
            return uuid.UUID(str(self.data.get(self.add_prefix("submission"), "")))
        except ValueError:
            return None

    def first_result(self, request: HttpRequest) -> str | None:
        """Where an earlier submission of this very form led, or None."""
        token = self.token()
        if token is None:
            return None
        return (
            Submission.objects.filter(token=token, action=request.path)
            .values_list("result_url", flat=True)
            .first()
        )

    def save_once(self, request: HttpRequest, create: Callable, url: Callable | None = None):
        """Run `create` (which returns the new object, or None when it made nothing) with
        the token recorded, in one transaction. Returns the object, or None: nothing was
        made, or a twin of this submission, sent at the same moment, made it (it holds
        the token's row; `first_result` then says where)."""
        token, submission = self.token(), None
        try:
            with transaction.atomic():
                if token:
                    submission = Submission.objects.create(
                        token=token, action=request.path, user=request.user
                    )
                obj = create()
                if obj is None:
                    raise _NotCreated
                if submission:
                    submission.result_url = url(obj) if url else obj.get_absolute_url()
                    submission.save(update_fields=["result_url"])
                return obj
        except _NotCreated:
            return None
        except IntegrityError:
            if self.first_result(request) is None:
                raise
            return None


def sent_before(request: HttpRequest, form: OneTimeFormMixin) -> HttpResponse | None:
    """The answer to a form sent a second time: what the first submission made."""
    url = form.first_result(request)
    if url is None:
        return None
    messages.info(request, ALREADY_SENT)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


class PreferencesForm(DesignSystemFormMixin, forms.ModelForm):
    """ "Mine indstillinger": what a person can turn on and off for themself."""

    class Meta:
        model = User
        fields = ["weekly_digest"]
        labels = {"weekly_digest": _("Send me the weekly digest")}


class OrganisationFileForm(DesignSystemFormMixin, forms.Form):
    """The organisation file to preview (`dus/orgcsv.py` reads and checks it)."""

    file = forms.FileField(
        label=_("Organisation file (CSV)"),
        max_length=200,
        help_text=_(
            "One sheet saved as CSV UTF-8, with a row per unit and per person. Units and "
            "people from an earlier import that are missing from the file are deactivated."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.pop("class")  # DKFDS styles the file input itself
