"""Portfolios: the list of them, one cluster's portfolio in priority order, and
prioritising it (by dragging or with the "op"/"ned" buttons)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from dus.views import get_plan
from missions.models import Cluster
from portfolio.models import ACTIVE_STATUSES, Initiative, Review, move, reorder
from portfolio.views.access import (
    can_steer_cluster,
    get_cluster_for_user,
    get_initiative_for_user,
)


@require_GET
def portfolio_list(request: HttpRequest) -> HttpResponse:
    """Every cluster's portfolio, with the number of initiatives in each state."""
    clusters = (
        Cluster.objects.filter(mission__track__plan=get_plan())
        .select_related("mission__track")
        .annotate(
            active_count=Count("initiatives", filter=Q(initiatives__status__in=ACTIVE_STATUSES)),
            stopped_count=Count("initiatives", filter=Q(initiatives__status="stopped")),
            total_count=Count("initiatives"),
        )
        .order_by("mission__track__number", "mission__title", "name")
    )
    return render(request, "portfolio/portfolio_list.html", {"clusters": clusters})


def portfolio_context(request: HttpRequest, cluster: Cluster, **extra) -> dict:
    initiatives = list(
        Initiative.objects.filter(cluster=cluster)
        .with_last_entry()
        .select_related("owner", "unit")
        .order_by("rank", "id")
    )
    return {
        "cluster": cluster,
        "mission": cluster.mission,
        "active": [i for i in initiatives if i.is_active],
        "closed": [i for i in initiatives if not i.is_active],
        "can_steer": can_steer_cluster(request.user, cluster),
        "reviews": Review.objects.filter(cluster=cluster).order_by("-scheduled_at")[:5],
        "log_cluster": cluster,
    } | extra


@require_GET
def portfolio_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request, pk)
    return render(request, "portfolio/portfolio_detail.html", portfolio_context(request, cluster))


def _ranking_answer(request: HttpRequest, cluster: Cluster, message: str, error: str = ""):
    if request.htmx:
        response = render(
            request,
            "portfolio/portfolio_detail.html#ranking",
            portfolio_context(request, cluster, message=message, error=error),
        )
        return trigger_client_event(response, "dus:announce", {"message": error or message})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, message)
    return redirect("portfolio:cluster", pk=cluster.pk)


@require_POST
def initiative_rank(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an initiative one place up or down."""
    initiative = get_initiative_for_user(request, pk)
    cluster = get_cluster_for_user(request, initiative.cluster_id, write=True)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if offset is None:
        return _ranking_answer(request, cluster, "", _("Choose up or down."))
    try:
        place = move(initiative, offset, by=request.user)
    except ValidationError as error:
        return _ranking_answer(request, cluster, "", error.messages[0])
    return _ranking_answer(
        request,
        cluster,
        _("%(title)s is now number %(place)s.") % {"title": initiative.title, "place": place},
    )


@require_POST
def portfolio_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    """Save a whole new order (after dragging)."""
    cluster = get_cluster_for_user(request, pk, write=True)
    try:
        ordered = [int(value) for value in request.POST.getlist("order")]
        reorder(cluster, ordered, by=request.user)
    except (ValueError, ValidationError) as error:
        message = (
            error.messages[0]
            if isinstance(error, ValidationError)
            else _("The order is not valid.")
        )
        return _ranking_answer(request, cluster, "", message)
    return _ranking_answer(request, cluster, _("The new order was saved."))
