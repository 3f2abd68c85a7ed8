"""Views of clusters: creating and editing one (its page is in members.py)."""

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dus.forms import is_conflict, save_versioned, sent_before
from missions.forms import ClusterForm
from missions.models import Cluster, Membership
from missions.views.access import get_cluster_for_user, get_mission_for_user


def _save(form: ClusterForm, on_saved=None) -> Cluster | None:
    """Save, or None with the form's error when another save took the name (or won the
    race for the version) after the form was checked."""
    try:
        return save_versioned(form, on_saved=on_saved)
    except IntegrityError:
        if not form.name_taken():
            raise
        form.add_error("name", form.name_taken_message)
        return None


@require_http_methods(["GET", "POST"])
def cluster_create(request: HttpRequest, mission_pk: int) -> HttpResponse:
    mission = get_mission_for_user(request, mission_pk, write=True)
    form = ClusterForm(request.POST or None, creating=True, instance=Cluster(mission=mission))
    if request.method == "POST" and (answer := sent_before(request, form)):
        return answer
    if request.method == "POST" and form.is_valid():

        def add_coordinators(cluster: Cluster) -> None:
            Membership.objects.bulk_create(
                Membership(cluster=cluster, person=person, role=Membership.Role.COORDINATOR)
                for person in form.cleaned_data["coordinators"]
            )

        cluster = form.save_once(request, lambda: _save(form, on_saved=add_coordinators))
        if cluster:
            messages.success(request, _("The cluster was created."))
            return redirect(cluster)
        if answer := sent_before(request, form):  # its twin, sent at the same moment, made it
            return answer
    return render(
        request, "missions/cluster_form.html", {"form": form, "mission": mission, "cluster": None}
    )


@require_http_methods(["GET", "POST"])
def cluster_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request, pk, write=True)
    form = ClusterForm(request.POST or None, instance=cluster)
    if request.method == "POST" and form.is_valid() and _save(form):
        messages.success(request, _("The cluster was saved."))
        return redirect(cluster)
    status = 409 if is_conflict(form) else 200
    return render(
        request,
        "missions/cluster_form.html",
        {"form": form, "mission": cluster.mission, "cluster": cluster},
        status=status,
    )
