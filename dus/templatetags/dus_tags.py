"""Small template filters and tags of the portal."""

from datetime import date, datetime

from django import template
from django.forms import ModelChoiceField
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def days_since(moment: datetime | None) -> int | None:
    """Whole days from `moment` until today, in the portal's time zone."""
    if moment is None:
        return None
    return (timezone.localdate() - timezone.localdate(moment)).days


@register.filter
def html_datetime(moment: date | datetime | None) -> str:
    """A date or moment as the `datetime` attribute of <time> wants it: "2025-03-01", or
    "2025-03-01T09:30:00+01:00" in the portal's time zone, to the second (the HTML
    standard allows at most three digits of a second's fraction, Python writes six)."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.isoformat(timespec="seconds")
    return moment.isoformat()


@register.simple_tag
def icon(name: str) -> str:
    """An icon of the design system's sprite, hidden from screen readers: the text beside
    it says what it means; the line break after it is the space before that text. A tag,
    not an include: a page draws a dozen of them."""
    return format_html(
        '<svg class="icon-svg" focusable="false" aria-hidden="true">'
        '<use href="{}#{}"></use></svg>\n',
        static("vendor/dkfds/img/all-svg-icons.svg"),
        name,
    )


@register.filter
def get_item(mapping: dict, key):
    """mapping[key] in a template, None when missing."""
    return mapping.get(key) if mapping else None


@register.simple_tag
def select_options(bound_field) -> str:
    """The <option>s of a choice field, built in Python: much cheaper than Django's
    per-option widget templates for long lists (filters with hundreds of people). A
    model's objects are read in one query, not through a server-side cursor."""
    value = bound_field.value()
    values = value if isinstance(value, list | tuple) else [value or ""]
    current = {str(v) for v in values}
    field = bound_field.field
    if isinstance(field, ModelChoiceField):
        choices = [("", field.empty_label)] if field.empty_label is not None else []
        if label_field := getattr(field, "label_field", None):  # the label is this field
            choices += list(field.queryset.values_list("pk", label_field))
        else:
            choices += [(obj.pk, field.label_from_instance(obj)) for obj in list(field.queryset)]
    else:
        choices = field.choices
    return mark_safe(
        "".join(
            f'<option value="{escape(value)}"{" selected" if str(value) in current else ""}>'
            f"{escape(label)}</option>"
            for value, label in choices
        )
    )
