"""Who may do what in the portfolio: one access helper per kind of object (a cluster's
is missions.views.access.get_cluster_for_user).

Anyone signed in reads every portfolio; writing follows role and membership: whoever
steers the cluster (`Cluster.can_steer`) holds its reviews.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from portfolio.models import Initiative, LogEntry, Review


def get_initiative_for_user(request: HttpRequest, pk: int, write: bool = False) -> Initiative:
    initiative = get_object_or_404(
        Initiative.objects.select_related("cluster__mission", "owner__unit", "unit", "created_by"),
        pk=pk,
    )
    if write and not initiative.can_edit(request.user):
        raise PermissionDenied
    return initiative


def get_entry_for_user(request: HttpRequest, pk: int, write: bool = False) -> LogEntry:
    entry = get_object_or_404(LogEntry.objects.select_related("initiative", "author"), pk=pk)
    if write and not entry.can_correct(request.user):
        raise PermissionDenied
    return entry


def get_review_for_user(request: HttpRequest, pk: int, write: bool = False) -> Review:
    review = get_object_or_404(Review.objects.select_related("cluster__mission"), pk=pk)
    if write and not review.cluster.can_steer(request.user):
        raise PermissionDenied
    return review
