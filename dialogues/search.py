"""One search across the portal: initiatives, logbook entries, missions and clusters.

It spans every app, so it lives in the top layer; the machinery (cleaning the query,
full text on PostgreSQL, the fallback on SQLite, marking the matches) is `dus/search.py`.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from dus import search as machinery
from dus.search import Hit
from missions.models import Cluster, Mission
from portfolio.models import Initiative, LogEntry


def _short_date(when) -> str:
    return date_format(timezone.localtime(when), "SHORT_DATE_FORMAT")


def _kinds():
    # (key, label, queryset, searched fields, title, url, snippet field, meta)
    return [
        (
            "initiatives",
            _("Initiatives"),
            Initiative.objects.select_related("cluster"),
            ["title", "what", "hypothesis"],
            lambda o: o.title,
            lambda o: o.get_absolute_url(),
            "what",
            lambda o: f"{o.get_status_display()} · {o.cluster.name}",
        ),
        (
            "entries",
            _("Logbook entries"),
            LogEntry.objects.select_related("initiative", "author"),
            ["text"],
            lambda o: o.initiative.title,
            lambda o: o.initiative.get_absolute_url(),
            "text",
            lambda o: f"{o.get_kind_display()} · {o.author} · {_short_date(o.created_at)}",
        ),
        (
            "missions",
            _("Missions"),
            Mission.objects.select_related("track"),
            ["title", "statement", "ambition"],
            lambda o: o.title,
            lambda o: o.get_absolute_url(),
            "statement",
            lambda o: o.track.title,
        ),
        (
            "clusters",
            _("Clusters"),
            Cluster.objects.select_related("mission"),
            ["name", "purpose"],
            lambda o: o.name,
            lambda o: o.get_absolute_url(),
            "purpose",
            lambda o: o.mission.title,
        ),
    ]


def search(query: str) -> list[tuple[str, str, list[Hit]]]:
    """(key, label, hits) for each kind of object, best first."""
    return machinery.search(query, _kinds())
