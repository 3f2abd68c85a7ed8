"""Portfolios: the list of them, one cluster's portfolio in priority order, and
prioritising it (by dragging or with the "op"/"ned" buttons)."""

from dataclasses import replace

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget, trigger_client_event

from dus.input import parse_int
from dus.paging import bounded, count_of
from dus.views import get_plan
from missions.models import Cluster
from missions.views.access import get_cluster_for_user
from portfolio.models import ACTIVE_STATUSES, Initiative, Review, Status, reorder, shift_rank

PORTFOLIOS_PER_PAGE = 25


@require_GET
def portfolio_list(request: HttpRequest) -> HttpResponse:
    """Every cluster's portfolio, with the number of initiatives in each state, a page at
    a time in the order of the tracks and missions ("Vis flere" appends the next rows)."""
    initiatives = Initiative.objects.filter(cluster=OuterRef("pk"))
    clusters = (
        Cluster.objects.filter(mission__track__plan=get_plan())
        .select_related("mission__track")
        .annotate(
            active_count=count_of(initiatives.filter(status__in=ACTIVE_STATUSES)),
            stopped_count=count_of(initiatives.filter(status=Status.STOPPED)),
            total_count=count_of(initiatives),
        )
        .order_by("mission__track__number", "mission__title", "name", "pk")
    )
    shown = bounded(request, clusters, per_page=PORTFOLIOS_PER_PAGE, list_id="portfolio-rows")
    return render(request, "portfolio/portfolio_list.html", {"clusters": shown})


RANKING_PER_PAGE = 20
CLOSED_PER_PAGE = 10  # anchored, scaled and stopped: the record below the ranking
RANKING_LIST = "ranking-list"


def _active(cluster: Cluster):
    """The cluster's active initiatives, in priority order, with what a row shows."""
    return (
        Initiative.objects.filter(cluster=cluster)
        .active()
        .with_last_entry()
        .select_related("owner")
        .order_by("rank", "id")
    )


def _page_of(place: int) -> int:
    return (place - 1) // RANKING_PER_PAGE + 1


def portfolio_context(request: HttpRequest, cluster: Cluster, **extra) -> dict:
    """The first page of the ranking (or the page asked for), the closed initiatives'
    first page, and the counts of the whole portfolio, never of the page alone."""
    shown = bounded(request, _active(cluster), per_page=RANKING_PER_PAGE, list_id=RANKING_LIST)
    closed = bounded(
        request,
        Initiative.objects.filter(cluster=cluster)
        .exclude(status__in=ACTIVE_STATUSES)
        .order_by("rank", "id"),
        per_page=CLOSED_PER_PAGE,
        list_id="closed-list",
        param="afsluttede",
    )
    return {
        "cluster": cluster,
        "mission": cluster.mission,
        "shown": shown,
        "closed": closed,
        "count": shown.total,
        "offset": shown.page.start_index() - 1,
        "stale_count": Initiative.objects.filter(cluster=cluster)
        .stale(settings.STALE_DAYS)
        .count(),
        "stale_days": settings.STALE_DAYS,
        "can_steer": cluster.can_steer(request.user),
        "reviews": Review.objects.filter(cluster=cluster).order_by("-scheduled_at")[:5],
        "log_cluster": cluster,
    } | extra


@require_GET
def portfolio_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request, pk)
    context = portfolio_context(request, cluster)
    if context["shown"].appending:  # "Vis flere": the ranking's next rows are enough
        return render(request, "portfolio/portfolio_detail.html#ranking", context)
    return render(request, "portfolio/portfolio_detail.html", context)


def _ranking_answer(
    request: HttpRequest, cluster: Cluster, message: str, error: str = "", place: int = 0
):
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
    if not place:
        return redirect("portfolio:portfolio_detail", pk=cluster.pk)
    return redirect(_place_url(cluster, place))


def _place_url(cluster: Cluster, place: int) -> str:
    """The page of the ranking that shows the given place, scrolled to it."""
    url = reverse("portfolio:portfolio_detail", args=[cluster.pk])
    page = _page_of(place)
    return f"{url}?side={page}#rank-{place}" if page > 1 else f"{url}#rank-{place}"


@require_POST
def portfolio_rank(request: HttpRequest, pk: int) -> HttpResponse:
    """Shift one initiative a place up or down: the buttons post `move` as "<id>:up" or
    "<id>:down" (the field keeps the name the buttons have always sent). A move goes
    across the pages of the ranking: the last row shown moves down onto the next page.

    Answers htmx with just the rows that changed, so the answer stays small however long
    the portfolio is. ranking.js sends the places of the first and last row the page
    shows (`shown_first`, `shown_last`): a row moved below them comes with the next
    page, appended as "Vis flere" would; a row moved above them (on a later page opened
    by its address) takes the browser to the page where it now is."""
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
        return _ranking_answer(request, cluster, message, place=new)
    page_start = (_page_of(old) - 1) * RANKING_PER_PAGE + 1
    first = parse_int(request.POST.get("shown_first", "")) or page_start
    last = parse_int(request.POST.get("shown_last", "")) or page_start + RANKING_PER_PAGE - 1
    if new < first:
        messages.success(request, message)
        return HttpResponseClientRedirect(_place_url(cluster, new))
    active = _active(cluster)
    count = active.count()
    # Focus follows the moved initiative: the same button, or the other at either end.
    at_end = (direction == "up" and new == 1) or (direction == "down" and new == count)
    focus = {"up": "down", "down": "up"}[direction] if at_end else direction
    context = {"can_steer": True, "count": count, "oob": True, "message": message}
    if new > last:
        # The next page, appended below the shown rows with the moved row first.
        more = replace(
            bounded(
                request,
                active,
                per_page=RANKING_PER_PAGE,
                list_id=RANKING_LIST,
                number=_page_of(new),
                path=reverse("portfolio:portfolio_detail", args=[cluster.pk]),
            ),
            appending=True,
        )
        context |= {
            "rows": [{"initiative": active[old - 1], "place": old}],
            "appended": more,
            "offset": more.page.start_index() - 1,
            "focus": focus,
            "focus_pk": initiative.pk,
        }
    else:
        low = min(old, new)
        pair = list(active[low - 1 : low + 1])
        context["rows"] = [
            {"initiative": row, "place": place, "focus": focus if place == new else ""}
            for place, row in enumerate(pair, start=low)
        ]
    response = render(request, "portfolio/portfolio_detail.html#shifted", context)
    reswap(response, "none")
    return trigger_client_event(response, "dus:announce", {"message": message})


@require_POST
def portfolio_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    """Save a new order of the rows the page shows (after dragging). `before` names them
    as the page showed them: if another change came first, the order is refused and the
    ranking shown again as it now is, rather than written over that change. Without
    `before` the order must name every active initiative."""
    cluster = get_cluster_for_user(request, pk, write=True)
    ordered = [parse_int(value) for value in request.POST.getlist("order")]
    before = [parse_int(value) for value in request.POST.getlist("before")] or None
    if None in ordered or (before and None in before):
        return _ranking_answer(request, cluster, "", _("The order is not valid."))
    try:
        start = reorder(cluster, ordered, by=request.user, shown=before)
    except ValidationError as error:
        return _ranking_answer(request, cluster, "", error.messages[0])
    message = _("The new order was saved.")
    if not request.htmx:
        return _ranking_answer(request, cluster, message, place=start + 1)
    # The rows the page shows, renumbered in their new order, in place of the list's.
    rows = list(_active(cluster)[start : start + len(ordered)])
    response = render(
        request,
        "portfolio/portfolio_detail.html#reordered",
        {
            "rows": rows,
            "offset": start,
            "count": Initiative.objects.filter(cluster=cluster).active().count(),
            "can_steer": True,
            "message": message,
        },
    )
    retarget(response, f"#{RANKING_LIST}")
    reswap(response, "innerHTML")
    return trigger_client_event(response, "dus:announce", {"message": message})
