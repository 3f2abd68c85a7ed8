"""The pages that span every app: the front page (Overblik) and the portal's search."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dialogues import search as portal_search
from dus.search import clean
from dus.views import get_plan
from missions.models import Cluster


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Overblik: the vision, strategy tracks, development tracks and hard problems."""
    plan = get_plan()
    return render(
        request,
        "dialogues/overview.html",
        {
            "plan": plan,
            "strategy_tracks": plan.strategytrack_set.all(),
            "tracks": plan.track_set.all(),
            "problems": plan.hardproblem_set.all(),
            "my_clusters": Cluster.objects.with_member(request.user).select_related("mission"),
        },
    )


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The portal's one search box: results grouped by kind, matches marked."""
    query, shortened = clean(request.GET.get("q", ""))
    groups = portal_search.search(query)
    return render(
        request,
        "dialogues/search.html",
        {
            "query": query,
            "shortened": shortened,
            "groups": groups,
            "total": sum(len(hits) for _key, _label, hits in groups),
        },
    )
