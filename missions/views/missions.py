"""Views of missions: the list, a mission's page, and creating, editing, closing one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dus.forms import is_conflict, save_versioned, sent_before
from dus.history import history_page
from dus.models import Track
from dus.paging import bounded
from dus.views import get_plan
from missions.forms import MissionForm
from missions.models import Cluster, Mission
from missions.views.access import get_mission_for_user


@require_GET
def mission_list(request: HttpRequest) -> HttpResponse:
    """All missions, grouped by track, with their problems, strategy tracks and clusters."""
    plan = get_plan()
    # Initiatives belong to the portfolio app, which missions does not import: reached
    # through the clusters' reverse relation, their own QuerySet says which are active.
    initiatives = Cluster._meta.get_field("initiatives").related_model.objects
    missions = (
        Mission.objects.filter(track__plan=plan)
        .annotate(
            active_initiatives=Count(
                "clusters__initiatives",
                filter=Q(clusters__initiatives__in=initiatives.active()),
            )
        )
        .prefetch_related("problems", "strategy_tracks", "clusters")
    )
    tracks = Track.objects.filter(plan=plan).prefetch_related(
        Prefetch("missions", queryset=missions, to_attr="mission_list")
    )
    return render(
        request,
        "missions/mission_list.html",
        {"plan": plan, "tracks": tracks, "can_manage": request.user.is_group_management},
    )


CLUSTERS_PAGE = 20


@require_GET
def mission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The mission, its clusters (a page at a time, by name) and its history."""
    mission = get_mission_for_user(request, pk)
    clusters = mission.clusters.annotate(member_count=Count("memberships")).order_by("name", "pk")
    shown = bounded(
        request, clusters, per_page=CLUSTERS_PAGE, list_id="mission-clusters", param="klynger"
    )
    target = request.htmx.target if request.htmx else None
    if target == "mission-clusters":  # "Vis flere"
        return render(request, "missions/mission_detail.html#clusters", {"clusters": shown})
    if target == "history-rows":
        return render(request, "_history.html", {"history": history_page(request, mission.history)})
    return render(
        request,
        "missions/mission_detail.html",
        {
            "mission": mission,
            "problems": mission.problems.all(),
            "strategy_tracks": mission.strategy_tracks.all(),
            "clusters": shown,
            "history": history_page(request, mission.history),
            "can_manage": request.user.is_group_management,
        },
    )


@require_http_methods(["GET", "POST"])
def mission_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_group_management:
        raise PermissionDenied
    plan = get_plan()
    form = MissionForm(request.POST or None, plan=plan, initial={"sponsor": request.user})
    if request.method == "POST" and (answer := sent_before(request, form)):
        return answer
    if request.method == "POST" and form.is_valid():
        mission = form.save_once(request, lambda: save_versioned(form))
        if mission is None:  # its twin, sent at the same moment, made it
            return sent_before(request, form)
        messages.success(request, _("The mission was created."))
        return redirect(mission)
    return render(request, "missions/mission_form.html", {"form": form, "mission": None})


@require_http_methods(["GET", "POST"])
def mission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request, pk, write=True)
    form = MissionForm(request.POST or None, instance=mission, plan=mission.track.plan)
    if request.method == "POST" and form.is_valid() and save_versioned(form):
        messages.success(request, _("The mission was saved."))
        return redirect(mission)
    status = 409 if is_conflict(form) else 200
    return render(
        request, "missions/mission_form.html", {"form": form, "mission": mission}, status=status
    )


@require_POST
def mission_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a mission: it stays readable, with its clusters and history."""
    mission = get_mission_for_user(request, pk, write=True)
    mission.close()
    messages.success(request, _("The mission was closed. It stays readable."))
    return redirect(mission)
