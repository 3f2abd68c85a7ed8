"""Group management's dashboard, and the filtered, sortable list of initiatives that
every number on it links to."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dus.models import Unit
from dus.views import get_plan
from portfolio import export, metrics
from portfolio.filters import SORTS, InitiativeFilter
from portfolio.models import Initiative, Status

PAGE_SIZE = 50


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The whole portfolio at a glance; every panel follows the filters."""
    filters = InitiativeFilter(request.GET, queryset=Initiative.objects.all())
    initiatives = filters.qs
    stale_items, stale_count = metrics.stale(initiatives)
    overdue, soon = metrics.reviews(initiatives)
    learning, learning_count = metrics.learning(initiatives)
    context = {
        "filters": filters,
        "statuses": Status,
        "by_track": metrics.status_by_track(initiatives),
        "by_mission": metrics.status_by_mission(initiatives),
        "coverage": metrics.coverage(initiatives, get_plan()),
        "capacity": metrics.capacity(initiatives),
        "stale": stale_items,
        "stale_count": stale_count,
        "overdue": overdue,
        "soon": soon,
        "decisions": metrics.recent_decisions(initiatives),
        "learning": learning,
        "learning_count": learning_count,
        "can_set_capacity": request.user.is_group_management,
        "stale_days": settings.STALE_DAYS,
    }
    if request.htmx:
        return render(request, "portfolio/dashboard.html#panels", context)
    return render(request, "portfolio/dashboard.html", context)


@require_GET
def initiative_list(request: HttpRequest) -> HttpResponse:
    """Initiatives, filtered, sorted and paginated; the links keep the filters."""
    filters = InitiativeFilter(request.GET, queryset=Initiative.objects.all())
    sort = request.GET.get("sort", "rank")
    if sort not in SORTS:
        sort = "rank"
    initiatives = (
        filters.qs.with_last_entry()
        .select_related("cluster__mission", "owner", "unit")
        .order_by(*SORTS[sort][0], "pk")
    )
    page = Paginator(initiatives, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "portfolio/initiative_list.html",
        {
            "filters": filters,
            "page": page,
            "sort": sort,
            "sort_labels": [(key, label) for key, (_order, label) in SORTS.items()],
        },
    )


@require_POST
def unit_capacity(request: HttpRequest, pk: int) -> HttpResponse:
    """Group management sets a unit's capacity threshold for development work."""
    if not request.user.is_group_management:
        raise PermissionDenied
    unit = get_object_or_404(Unit, pk=pk)
    raw = request.POST.get("capacity_hours", "").strip()
    if raw and (not raw.isdigit() or not 1 <= int(raw) <= 10_000):
        messages.error(request, _("Give the capacity as a whole number of hours from 1 to 10,000."))
    else:
        unit.capacity_hours = int(raw) if raw else None
        unit.save(update_fields=["capacity_hours"])
        messages.success(request, _("The capacity of %(unit)s was saved.") % {"unit": unit})
    return redirect(
        request.POST.get("next")
        if str(request.POST.get("next", "")).startswith("/dashboard/")
        else "portfolio:dashboard"
    )


@require_GET
def initiative_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered initiatives as CSV or XLSX, with Danish column headings."""
    filters = InitiativeFilter(request.GET, queryset=Initiative.objects.all())
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(export.as_csv(filters.qs), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            export.as_xlsx(filters.qs),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="dus-portefoelje-{stamp}.{fmt}"'
    return response
