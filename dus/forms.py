"""Forms of the project package, and the mixin that gives every form of the
portal the markup of Det Fælles Designsystem."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

WIDGET_CLASSES = {
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.CheckboxInput: "form-checkbox",
    forms.CheckboxSelectMultiple: "form-checkbox",
    forms.RadioSelect: "form-radio",
}


class DesignSystemFormMixin:
    """Adds DKFDS classes and the aria attributes that tie a field to its hint and error."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = next(
                (css for kind, css in WIDGET_CLASSES.items() if isinstance(widget, kind)),
                "form-input",
            )
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()
            described_by = []
            if field.help_text:
                described_by.append(f"id_{name}_hint")
            if self.is_bound and name in self.errors:
                described_by.append(f"id_{name}_error")
                widget.attrs["aria-invalid"] = "true"
            if described_by:
                widget.attrs["aria-describedby"] = " ".join(described_by)


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
