"""Group management's dashboard, and the filtered, sortable list of initiatives that
every number on it links to."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import MAX_URL_LENGTH, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from dus.cache import get_many_versioned, set_versioned
from dus.models import Unit
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


def _short(text: str, length: int) -> str:
    """The text cut to `length` characters with an ellipsis, as Truncator.chars cuts a
    plain label, at a tenth of its cost (it was a twentieth of the panels' time)."""
    return text if len(text) <= length else f"{text[: length - 1]}…"


def _number_cells(numbers, heat: bool = False) -> str:
    """A table row's cells of whole numbers, written in Python: hundreds of cells in
    template loops cost more than the dashboard's queries. `heat` marks the non-zero."""
    return mark_safe(  # whole numbers only
        "".join(f'<td class="dus-num{" dus-heat" if heat and n else ""}">{n}</td>' for n in numbers)
    )


def _status_rows(bars, link, key: str) -> str:
    """The table's rows of counts per status, written in Python as the cells: each row's
    heading links to its initiatives of every status (the columns' links are the
    statuses')."""
    return mark_safe(  # escaped labels and links, whole numbers
        "".join(
            f'<tr><th scope="row"><a href="{escape(link(**{key: bar.key, "status": ""}))}">'
            f"{escape(bar.label)}</a></th>"
            f"{_number_cells(bar.counts.get(status.value, 0) for status in Status)}"
            f'<td class="dus-num">{bar.total}</td></tr>'
            for bar in bars
        )
    )


def _bars_svg(bars) -> str:
    """The stacked bars as one SVG, written in Python (a template's loop over 40 missions'
    7 segments took a third of the dashboard's rendering): one path per status with a
    rectangle per bar, so a chart is a few kilobytes rather than a rect element per
    segment. Decorative (aria-hidden): the table after it has the figures."""
    step, left = metrics.BAR_STEP, 230  # the labels' room before the bars
    paths = {status.value: [] for status in Status}
    labels, totals = [], []
    for bar in bars:
        for seg in bar.segments:
            paths[seg["status"].value].append(
                f"M{left + seg['x']:g} {bar.y + 4}h{seg['w']:g}v18h-{seg['w']:g}z"
            )
        labels.append(f'<text x="0" y="{bar.y + 18}">{escape(_short(bar.label, 30))}</text>')
        totals.append(f'<text x="{left + bar.end + 6:g}" y="{bar.y + 18}">{bar.total}</text>')
    shapes = "".join(
        f'<path class="dus-seg-{status}" d="{"".join(d)}"></path>'
        for status, d in paths.items()
        if d
    )
    return mark_safe(  # numbers, Status values and escaped labels
        f'<svg viewBox="0 0 800 {len(bars) * step}" class="dus-bars" width="100%" '
        f'aria-hidden="true" focusable="false" data-rows="{len(bars)}">'
        f'<g class="dus-bar-label">{"".join(labels)}</g>{shapes}'
        f'<g class="dus-bar-total">{"".join(totals)}</g></svg>'
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


def _coverage_rows(coverage, link, status: str | None) -> tuple[list[dict], str]:
    """The rows, each with the link of its heading, and the columns' headings, each a
    link to the mission's initiatives: the filters' status, or the active. The cells are
    plain numbers: a row's or a column's heading lists its initiatives (a link per cell
    was most of the page's HTML). The headings are written in Python, as the cells."""
    rows = coverage.rows()
    status = {} if status else {"status": "active"}
    for row in rows:
        row["cells"] = _number_cells((n for _mission, n in row["cells"]), heat=True)
        row["total_link"] = link(problem=row["problem"].pk, **status)
    gap_mark = escape(_("gap"))
    columns = "".join(
        f'<th scope="col" class="dus-num{" dus-gap" if gap else ""}">'
        f'<a href="{escape(link(mission=mission.pk, **status))}">'
        f"{escape(_short(mission.title, 28))}</a>"
        f"{f' <span class="dus-gap-mark">({gap_mark})</span>' if gap else ''}</th>"
        for mission, _total, gap in coverage.mission_totals()
    )
    return rows, mark_safe(columns)  # escaped titles and links


def _capacity_rows(capacity, link) -> str:
    """The load table's rows, written in Python: 40 units' rows of template tags cost
    more than the query behind them. The bar is decorative: the numbers are in the row."""
    over_mark = escape(_("over capacity"))
    rows = []
    for row in capacity:
        over = row["over"]
        width = round(row["share"] * 100)
        rows.append(
            f"<tr{' class="dus-over"' if over else ''}>"
            f'<th scope="row">{escape(row["unit"])}'
            f"{f' <strong class="dus-over-mark">{over_mark}</strong>' if over else ''}</th>"
            f'<td class="dus-num"><a href="{escape(link(unit=row["unit"].pk, status="active"))}">'
            f'{row["count"]}</a></td><td class="dus-num">{row["hours"]}</td>'
            f'<td class="dus-num">{row["threshold"]}</td>'
            '<td><svg viewBox="0 0 200 14" width="160" height="14" aria-hidden="true" '
            'focusable="false"><rect x="0" y="2" width="200" height="10" class="dus-cap-bg">'
            f'</rect><rect x="0" y="2" width="{width}" height="10" '
            f'class="dus-cap{" dus-cap-over" if over else ""}"></rect>'
            '<line x1="100" y1="0" x2="100" y2="14" class="dus-cap-line"></line></svg></td></tr>'
        )
    return mark_safe("".join(rows))  # whole numbers, escaped names and links


def _units():
    return Unit.objects.order_by("name")


def _panels(request: HttpRequest, filters: InitiativeFilter) -> str:
    """The panels, read from the database on every request: nobody sees figures older
    than the last write. The upper apps' panels (portfolio.hooks) come after its own."""
    figures = render_to_string(
        "portfolio/dashboard.html#figures",
        _panels_context(request, filters),
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
    found = get_many_versioned([key, timely_key])
    if (aggregates := found.get(key)) is None:
        aggregates = _aggregates(filters, plan)
        set_versioned(key, aggregates, FIGURES_CACHE_SECONDS)
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
        set_versioned(timely_key, timely, seconds)
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


def _panels_context(request: HttpRequest, filters: InitiativeFilter) -> dict:
    plan = get_plan()
    figures, timely = _figures(filters, plan)
    by_track, by_mission = figures["by_track"], figures["by_mission"]
    problems, coverage, capacity = figures["problems"], figures["coverage"], figures["capacity"]
    link = ListLinks(request)
    coverage_rows, coverage_columns = _coverage_rows(
        coverage, link, filters.active_filters.get("status")
    )
    return {
        "filters": filters,
        "statuses": [(status, link(status=status.value)) for status in Status],
        "by_track": _status_rows(by_track, link, "track"),
        "by_mission": _status_rows(by_mission, link, "mission"),
        "by_track_svg": _bars_svg(by_track),
        "by_mission_svg": _bars_svg(by_mission),
        "coverage": coverage,
        "coverage_rows": coverage_rows,
        "coverage_columns": coverage_columns,
        "coverage_filtered": bool(filters.active_filters),
        "capacity_rows": _capacity_rows(capacity, link),
        "list_link": link(),
        **{name: value for name, value in timely.items() if name != "until"},
        "learning": figures["learning"],
        "learning_count": figures["learning_count"],
        "learning_query": _learning_query(filters),
        "spread": sorted((p for p in problems if p.spread), key=lambda p: (-p.spread, p.number)),
        "can_set_capacity": request.user.is_group_management,
        "capacity_link": (
            reverse("portfolio:capacities") + "?" + urlencode({"next": request.get_full_path()})
        ),
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


def _dashboard_url(url: str | None) -> str:
    """Where to go back to after setting capacities: the dashboard, with the filters it
    had; never another page or site, nor an address too long to redirect to (that would
    answer 400 after the capacities were saved)."""
    dashboard = reverse("portfolio:dashboard")
    if url and url.startswith(dashboard) and len(url) <= MAX_URL_LENGTH:
        return url
    return dashboard


@require_http_methods(["GET", "POST"])
def capacities(request: HttpRequest) -> HttpResponse:
    """Group management sets units' capacity thresholds for development work (whole
    hours; empty means the portal's default), beside each unit's load of all active
    initiatives. A page of its own: a threshold does not follow the dashboard's filters,
    so the dashboard's panels need not carry a form for every unit. Bad input is
    answered next to the field, with nothing saved."""
    if not request.user.is_group_management:
        raise PermissionDenied
    back = _dashboard_url(request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST":
        # The units are locked from their reading to their saving: of two group managers
        # saving at once, the second is checked against what the first saved.
        with transaction.atomic():
            formset = CapacityFormSet(
                request.POST, queryset=_units().select_for_update(), prefix=CAPACITY_PREFIX
            )
            saved = formset.is_valid()
            if saved:
                changed = formset.save(commit=False)
                for unit in changed:
                    unit.save(update_fields=["capacity_hours"])
    else:
        formset = CapacityFormSet(queryset=_units(), prefix=CAPACITY_PREFIX)
        saved = False
    if saved:
        if changed:
            messages.success(
                request,
                _("The capacity was saved for %(units)s.")
                % {"units": ", ".join(str(u) for u in changed)},
            )
        return redirect(back)
    forms = {form.instance.pk: form for form in formset}
    rows = metrics.capacity(Initiative.objects.all(), formset.get_queryset())  # read once
    for row in rows:
        row["form"] = forms.get(row["unit"].pk)
    return render(
        request,
        "portfolio/capacities.html",
        {
            "formset": formset,
            "rows": rows,
            "back": back,
            "default_hours": settings.DEFAULT_CAPACITY_HOURS,
        },
        status=409 if any(form.is_conflict() for form in formset) else 200,
    )


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
