"""Portfolios: the list of them, one cluster's portfolio in priority order, and
prioritising it (by dragging or with the "op"/"ned" buttons)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, trigger_client_event

from dus.input import parse_int
from dus.views import get_plan
from missions.models import Cluster
from missions.views.access import get_cluster_for_user
from portfolio.models import ACTIVE_STATUSES, Initiative, Review, reorder, shift_rank


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
        "can_steer": cluster.can_steer(request.user),
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
    return redirect("portfolio:portfolio_detail", pk=cluster.pk)


@require_POST
def portfolio_rank(request: HttpRequest, pk: int) -> HttpResponse:
    """Shift one initiative a place up or down: the buttons post `move` as "<id>:up" or
    "<id>:down" (the field keeps the name the buttons have always sent).

    Answers htmx with just the two rows that changed places, so the answer stays small
    however long the portfolio is."""
    cluster = get_cluster_for_user(request, pk, write=True)
    initiative_id, _sep, direction = request.POST.get("move", "").partition(":")
    offset = {"up": -1, "down": 1}.get(direction)
    initiative_id = parse_int(initiative_id)
    initiative = (
        Initiative.objects.filter(cluster=cluster, pk=initiative_id).first()
        if initiative_id
        else None
    )
    if offset is None or initiative is None:
        return _ranking_answer(
            request, cluster, "", _("Choose up or down for an initiative in this portfolio.")
        )
    try:
        old, new = shift_rank(initiative, offset, by=request.user)
    except ValidationError as error:
        return _ranking_answer(request, cluster, "", error.messages[0])
    message = _("%(title)s is now number %(place)s.") % {"title": initiative.title, "place": new}
    if not request.htmx:
        return _ranking_answer(request, cluster, message)
    active = list(
        Initiative.objects.filter(cluster=cluster)
        .active()
        .with_last_entry()
        .select_related("owner")
        .order_by("rank", "id")
    )
    # Focus follows the moved initiative: the same button, or the other at either end.
    at_end = (direction == "up" and new == 1) or (direction == "down" and new == len(active))
    focus = {"up": "down", "down": "up"}[direction] if at_end else direction
    rows = [
        {"initiative": active[place - 1], "place": place, "focus": focus if place == new else ""}
        for place in sorted({old, new})
    ]
    response = render(
        request,
        "portfolio/portfolio_detail.html#shifted",
        {"rows": rows, "can_steer": True, "count": len(active), "oob": True, "message": message},
    )
    reswap(response, "none")
    return trigger_client_event(response, "dus:announce", {"message": message})


@require_POST
def portfolio_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    """Save a whole new order (after dragging)."""
    cluster = get_cluster_for_user(request, pk, write=True)
    ordered = [parse_int(value) for value in request.POST.getlist("order")]
    if None in ordered:
        return _ranking_answer(request, cluster, "", _("The order is not valid."))
    try:
        reorder(cluster, ordered, by=request.user)
    except ValidationError as error:
        return _ranking_answer(request, cluster, "", error.messages[0])
    return _ranking_answer(request, cluster, _("The new order was saved."))
