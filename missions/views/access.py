"""Who may do what with missions and clusters: one access helper per kind of object.

Anyone signed in reads everything; writing follows role and membership.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from missions.models import Cluster, Mission


def can_manage_missions(user) -> bool:
    """Group management and direction create, edit and close missions and clusters."""
    return user.is_group_management


def can_edit_cluster(user, cluster: Cluster) -> bool:
    """Group management, direction and the cluster's coordinators."""
    return can_manage_missions(user) or cluster.is_coordinator(user)


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
