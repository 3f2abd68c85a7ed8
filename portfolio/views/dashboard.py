"""Group management's dashboard, and the filtered, sortable list of initiatives that
every number on it links to."""

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import MAX_URL_LENGTH, urlencode
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from dus.models import MAX_CAPACITY_HOURS, Unit
from dus.views import get_plan
from missions.models import Mission
from portfolio import export, hooks, metrics
from portfolio.filters import SORTS, InitiativeFilter
from portfolio.forms import CapacityFormSet
from portfolio.models import FiguresVersion, Initiative, Status

PAGE_SIZE = 50
CAPACITY_PREFIX = "cap"
FIGURES_CACHE_SECONDS = 10 * 60  # a write makes a new version: old ones only expire


class ListLinks:
    """Links to the initiative list: the dashboard's filters plus a cell's own values.

    Built in Python, once per page: a few hundred {% querystring %} tags cost more than
    all of the dashboard's queries together."""

    def __init__(self, request: HttpRequest) -> None:
        self.base = reverse("portfolio:initiative_list")
        self.params = {
            key: value
            for key, value in request.GET.items()
            if value and key not in ("sort", "side")
        }

    def __call__(self, **values) -> str:
        params = {key: value for key, value in {**self.params, **values}.items() if value}
        return f"{self.base}?{urlencode(params)}" if params else self.base


def _number_cells(numbers, heat: bool = False) -> str:
    """A table row's cells of whole numbers, written in Python: hundreds of cells in
    template loops cost more than the dashboard's queries. `heat` marks the non-zero."""
    return mark_safe(  # whole numbers only
        "".join(f'<td class="dus-num{" dus-heat" if heat and n else ""}">{n}</td>' for n in numbers)
    )


def _with_links(bars, link, key: str):
    """Each bar's counts per status for the table, and the link of its row heading (the
    row's initiatives of every status); the columns' links are the statuses'."""
    for bar in bars:
        bar.cells = _number_cells(bar.counts.get(status.value, 0) for status in Status)
        bar.total_link = link(**{key: bar.key, "status": ""})
    return bars


def _bars_svg(bars) -> str:
    """The stacked bars as one SVG, written in Python: the same markup from a template
    took a third of the dashboard's rendering (40 missions, 7 segments each). Decorative
    (aria-hidden): the table after it has the figures."""
    step = metrics.BAR_STEP
    rows = []
    for bar in bars:
        segments = "".join(
            f'<rect x="{seg["x"]}" y="4" width="{seg["w"]}" height="18" '
            f'class="dus-seg dus-seg-{seg["status"]}"></rect>'
            for seg in bar.segments
        )
        rows.append(
            f'<g transform="translate(0 {bar.y})"><text x="0" y="18" class="dus-bar-label">'
            f"{escape(Truncator(bar.label).chars(30))}</text>"
            f'<g transform="translate(230 0)">{segments}<text x="{bar.end}" y="18" dx="6" '
            f'class="dus-bar-total">{bar.total}</text></g></g>'
        )
    return mark_safe(  # numbers, Status values and escaped labels
        f'<svg viewBox="0 0 800 {len(bars) * step}" class="dus-bars" width="100%" '
        f'aria-hidden="true" focusable="false" data-rows="{len(bars)}">{"".join(rows)}</svg>'
    )


# Filters that choose which hard problems (rows) or missions (columns) the coverage shows;
# the others choose among the initiatives.
ROW_FILTERS = {"problem"}
COLUMN_FILTERS = {"track", "mission", "cluster"}


def _coverage(filters: InitiativeFilter, initiatives, plan, problems) -> metrics.Coverage:
    """The coverage of what the filters select: only the chosen hard problems and the
    missions of the chosen track, mission or cluster; the rest is outside the filter,
    and is left out rather than shown as a gap. A zero is marked as a gap only where it
    counts every active initiative on the problem, or in the mission."""
    chosen = filters.active_filters
    status = chosen.pop("status", "active")
    if problem := chosen.get("problem"):
        problems = [p for p in problems if p.pk == problem.pk]
    missions = None  # the plan's open missions
    if COLUMN_FILTERS & chosen.keys():
        missions = Mission.objects.filter(track__plan=plan)
        if track := chosen.get("track"):
            missions = missions.filter(track=track)
        if mission := chosen.get("mission"):
            missions = missions.filter(pk=mission.pk)
        if cluster := chosen.get("cluster"):
            missions = missions.filter(clusters=cluster)
    # The initiatives of a cluster, unit, owner or kind, or of one status, are a part of
    # those on a problem or in a mission.
    narrowed = bool(chosen.keys() - ROW_FILTERS - COLUMN_FILTERS) or status != "active"
    return metrics.coverage(
        initiatives,
        plan,
        problems,
        missions,
        active_only=status == "active",
        zero_problem_is_gap=not narrowed and not COLUMN_FILTERS & chosen.keys(),
        zero_mission_is_gap=not narrowed and "cluster" not in chosen and "problem" not in chosen,
    )


def _coverage_rows(coverage, link, status: str | None) -> tuple[list[dict], list[tuple]]:
    """The rows, each with the link of its heading, and the columns (mission, total,
    whether a gap, link): the filters' status, or the active. The cells are plain numbers:
    a row's or a column's heading lists its initiatives (a link per cell was most of the
    page's HTML)."""
    rows = coverage.rows()
    status = {} if status else {"status": "active"}
    for row in rows:
        row["cells"] = _number_cells((n for _mission, n in row["cells"]), heat=True)
        row["total_link"] = link(problem=row["problem"].pk, **status)
    columns = [
        (mission, total, gap, link(mission=mission.pk, **status))
        for mission, total, gap in coverage.mission_totals()
    ]
    return rows, columns


def _units():
    return Unit.objects.order_by("name")


def _panels(request: HttpRequest, filters: InitiativeFilter, capacity_forms=None, back="") -> str:
    """The panels, read from the database on every request: nobody sees figures older
    than the last write. The upper apps' panels (portfolio.hooks) come after its own."""
    figures = render_to_string(
        "portfolio/dashboard.html#figures",
        _panels_context(request, filters, capacity_forms, back or request.get_full_path()),
        request=request,
    )
    upper = "".join(
        render_to_string(template, context, request=request)
        for template, context in (panel(request, filters) for panel in hooks.dashboard_panels)
    )
    return render_to_string(
        "portfolio/dashboard.html#panels",
        {"figures": mark_safe(figures), "upper_panels": mark_safe(upper)},
    )


def _figures(filters: InitiativeFilter, plan) -> tuple[dict, dict]:
    """The figures that aggregate whole tables (status, coverage, capacity, spread,
    learning), and the lists relative to the time (stale work, reviews, recent decisions),
    kept in the cache under the version of their data (FiguresVersion), which the database
    changes on every write to their tables: a read after a write computes them again.
    The time-relative lists are kept until the first moment they could change by
    themselves (metrics.lists_change_at). Data only, never HTML."""
    version = FiguresVersion.current()
    if version is None:  # no version to trust: nothing cached
        return _aggregates(filters, plan), _timely(filters)
    params = sorted(
        (name, value) for name, value in filters.data.items() if name in filters.filters and value
    )
    digest = hashlib.sha256(urlencode(params).encode()).hexdigest()[:32]
    key = f"dashboard-figures:{version}:{plan.pk if plan else 0}:{digest}"
    timely_key = f"{key}:timely"
    found = cache.get_many([key, timely_key])
    if (aggregates := found.get(key)) is None:
        aggregates = _aggregates(filters, plan)
        cache.set(key, aggregates, FIGURES_CACHE_SECONDS)
    now = timezone.now()
    timely = found.get(timely_key)
    if timely is None or (timely["until"] is not None and now >= timely["until"]):
        timely = _timely(filters)
        timely["until"] = metrics.lists_change_at(
            filters.qs, now, timely["soon"], timely["decisions"]
        )
        seconds = FIGURES_CACHE_SECONDS
        if timely["until"] is not None:
            seconds = max(1, min(seconds, int((timely["until"] - now).total_seconds())))
        cache.set(timely_key, timely, seconds)
    return aggregates, timely


def _aggregates(filters: InitiativeFilter, plan) -> dict:
    initiatives = filters.qs
    by_track, by_mission = metrics.status_by_track_and_mission(initiatives)
    learning, learning_count = metrics.learning(initiatives, filtered=bool(filters.active_filters))
    problems = metrics.problems_with_spread(initiatives, plan)
    return {
        "by_track": by_track,
        "by_mission": by_mission,
        "learning": learning,
        "learning_count": learning_count,
        "problems": problems,
        "coverage": _coverage(filters, initiatives, plan, problems),
        "capacity": metrics.capacity(initiatives, _units()),
    }


def _timely(filters: InitiativeFilter) -> dict:
    initiatives = filters.qs
    stale, stale_count = metrics.stale(initiatives)
    overdue, soon = metrics.reviews(initiatives)
    return {
        "stale": list(stale),
        "stale_count": stale_count,
        "overdue": overdue,
        "soon": soon,
        "decisions": metrics.recent_decisions(initiatives),
    }


def _panels_context(request: HttpRequest, filters: InitiativeFilter, capacity_forms, back) -> dict:
    plan = get_plan()
    figures, timely = _figures(filters, plan)
    by_track, by_mission = figures["by_track"], figures["by_mission"]
    problems, coverage, capacity = figures["problems"], figures["coverage"], figures["capacity"]
    link = ListLinks(request)
    coverage_rows, coverage_columns = _coverage_rows(
        coverage, link, filters.active_filters.get("status")
    )
    for row in capacity:
        row["link"] = link(unit=row["unit"].pk, status="active")
        row["width"] = round(row["share"] * 100)
        row["label"] = _("Capacity of %(unit)s") % {"unit": row["unit"]}
    can_set_capacity = request.user.is_group_management
    if can_set_capacity and capacity_forms is not None:  # sent, with errors to show
        forms = {form.instance.pk: form for form in capacity_forms}
        for row in capacity:
            row["form"] = forms.get(row["unit"].pk)
    return {
        "filters": filters,
        "statuses": [(status, link(status=status.value)) for status in Status],
        "by_track": _with_links(by_track, link, "track"),
        "by_mission": _with_links(by_mission, link, "mission"),
        "by_track_svg": _bars_svg(by_track),
        "by_mission_svg": _bars_svg(by_mission),
        "coverage": coverage,
        "coverage_rows": coverage_rows,
        "coverage_columns": coverage_columns,
        "coverage_filtered": bool(filters.active_filters),
        "capacity": capacity,
        "list_link": link(),
        **{name: value for name, value in timely.items() if name != "until"},
        "learning": figures["learning"],
        "learning_count": figures["learning_count"],
        "learning_query": _learning_query(filters),
        "spread": sorted((p for p in problems if p.spread), key=lambda p: (-p.spread, p.number)),
        "can_set_capacity": can_set_capacity,
        "capacity_forms": capacity_forms,
        # The unsent form is written out by the template, field by field as CapacityFormSet
        # reads it (its management form, then an id and the hours per unit in the order
        # of the rows): 40 units' widgets rendered by Django cost more than the queries.
        "capacity_form": {
            "prefix": CAPACITY_PREFIX,
            "max_forms": CapacityFormSet.max_num,
            "max_hours": MAX_CAPACITY_HOURS,
            "default_hours": settings.DEFAULT_CAPACITY_HOURS,
        },
        "back": back,
        "stale_days": settings.STALE_DAYS,
    }


def _learning_query(filters: InitiativeFilter) -> str:
    """The query string of the learning page (dialogues:learning, linked by name from
    the template) that lists what the learning panel counts: flagged for sharing, not
    yet shared, and the dashboard's filters, which the page takes as they are."""
    params = {"ledertraef": "to_share"}
    if filters.is_bound and filters.is_valid():
        params |= {
            key: value for key, value in filters.data.items() if key in filters.filters and value
        }
    return urlencode(params)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The whole portfolio at a glance; every panel follows the filters."""
    filters = InitiativeFilter(request.GET, queryset=Initiative.objects.all())
    panels = _panels(request, filters)
    if request.htmx:
        return HttpResponse(panels)
    return render(
        request,
        "portfolio/dashboard.html",
        {"filters": filters, "panels": mark_safe(panels)},
    )


# What a row of the initiative list shows.
LIST_COLUMNS = [
    "title",
    "status",
    "effort_hours",
    "last_entry_at",
    "cluster",
    "cluster__name",
    "owner",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
]


@require_GET
def initiative_list(request: HttpRequest) -> HttpResponse:
    """Initiatives, filtered, sorted and paginated; the links keep the filters."""
    filters = InitiativeFilter(request.GET, queryset=Initiative.objects.all())
    sort = request.GET.get("sort", "rank")
    if sort not in SORTS:
        sort = "rank"
    # The page's ids first, sorted on narrow rows (page 50 of 100 sorts and skips 2,450
    # ids, not 2,450 wide rows with their newest entry); then those 50 rows in full.
    ids = filters.qs.order_by(*SORTS[sort][0], "pk").values_list("pk", flat=True)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("side"))
    rows = (
        Initiative.objects.select_related("cluster", "owner")
        .only(*LIST_COLUMNS)
        .in_bulk(page.object_list)
    )
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
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
def capacities(request: HttpRequest) -> HttpResponse:
    """Group management sets units' capacity thresholds for development work (whole
    hours; empty means the portal's default). Bad input is answered on the dashboard,
    with the errors next to the fields and nothing saved."""
    if not request.user.is_group_management:
        raise PermissionDenied
    back = request.POST.get("next", "")
    # Back to the dashboard with its filters; an address too long to redirect to would
    # answer 400 after the capacities were saved.
    if not back.startswith(reverse("portfolio:dashboard")) or len(back) > MAX_URL_LENGTH:
        back = reverse("portfolio:dashboard")
    formset = CapacityFormSet(request.POST, queryset=_units(), prefix=CAPACITY_PREFIX)
    if not formset.is_valid():
        filters = InitiativeFilter(
            QueryDict(urlsplit(back).query), queryset=Initiative.objects.all()
        )
        panels = _panels(request, filters, capacity_forms=formset, back=back)
        return render(
            request,
            "portfolio/dashboard.html",
            {"filters": filters, "panels": mark_safe(panels)},
        )
    with transaction.atomic():
        changed = formset.save(commit=False)
        for unit in changed:
            unit.save(update_fields=["capacity_hours"])
    if changed:
        messages.success(
            request,
            _("The capacity was saved for %(units)s.")
            % {"units": ", ".join(str(u) for u in changed)},
        )
    return redirect(back)


@require_GET
@cache_control(private=True, no_store=True)  # personal data: never kept by a cache
def initiative_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered initiatives as CSV or XLSX, with Danish column headings: every row,
    streamed (see portfolio/export.py)."""
    filters = InitiativeFilter(request.GET, queryset=Initiative.objects.all())
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = StreamingHttpResponse(
            export.as_csv(filters.qs), content_type="text/csv; charset=utf-8"
        )
    else:
        response = FileResponse(
            export.as_xlsx(filters.qs),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="dus-portefoelje-{stamp}.{fmt}"'
    return response
