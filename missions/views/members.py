"""Managing a cluster's members in place, on the cluster page (clusters.py): adding
colleagues and external actors, changing a role, ending a membership, anonymising a
former external actor.

Each action answers an htmx request with the updated members section (a partial of the
cluster page), and a plain form post with a redirect back to the page, so everything
works without JavaScript too.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from dus.forms import ALREADY_SENT
from missions import hooks
from missions.forms import ActorForm, AddPersonForm, RoleForm
from missions.models import Cluster, Membership
from missions.views.access import get_cluster_for_user
from missions.views.clusters import cluster_context


def _answer(request: HttpRequest, cluster: Cluster, message: str = "", **extra) -> HttpResponse:
    """The updated members section for htmx; otherwise back to the page (or the page
    with the form errors, when there are any)."""
    failed = bool(extra.get("error")) or ("actor_form" in extra and extra["actor_form"].errors)
    if request.htmx:
        context = cluster_context(request, cluster, message=message, **extra)
        # The history below the members changes too: swapped in out of band.
        response = render(request, "missions/cluster_detail.html#members_changed", context)
        return trigger_client_event(
            response, "dus:announce", {"message": message or extra.get("error", "")}
        )
    if failed:
        return render(
            request, "missions/cluster_detail.html", cluster_context(request, cluster, **extra)
        )
    messages.success(request, message)
    return redirect(cluster.get_absolute_url() + "#members")


@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request, pk, write=True)
    form = AddPersonForm(request.POST)
    if not form.is_valid():
        return _answer(request, cluster, error=_("Choose a colleague from the search results."))
    person, role = form.cleaned_data["person"], form.cleaned_data["role"]
    try:
        cluster.add_person(person, role)
    except ValidationError as error:
        return _answer(request, cluster, error=error.messages[0])
    hooks.membership_changed(cluster)
    label = Membership.Role(role).label
    return _answer(
        request,
        cluster,
        _("%(name)s was added as %(role)s.") % {"name": person, "role": str(label).lower()},
        focus="search",
    )


@require_POST
def actor_add(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request, pk, write=True)
    form = ActorForm(request.POST)
    if form.first_result(request):  # sent twice: the members as the first left them
        return _answer(request, cluster, str(ALREADY_SENT), focus="actor")
    if not form.is_valid():
        return _answer(request, cluster, actor_form=form, focus="actor")
    actor = form.save(commit=False)
    added = form.save_once(
        request,
        lambda: cluster.add_actor(actor, form.cleaned_data["role"]),
        url=lambda membership: cluster.get_absolute_url() + "#members",
    )
    if added is None:  # its twin, sent at the same moment, added the actor
        return _answer(request, cluster, str(ALREADY_SENT), focus="actor")
    return _answer(request, cluster, _("%(name)s was added.") % {"name": actor.name}, focus="actor")


def _membership(cluster: Cluster, membership_pk: int) -> Membership:
    return get_object_or_404(
        cluster.memberships.current().select_related("person", "actor"), pk=membership_pk
    )


@require_POST
def member_role(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request, pk, write=True)
    membership = _membership(cluster, membership_pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _answer(request, cluster, error=_("Choose one of the roles in the list."))
    try:
        cluster.set_role(membership, form.cleaned_data["role"], form.cleaned_data["current_role"])
    except ValidationError as error:
        return _answer(request, cluster, error=error.messages[0])
    label = Membership.Role(form.cleaned_data["role"]).label
    return _answer(
        request,
        cluster,
        _("%(name)s is now %(role)s.") % {"name": membership.name, "role": str(label).lower()},
    )


@require_POST
def member_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request, pk, write=True)
    membership = _membership(cluster, membership_pk)
    try:
        cluster.end_membership(membership)
    except ValidationError as error:
        return _answer(request, cluster, error=error.messages[0])
    hooks.membership_changed(cluster)
    return _answer(
        request, cluster, _("%(name)s is no longer a member.") % {"name": membership.name}
    )


@require_POST
def actor_anonymise(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    """Group management removes an external actor's personal data."""
    cluster = get_cluster_for_user(request, pk)
    if not request.user.is_group_management:
        raise PermissionDenied
    # Ended memberships too: the right to erasure outlasts taking part.
    membership = get_object_or_404(
        cluster.memberships.select_related("person", "actor"), pk=membership_pk
    )
    if membership.actor is None:
        return _answer(request, cluster, error=_("Only external actors can be anonymised."))
    membership.actor.anonymise(by=request.user)
    return _answer(request, cluster, _("The external actor's personal data was removed."))
