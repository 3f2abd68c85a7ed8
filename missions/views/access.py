"""Who may do what with missions and clusters: one access helper per kind of object
(the portfolio uses `get_cluster_for_user` too).

Anyone signed in reads everything; writing follows role and membership: group
management and direction (`User.is_group_management`) manage missions, and whoever
steers a cluster (`Cluster.can_steer`) changes it.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from missions.models import Cluster, Mission


def get_mission_for_user(request: HttpRequest, pk: int, write: bool = False) -> Mission:
    mission = get_object_or_404(Mission.objects.select_related("track__plan", "sponsor"), pk=pk)
    if write and not request.user.is_group_management:
        raise PermissionDenied
    return mission


def get_cluster_for_user(request: HttpRequest, pk: int, write: bool = False) -> Cluster:
    cluster = get_object_or_404(Cluster.objects.select_related("mission__track"), pk=pk)
    if write and not cluster.can_steer(request.user):
        raise PermissionDenied
    return cluster
