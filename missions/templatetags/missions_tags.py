"""Template tags of the missions pages."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from missions import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def cluster_sections(context, cluster) -> SafeString:
    """The sections the apps above missions add to the cluster page (`missions.hooks`)."""
    request = context.get("request")
    return mark_safe(
        "".join(conditional_escape(section(request, cluster)) for section in hooks.cluster_sections)
    )
