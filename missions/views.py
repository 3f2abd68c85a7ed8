"""Views of missions and clusters. Anyone signed in reads; writing follows role
and membership, checked by the access helpers at the top."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dus.forms import ConcurrentEdit
from dus.models import Track
from dus.views import get_plan
from missions.forms import ClusterForm, MissionForm
from missions.models import Cluster, Membership, Mission


def can_manage_missions(user) -> bool:
    """Group management and direction create, edit and close missions and clusters."""
    return user.is_group_management


def get_mission_for_user(request: HttpRequest, pk: int, write: bool = False) -> Mission:
    mission = get_object_or_404(Mission.objects.select_related("track__plan", "sponsor"), pk=pk)
    if write and not can_manage_missions(request.user):
        raise PermissionDenied
    return mission


def get_cluster_for_user(request: HttpRequest, pk: int, write: bool = False) -> Cluster:
    cluster = get_object_or_404(Cluster.objects.select_related("mission__track"), pk=pk)
    if write and not can_edit_cluster(request.user, cluster):
        raise PermissionDenied
    return cluster


def can_edit_cluster(user, cluster: Cluster) -> bool:
    """Group management, direction and the cluster's coordinators."""
    return (
        can_manage_missions(user)
        or cluster.memberships.filter(person=user, role=Membership.Role.COORDINATOR).exists()
    )


@require_GET
def mission_list(request: HttpRequest) -> HttpResponse:
    """All missions, grouped by track, with their problems, strategy tracks and clusters."""
    plan = get_plan()
    missions = Mission.objects.filter(track__plan=plan).prefetch_related(
        "problems", "strategy_tracks", "clusters"
    )
    tracks = Track.objects.filter(plan=plan).prefetch_related(
        Prefetch("missions", queryset=missions, to_attr="mission_list")
    )
    return render(
        request,
        "missions/mission_list.html",
        {"plan": plan, "tracks": tracks, "can_manage": can_manage_missions(request.user)},
    )


@require_GET
def mission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request, pk)
    clusters = mission.clusters.annotate(
        member_count=Count("memberships"),
        coordinator_count=Count(
            "memberships", filter=Q(memberships__role=Membership.Role.COORDINATOR)
        ),
    )
    history = mission.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "missions/mission_detail.html",
        {
            "mission": mission,
            "problems": mission.problems.all(),
            "strategy_tracks": mission.strategy_tracks.all(),
            "clusters": clusters,
            "history": history,
            "can_manage": can_manage_missions(request.user),
        },
    )


def _save_versioned(form, on_saved=None):
    """Save a versioned form in one transaction; on a lost race, add the conflict message."""
    try:
        with transaction.atomic():
            obj = form.save()
            if on_saved:
                on_saved(obj)
            return obj
    except ConcurrentEdit:
        form.add_error(None, form.conflict_message)
        return None


@require_http_methods(["GET", "POST"])
def mission_create(request: HttpRequest) -> HttpResponse:
    if not can_manage_missions(request.user):
        raise PermissionDenied
    plan = get_plan()
    form = MissionForm(request.POST or None, plan=plan, initial={"sponsor": request.user})
    if request.method == "POST" and form.is_valid():
        mission = _save_versioned(form)
        if mission:
            messages.success(request, _("The mission was created."))
            return redirect(mission)
    return render(request, "missions/mission_form.html", {"form": form, "mission": None})


@require_http_methods(["GET", "POST"])
def mission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mission = get_mission_for_user(request, pk, write=True)
    form = MissionForm(request.POST or None, instance=mission, plan=mission.track.plan)
    if request.method == "POST" and form.is_valid() and _save_versioned(form):
        messages.success(request, _("The mission was saved."))
        return redirect(mission)
    status = 409 if form.errors and "conflict" in _error_codes(form) else 200
    return render(
        request, "missions/mission_form.html", {"form": form, "mission": mission}, status=status
    )


def _error_codes(form) -> set[str]:
    return {error.code for error in form.errors.as_data().get("__all__", [])}


@require_POST
def mission_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a mission: it stays readable, with its clusters and history."""
    mission = get_mission_for_user(request, pk, write=True)
    mission.close()
    messages.success(request, _("The mission was closed. It stays readable."))
    return redirect(mission)


@require_GET
def cluster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request, pk)
    memberships = cluster.memberships.select_related("person__unit", "actor")
    history = cluster.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "missions/cluster_detail.html",
        {
            "cluster": cluster,
            "mission": cluster.mission,
            "memberships": memberships,
            "history": history,
            "can_edit": can_edit_cluster(request.user, cluster),
        },
    )


@require_http_methods(["GET", "POST"])
def cluster_create(request: HttpRequest, mission_pk: int) -> HttpResponse:
    mission = get_mission_for_user(request, mission_pk, write=True)
    form = ClusterForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        form.instance.mission = mission

        def add_coordinators(cluster: Cluster) -> None:
            Membership.objects.bulk_create(
                Membership(cluster=cluster, person=person, role=Membership.Role.COORDINATOR)
                for person in form.cleaned_data["coordinators"]
            )

        cluster = _save_versioned(form, on_saved=add_coordinators)
        if cluster:
            messages.success(request, _("The cluster was created."))
            return redirect(cluster)
    return render(
        request, "missions/cluster_form.html", {"form": form, "mission": mission, "cluster": None}
    )


@require_http_methods(["GET", "POST"])
def cluster_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request, pk, write=True)
    form = ClusterForm(request.POST or None, instance=cluster)
    if request.method == "POST" and form.is_valid() and _save_versioned(form):
        messages.success(request, _("The cluster was saved."))
        return redirect(cluster)
    status = 409 if form.errors and "conflict" in _error_codes(form) else 200
    return render(
        request,
        "missions/cluster_form.html",
        {"form": form, "mission": cluster.mission, "cluster": cluster},
        status=status,
    )
