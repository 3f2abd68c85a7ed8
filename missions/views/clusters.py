"""Views of clusters: a cluster's page, and creating and editing one.

One view serves the cluster page and its fragments (Django 6 template partials): the
members section, and the colleague search results. The member actions that answer with
the members section are in members.py.
"""

from django.contrib import messages
from django.db import IntegrityError
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from simple_history.utils import bulk_create_with_history

from dus.forms import is_conflict, save_versioned, sent_before
from dus.history import HistoryRow, HistoryRows, MergedRows, history_page
from dus.models import User
from dus.paging import Bounded, bounded
from dus.search import clean as clean_query
from missions.forms import ActorForm, ClusterForm
from missions.models import Cluster, Membership
from missions.views.access import get_cluster_for_user, get_mission_for_user

SEARCH_LIMIT = 10
MEMBERS_PAGE = 25
FORMER_ACTORS_PAGE = 25
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


class MembershipRows:
    """The changes to a cluster's memberships as history rows, newest first: a sequence
    that a Paginator counts and slices (see dus.history.MergedRows)."""

    def __init__(self, cluster: Cluster) -> None:
        self.records = Membership.history.filter(cluster_id=cluster.pk)

    def count(self) -> int:
        return self.records.count()

    def __getitem__(self, part: slice) -> list[HistoryRow]:
        records = self.records.select_related("history_user", "person", "actor").order_by(
            "-history_date", "-history_id"
        )[part]
        return [HistoryRow(record, self._action(record)) for record in records]

    @staticmethod
    def _action(record) -> str:
        name = str(record.person) if record.person_id else record.actor.name
        role = Membership.Role(record.role).label
        if record.history_type == "+":
            return _("%(name)s added as %(role)s") % {"name": name, "role": str(role).lower()}
        if record.ended_at:
            return _("%(name)s left the cluster") % {"name": name}
        return _("%(name)s is now %(role)s") % {"name": name, "role": str(role).lower()}


def cluster_history(request: HttpRequest, cluster: Cluster) -> Bounded:
    """Changes to the cluster and to its memberships, newest first, a page at a time.
    An answer to a member action (a POST) shows the first page, with links to the
    cluster page."""
    return history_page(
        request,
        MergedRows(HistoryRows(cluster.history), MembershipRows(cluster)),
        url=None if request.method == "GET" else cluster.get_absolute_url(),
    )


def former_actors(request: HttpRequest, cluster: Cluster, url: str | None = None) -> Bounded:
    """The latest ended membership of each former external actor whose personal data is
    still there, for group management to anonymise (current members are in the table):
    those who left longest ago first, a page at a time."""
    ended = cluster.memberships.filter(ended_at__isnull=False, actor__isnull=False)
    later = Membership.objects.filter(
        Q(ended_at__gt=OuterRef("ended_at"))
        | Q(ended_at=OuterRef("ended_at"), pk__gt=OuterRef("pk")),
        cluster_id=cluster.pk,
        actor_id=OuterRef("actor_id"),
        ended_at__isnull=False,
    )
    current = cluster.memberships.current().filter(actor__isnull=False).values("actor")
    latest = (
        ended.filter(actor__anonymised_at__isnull=True)
        .exclude(actor__in=current)
        .exclude(Exists(later))
        .select_related("actor")
        .order_by("ended_at", "actor__name", "pk")
    )
    return bounded(
        request,
        latest,
        per_page=FORMER_ACTORS_PAGE,
        list_id="former-actors",
        param="tidligere",
        url=url,
    )


def cluster_context(request: HttpRequest, cluster: Cluster, **extra) -> dict:
    can_edit = cluster.can_steer(request.user)
    query, _shortened = clean_query(request.GET.get("q", ""), limit=MAX_QUERY)
    # A member action (a POST) answers with the first page, linking to the cluster page.
    page_url = None if request.method == "GET" else cluster.get_absolute_url()
    context = {
        "cluster": cluster,
        "mission": cluster.mission,
        "memberships": bounded(
            request,
            cluster.memberships.current().in_role_order().select_related("person__unit", "actor"),
            per_page=MEMBERS_PAGE,
            list_id="member-rows",
            param="medlemmer",
            url=page_url,
        ),
        "can_edit": can_edit,
        "can_anonymise": request.user.is_group_management,
        "former_actors": lambda: former_actors(request, cluster, url=page_url),
        "roles": Membership.Role.choices,
        "query": query,
        "candidates": search_colleagues(cluster, query) if can_edit and query else [],
        "actor_form": ActorForm(),
        "log_cluster": cluster,
        # Only evaluated when the whole page is rendered.
        "history": lambda: cluster_history(request, cluster),
    }
    context.update(extra)
    return context


@require_GET
def cluster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request, pk)
    context = cluster_context(request, cluster)
    if request.htmx and request.htmx.target == "member-search-results":
        return render(request, "missions/cluster_detail.html#search_results", context)
    if request.htmx and request.htmx.target in ("member-rows", "former-actors"):  # "Vis flere"
        return render(request, "missions/cluster_detail.html#members", context)
    if request.htmx and request.htmx.target == "history-rows":
        return render(request, "_history.html", context)
    return render(request, "missions/cluster_detail.html", context)


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
            bulk_create_with_history(
                [
                    Membership(cluster=cluster, person=person, role=Membership.Role.COORDINATOR)
                    for person in form.cleaned_data["coordinators"]
                ],
                Membership,
                default_user=request.user,
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
