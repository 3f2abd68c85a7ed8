"""The portfolio as other apps' pages show it (the cluster page's summary)."""

from django import template

from portfolio.models import Initiative

register = template.Library()


@register.inclusion_tag("portfolio/_summary.html")
def portfolio_summary(cluster, limit: int = 5):
    """The cluster's top active initiatives in priority order, and how many there are."""
    active = Initiative.objects.filter(cluster=cluster).active().select_related("owner")
    return {
        "cluster": cluster,
        "top": list(active.order_by("rank", "id")[:limit]),
        "active_count": active.count(),
    }
