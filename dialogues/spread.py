"""Spread per gathering: how many initiatives each Ledertræf set going, for the
gathering's page and as a panel on the portfolio's dashboard (portfolio.hooks)."""

from django.db.models import Count, Q
from django.http import HttpRequest

from dialogues.models import Gathering

DASHBOARD_GATHERINGS = 8


def dashboard_panel(request: HttpRequest, filters) -> tuple[str, dict]:
    """The latest held gatherings, each with how many of the dashboard's (filtered)
    initiatives were started from its agenda: one query."""
    set_going = Q(items__adoptions__initiative__in=filters.qs.order_by().values("pk"))
    gatherings = (
        Gathering.objects.filter(state=Gathering.State.HELD)
        .annotate(set_going=Count("items__adoptions", filter=set_going))
        .order_by("-date", "-starts_at")[:DASHBOARD_GATHERINGS]
    )
    return "dialogues/_gathering_spread_panel.html", {"gatherings": list(gatherings)}
