"""The portfolio as the cluster page (in missions) shows it: a section that
PortfolioConfig.ready adds to the page through `missions.hooks`."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from missions.models import Cluster
from portfolio.models import Initiative


def cluster_summary(request: HttpRequest, cluster: Cluster, limit: int = 5) -> str:
    """The cluster's top active initiatives in priority order, and how many there are."""
    active = Initiative.objects.filter(cluster=cluster).active().select_related("owner")
    context = {
        "cluster": cluster,
        "top": list(active.order_by("rank", "id")[:limit]),
        "active_count": active.count(),
    }
    return render_to_string("portfolio/_summary.html", context, request=request)
