"""One search across the portal: initiatives, logbook entries, missions, clusters, and
the strategic frame (hard problems, development tracks, strategy tracks).

It spans every app, so it lives in the top layer; the machinery (cleaning the query,
full text on PostgreSQL, the fallback on SQLite, marking the matches) is `dus/search.py`.
"""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dus import search as machinery
from dus.input import parse_int
from dus.models import HardProblem, StrategyTrack, Track
from dus.paging import Bounded, bounded
from dus.search import Found, Hit, Kind
from missions.models import Cluster, Mission
from portfolio.models import Initiative, LogEntry

# Where the strategy tracks are shown: a list on the front page, without pages of their own.
STRATEGY_TRACKS_ANCHOR = "strategy-heading"
# A page asked for beyond this (a tampered address) counts hits only this far.
MAX_PAGE = 10_000


# What a hit shows of the big kinds (its heading, snippet and line of facts): the rows
# of a page of hits are read with these columns only, not with every column of every
# joined table (a stored search vector among them).
INITIATIVE_COLUMNS = ["title", "what", "hypothesis", "status", "cluster__name"]
ENTRY_COLUMNS = [
    "kind",
    "text",
    "created_at",
    "initiative__title",
    "author__username",
    "author__first_name",
    "author__last_name",
]
MISSION_COLUMNS = ["title", "statement", "ambition", "track__title"]
CLUSTER_COLUMNS = ["name", "purpose", "mission__title"]


def _numbered(o) -> dict:
    return {"number": o.number, "plan": o.plan.title}


def _short_date(when) -> str:
    return date_format(timezone.localtime(when), "SHORT_DATE_FORMAT")


def _kinds() -> list[Kind]:
    return [
        Kind(
            "initiatives",
            _("Initiatives"),
            Initiative.objects.select_related("cluster").only(*INITIATIVE_COLUMNS),
            "title",
            ["what", "hypothesis"],
            url=lambda o: o.get_absolute_url(),
            meta=lambda o: f"{o.get_status_display()} · {o.cluster.name}",
            vector="search_vector",
        ),
        Kind(
            "entries",
            _("Logbook entries"),
            LogEntry.objects.select_related("initiative", "author").only(*ENTRY_COLUMNS),
            "initiative__title",
            ["text"],
            url=lambda o: o.initiative.get_absolute_url(),
            meta=lambda o: f"{o.get_kind_display()} · {o.author} · {_short_date(o.created_at)}",
            title_searched=False,
            vector="search_vector",
            # Newest first, as a logbook reads, along the created_at index: a common
            # word's hits are found after a few hundred rows.
            order=["-created_at", "-id"],
        ),
        Kind(
            "missions",
            _("Missions"),
            Mission.objects.select_related("track").only(*MISSION_COLUMNS),
            "title",
            ["statement", "ambition"],
            url=lambda o: o.get_absolute_url(),
            meta=lambda o: o.track.title,
            vector="search_vector",
        ),
        Kind(
            "clusters",
            _("Clusters"),
            Cluster.objects.select_related("mission").only(*CLUSTER_COLUMNS),
            "name",
            ["purpose"],
            url=lambda o: o.get_absolute_url(),
            meta=lambda o: o.mission.title,
            vector="search_vector",
        ),
        Kind(
            "problems",
            _("Hard problems"),
            HardProblem.objects.select_related("plan"),
            "title",
            ["description", "elsewhere_note"],
            url=lambda o: o.get_absolute_url(),
            meta=lambda o: gettext("Hard problem %(number)s · %(plan)s") % _numbered(o),
        ),
        Kind(
            "tracks",
            _("Development tracks"),
            Track.objects.select_related("plan"),
            "title",
            ["description"],
            url=lambda o: o.get_absolute_url(),
            meta=lambda o: gettext("Development track %(number)s · %(plan)s") % _numbered(o),
        ),
        Kind(
            "strategy_tracks",
            _("Strategy tracks"),
            StrategyTrack.objects.select_related("plan"),
            "title",
            ["description"],
            url=lambda o: f"{reverse('frame:overview')}#{STRATEGY_TRACKS_ANCHOR}",
            meta=lambda o: gettext("Strategy track %(number)s · %(plan)s") % _numbered(o),
        ),
    ]


def search(query: str) -> list[tuple[str, str, list[Hit]]]:
    """(key, label, hits) for each kind of object, best first."""
    return machinery.search(query, _kinds())


def paged(request: HttpRequest, query: str) -> list[tuple[str, str, Bounded]]:
    """(key, label, a page of hits) for each kind of object: the first LIMIT hits, and
    "Vis flere" (`?<key>=2`, the query kept). When htmx asks for more of one kind
    (its list is the target), only that kind is searched. Hits are counted up to the
    end of the page asked for, and at least to CAP ("more than 100")."""
    if not query:
        return []
    kinds = _kinds()
    target = request.htmx.target if request.htmx else None
    if asked := [kind for kind in kinds if target == _list_id(kind)]:
        kinds = asked
    return [
        (
            kind.key,
            kind.label,
            bounded(
                request,
                Found(kind, query, cap=_page_number(request, kind) * machinery.LIMIT),
                per_page=machinery.LIMIT,
                list_id=_list_id(kind),
                param=kind.key,
            ),
        )
        for kind in kinds
    ]


def _page_number(request: HttpRequest, kind: Kind) -> int:
    return min(parse_int(request.GET.get(kind.key)) or 1, MAX_PAGE)


def _list_id(kind: Kind) -> str:
    return f"results-{kind.key}-list"
