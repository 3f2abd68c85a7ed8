"""A cluster's page and its members, managed in place.

One view serves the cluster page and its fragments (Django 6 template
partials): the members section, and the colleague search results. The member
actions answer an htmx request with the updated members section, and a plain
form post with a redirect back to the page, so everything works without
JavaScript too.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from dus.forms import ALREADY_SENT
from dus.history import HistoryRow, history_rows
from dus.models import User
from dus.search import clean as clean_query
from missions import hooks
from missions.forms import ActorForm, AddPersonForm, RoleForm
from missions.models import Cluster, Membership
from missions.views.access import get_cluster_for_user

SEARCH_LIMIT = 10
MAX_QUERY = 100


def search_colleagues(cluster: Cluster, query: str) -> list[User]:
    """Active colleagues whose name or user name holds every word of the query,
    who are not already members of the cluster."""
    words = query.split()
    if not words:
        return []
    people = User.objects.filter(is_active=True).exclude(
        pk__in=cluster.memberships.current().filter(person__isnull=False).values("person")
    )
    for word in words[:5]:
        people = people.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(username__iexact=word)
        )
    return list(people.select_related("unit").order_by("first_name", "last_name")[:SEARCH_LIMIT])


def cluster_history(cluster: Cluster, limit: int = 20) -> list[HistoryRow]:
    """Changes to the cluster and to its memberships, newest first."""
    rows = history_rows(cluster.history, limit)
    records = list(
        Membership.history.filter(cluster_id=cluster.pk)
        .select_related("history_user", "person", "actor")
        .order_by("-history_date", "-history_id")[:limit]
    )
    for record in records:
        name = str(record.person) if record.person_id else record.actor.name
        role = Membership.Role(record.role).label
        if record.history_type == "+":
            action = _("%(name)s added as %(role)s") % {"name": name, "role": str(role).lower()}
        elif record.ended_at:
            action = _("%(name)s left the cluster") % {"name": name}
        else:
            action = _("%(name)s is now %(role)s") % {"name": name, "role": str(role).lower()}
        rows.append(HistoryRow(record, action))
    return sorted(rows, key=lambda row: row.date, reverse=True)[:limit]


def former_actors(cluster: Cluster) -> list[Membership]:
    """The latest ended membership of each former external actor whose personal data is
    still there, for group management to anonymise (current members are in the table)."""
    current = cluster.memberships.current().filter(actor__isnull=False).values("actor")
    ended = (
        cluster.memberships.filter(
            ended_at__isnull=False, actor__isnull=False, actor__anonymised_at__isnull=True
        )
        .exclude(actor__in=current)
        .select_related("actor")
        .order_by("actor__name", "actor_id", "-ended_at")
    )
    latest = {}
    for membership in ended:
        latest.setdefault(membership.actor_id, membership)
    return list(latest.values())


def cluster_context(request: HttpRequest, cluster: Cluster, **extra) -> dict:
    can_edit = cluster.can_steer(request.user)
    query, _shortened = clean_query(request.GET.get("q", ""), limit=MAX_QUERY)
    context = {
        "cluster": cluster,
        "mission": cluster.mission,
        "memberships": cluster.memberships.current()
        .in_role_order()
        .select_related("person__unit", "actor"),
        "can_edit": can_edit,
        "can_anonymise": request.user.is_group_management,
        "former_actors": lambda: former_actors(cluster),
        "roles": Membership.Role.choices,
        "query": query,
        "candidates": search_colleagues(cluster, query) if can_edit and query else [],
        "actor_form": ActorForm(),
        "log_cluster": cluster,
        # Only evaluated when the whole page is rendered.
        "history": lambda: cluster_history(cluster),
    }
    context.update(extra)
    return context


@require_GET
def cluster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request, pk)
    context = cluster_context(request, cluster)
    if request.htmx and request.htmx.target == "member-search-results":
        return render(request, "missions/cluster_detail.html#search_results", context)
    return render(request, "missions/cluster_detail.html", context)


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
