"""The pages that span every app: the front page (Overblik) and the portal's search."""

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dialogues import front
from dialogues import search as portal_search
from dialogues.models import Dialogue, FollowUp
from dus.search import clean
from dus.views import get_plan


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Overblik: a section for each role the person holds, most personal first (see
    dialogues.front), their dialogues, then the vision, strategy tracks, development
    tracks and hard problems. Read fresh on every request, in a fixed number of queries."""
    plan = get_plan()
    user = request.user
    problems = list(plan.hardproblem_set.all())
    return render(
        request,
        "dialogues/overview.html",
        {
            "plan": plan,
            "strategy_tracks": plan.strategytrack_set.all(),
            "tracks": plan.track_set.all(),
            "problems": problems,
            "mine": front.mine(user),
            "my_clusters": front.clusters(user),
            "sharing": front.sharing(user),
            "programme": front.programme(user, plan, problems),
            "stale_days": settings.STALE_DAYS,
            **_my_dialogues(user),
        },
    )


def _my_dialogues(user) -> dict:
    """The user's upcoming dialogues and the open follow-ups of their dialogues, in one
    query (two when there are any): the front page keeps its query count."""
    now = timezone.now()
    dialogues = list(
        Dialogue.objects.with_participant(user)
        .filter(
            Q(state=Dialogue.State.SCHEDULED, scheduled_at__gte=now)
            | Q(Exists(FollowUp.objects.open().filter(dialogue=OuterRef("pk"))))
        )
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "follow_ups",
                FollowUp.objects.open().select_related("owner"),
                to_attr="open_follow_ups",
            )
        )
        .order_by("scheduled_at")
    )
    follow_ups = sorted(
        (f for d in dialogues for f in d.open_follow_ups), key=lambda f: (f.due_on, f.pk)
    )
    return {
        "my_dialogues": [d for d in dialogues if d.scheduled_at >= now and not d.is_held][:5],
        "my_follow_ups": follow_ups[:10],
    }


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The portal's one search box: results grouped by kind, matches marked."""
    query, shortened = clean(request.GET.get("q", ""))
    groups = portal_search.paged(request, query)
    return render(
        request,
        "dialogues/search.html",
        {
            "query": query,
            "shortened": shortened,
            "groups": groups,
            # A kind whose count stopped early counts as its cap: "more than ...".
            "total": sum(hits.more_than or hits.total for _key, _label, hits in groups),
            "more": any(hits.more_than for _key, _label, hits in groups),
        },
    )
