"""Spread per gathering: how many initiatives each Ledertræf set going, for the
gathering's page and as a panel on the portfolio's dashboard (portfolio.hooks)."""

from django.db.models import OuterRef
from django.http import HttpRequest

from dialogues.models import Adoption, Gathering
from dus.paging import count_of

DASHBOARD_GATHERINGS = 8


def dashboard_panel(request: HttpRequest, filters) -> tuple[str, dict]:
    """The latest held gatherings, each with how many of the dashboard's (filtered)
    initiatives were started from its agenda: one query, which counts for the shown
    gatherings only."""
    adopted = Adoption.objects.filter(
        agenda_item__gathering=OuterRef("pk"), initiative__in=filters.qs.order_by().values("pk")
    )
    gatherings = (
        Gathering.objects.filter(state=Gathering.State.HELD)
        .annotate(set_going=count_of(adopted))
        .order_by("-date", "-starts_at")[:DASHBOARD_GATHERINGS]
    )
    return "dialogues/_gathering_spread_panel.html", {"gatherings": list(gatherings)}
