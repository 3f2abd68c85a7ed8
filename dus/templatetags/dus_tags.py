"""Small template filters of the portal."""

from datetime import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def days_since(moment: datetime | None) -> int | None:
    """Whole days from `moment` until today, in the portal's time zone."""
    if moment is None:
        return None
    return (timezone.localdate() - timezone.localdate(moment)).days


@register.filter
def get_item(mapping: dict, key):
    """mapping[key] in a template, None when missing."""
    return mapping.get(key) if mapping else None
