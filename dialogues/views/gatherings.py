"""Ledertræf and contract-holder seminars: the list, creating one, building its agenda
beside the pool of candidates, publishing it, the read-only and printed agenda, its
calendar file, and the outcomes once it is held.

Staff and group management build and publish; everyone signed in reads a published
agenda. A gathering being prepared is not there for anyone else (404).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from dialogues.calendar import gathering_ics
from dialogues.gathering_forms import AgendaItemForm, GatheringForm, OutcomeFormSet, PoolFilterForm
from dialogues.models import Adoption, AgendaItem, Gathering, can_build
from dus.forms import save_versioned, sent_before
from dus.input import parse_int
from dus.models import User
from dus.paging import bounded, count_of
from dus.people import label, suggestions, typed
from dus.views import get_plan
from missions.models import Cluster
from portfolio.models import Initiative, LogEntry

POOL_PAGE = 20  # candidates of each kind shown at first
ADOPTIONS_PAGE = 20  # initiatives a gathering set going, shown at first (newest)
GATHERINGS_PAGE = 20  # upcoming and held gatherings, each shown at first


def get_gathering_for_user(request: HttpRequest, pk: int, write: bool = False) -> Gathering:
    """The gathering, or 404 where the user may not see it (one being prepared, for
    anyone who does not build gatherings); PermissionDenied where the user may read it
    but not change it."""
    gathering = get_object_or_404(Gathering.objects.select_related("created_by"), pk=pk)
    builder = can_build(request.user)
    if gathering.is_planned and not builder:
        raise Http404
    if write and not builder:
        raise PermissionDenied
    return gathering


@require_GET
def gathering_list(request: HttpRequest) -> HttpResponse:
    """Upcoming gatherings (soonest first) and held ones (newest first), each a page at a
    time ("Vis flere")."""
    gatherings = Gathering.objects.visible_to(request.user).annotate(
        item_count=count_of(AgendaItem.objects.filter(gathering=OuterRef("pk")))
    )
    past = Q(state=Gathering.State.HELD) | Q(date__lt=timezone.localdate())
    upcoming, held = (
        bounded(request, items, per_page=GATHERINGS_PAGE, list_id=list_id, param=param)
        for items, list_id, param in (
            (
                gatherings.exclude(past).order_by("date", "starts_at", "pk"),
                "upcoming-rows",
                "kommende",
            ),
            (
                gatherings.filter(past).order_by("-date", "-starts_at", "-pk"),
                "past-rows",
                "afholdte",
            ),
        )
    )
    return render(
        request,
        "dialogues/gathering_list.html",
        {"upcoming": upcoming, "past": held, "can_build": can_build(request.user)},
    )


@require_http_methods(["GET", "POST"])
def gathering_create(request: HttpRequest) -> HttpResponse:
    if not can_build(request.user):
        raise PermissionDenied
    form = GatheringForm(request.POST or None)
    if request.method == "POST" and (answer := sent_before(request, form)):
        return answer
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        gathering = form.save_once(request, form.save)
        if gathering is None:
            return sent_before(request, form)
        messages.success(request, _("The gathering was created. Now build its agenda."))
        return redirect(gathering)
    return render(request, "dialogues/gathering_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def gathering_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the theme, time or place; a published one's calendar entry follows (its
    SEQUENCE is the version)."""
    gathering = get_gathering_for_user(request, pk, write=True)
    form = GatheringForm(request.POST or None, instance=gathering)
    if request.method == "POST" and form.is_valid() and save_versioned(form):
        messages.success(request, _("The gathering was changed."))
        return redirect(gathering)
    return render(request, "dialogues/gathering_form.html", {"form": form, "gathering": gathering})


@require_GET
def presenter_suggestions(request: HttpRequest) -> HttpResponse:
    """The first few active people whose name has the typed words, as the <option>s of
    the presenter field's datalist; for those who build agendas."""
    if not can_build(request.user):
        raise PermissionDenied
    people = suggestions(User.objects.filter(is_active=True), typed(request))
    return render(request, "_person_suggestions.html", {"labels": [label(p) for p in people]})


POOL_FILTERS = ("track", "problem")  # PoolFilterForm's fields


def _sent_filters(request: HttpRequest) -> str:
    """The pool's filters the builder showed, which a change of the agenda sends back
    (`filters`) to show them again: only the filters' own ids are kept, so that whatever
    is sent makes no address that is refused (one over 2,048 characters made the
    redirect after a change fail with 400, the change saved)."""
    sent = QueryDict(request.POST.get("filters", "")[:1000])
    return urlencode({key: value for key in POOL_FILTERS if (value := parse_int(sent.get(key)))})


def _builder_context(request: HttpRequest, gathering: Gathering, **extra) -> dict:
    filters = PoolFilterForm(request.GET or None, plan=get_plan())
    track = problem = None
    if filters.is_valid():
        track, problem = filters.cleaned_data["track"], filters.cleaned_data["problem"]
    agenda = gathering.agenda()
    entries, initiatives = gathering.candidate_querysets(track=track, problem=problem)
    # An answer to a change of the agenda (a POST) shows the pool's first pages, with
    # links to the builder and its filters.
    url = None
    if request.method != "GET":
        query = _sent_filters(request)
        url = gathering.get_absolute_url() + (f"?{query}" if query else "")
    pool_entries, pool_initiatives = (
        bounded(request, items, per_page=POOL_PAGE, list_id=list_id, param=param, url=url)
        for items, list_id, param in (
            (entries, "pool-entries", "laeringer"),
            (initiatives, "pool-initiatives", "indsatser"),
        )
    )
    return {
        "gathering": gathering,
        "agenda": agenda,
        "overrun": gathering.overruns(agenda),
        "total_minutes": sum(item.duration_minutes for item in agenda),
        "pool_entries": pool_entries,
        "pool_initiatives": pool_initiatives,
        "pool_count": pool_entries.total + pool_initiatives.total,
        "filters": filters,
        "filter_query": request.GET.urlencode(),
        "free_form": extra.pop("free_form", None) or AgendaItemForm(prefix="free"),
        "can_build": True,
    } | extra


@require_GET
def gathering_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda builder while a gathering is prepared; afterwards the read-only
    agenda (and with `?print`, its print layout)."""
    gathering = get_gathering_for_user(request, pk)
    if gathering.is_planned:
        template = "dialogues/gathering_builder.html"
        if request.htmx:  # the pool's filters
            template += "#builder"
        return render(request, template, _builder_context(request, gathering))
    adoptions = bounded(
        request,
        Adoption.objects.of_gathering(gathering),
        per_page=ADOPTIONS_PAGE,
        list_id="adoption-list",
        param="udbredelse",
    )
    if request.htmx and request.htmx.target == "adoption-list":  # "Vis flere"
        context = {"gathering": gathering, "adoptions": adoptions}
        return render(request, "dialogues/gathering_detail.html#adoptions", context)
    agenda = gathering.agenda()
    context = {
        "gathering": gathering,
        "agenda": agenda,
        "overrun": gathering.overruns(agenda),
        "can_build": can_build(request.user),
        # "Vi vil også prøve det" is for those in a cluster (Initiative.adopt).
        "can_adopt": Cluster.objects.with_member(request.user).exists(),
        "adoptions": adoptions,
    }
    template = "gathering_print" if "print" in request.GET else "gathering_detail"
    return render(request, f"dialogues/{template}.html", context)


def _agenda_answer(
    request: HttpRequest, gathering: Gathering, message: str = "", error: str = "", focus=""
) -> HttpResponse:
    """The answer to a change of the agenda: for htmx the builder's agenda and pool,
    otherwise back to the builder with the message."""
    if request.htmx:
        response = render(
            request,
            "dialogues/gathering_builder.html#builder",
            _builder_context(request, gathering, message=message, error=error, focus=focus),
        )
        return trigger_client_event(response, "dus:announce", {"message": error or message})
    if error:
        messages.error(request, error)
    elif message:
        messages.success(request, message)
    url = gathering.get_absolute_url()
    if query := _sent_filters(request):
        url += f"?{query}"
    return redirect(url)


@require_POST
def gathering_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a candidate from the pool on the agenda (`entry` or `initiative`: its id)."""
    gathering = get_gathering_for_user(request, pk, write=True)
    entry_id = parse_int(request.POST.get("entry"))
    initiative_id = parse_int(request.POST.get("initiative"))
    try:
        if entry_id:
            entry = get_object_or_404(
                LogEntry.objects.select_related("initiative", "author"), pk=entry_id
            )
            item = gathering.add_candidate(entry=entry, by=request.user)
        elif initiative_id:
            initiative = get_object_or_404(Initiative, pk=initiative_id)
            item = gathering.add_candidate(initiative=initiative, by=request.user)
        else:
            return _agenda_answer(request, gathering, error=_("Choose a candidate from the pool."))
    except ValidationError as error:
        return _agenda_answer(request, gathering, error=error.messages[0])
    return _agenda_answer(
        request,
        gathering,
        _("%(title)s was put on the agenda.") % {"title": item.title},
        focus="pool",
    )


@require_POST
def gathering_add_free(request: HttpRequest, pk: int) -> HttpResponse:
    """A free item: velkomst, pause, workshop, opsamling."""
    gathering = get_gathering_for_user(request, pk, write=True)
    form = AgendaItemForm(request.POST, prefix="free")
    if form.is_valid():
        try:
            item = gathering.add_free_item(
                title=form.cleaned_data["title"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                presenter=form.cleaned_data["presenter"],
                by=request.user,
            )
        except ValidationError as error:
            return _agenda_answer(request, gathering, error=error.messages[0])
        return _agenda_answer(
            request,
            gathering,
            _("%(title)s was put on the agenda.") % {"title": item.title},
            focus="agenda",
        )
    template = "dialogues/gathering_builder.html"
    if request.htmx:
        template += "#builder"
    context = _builder_context(
        request, gathering, free_form=form, error=_("The item was not added: see the form.")
    )
    # htmx swaps only a successful answer in (its default), so the errors beside the
    # fields come with 200 there.
    return render(request, template, context, status=200 if request.htmx else 422)


def get_item_for_user(request: HttpRequest, pk: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem, pk=pk)
    item.gathering = get_gathering_for_user(request, item.gathering_id, write=True)
    return item


@require_http_methods(["GET", "POST"])
def gathering_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an item's title, duration or presenter while the agenda is prepared."""
    item = get_item_for_user(request, pk)
    gathering = item.gathering
    if not gathering.is_planned:
        messages.error(request, _("The agenda is published and can no longer be changed."))
        return redirect(gathering)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.instance._history_user = request.user
        form.save()
        messages.success(request, _("The item was changed."))
        return redirect(gathering)
    return render(
        request,
        "dialogues/gathering_item_form.html",
        {"form": form, "item": item, "gathering": gathering},
    )


@require_POST
def gathering_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an item a place up or down (`move` is "<id>:up" or "<id>:down")."""
    gathering = get_gathering_for_user(request, pk, write=True)
    item_id, _sep, direction = request.POST.get("move", "").partition(":")
    offset = {"up": -1, "down": 1}.get(direction)
    item_id = parse_int(item_id)
    item = gathering.items.filter(pk=item_id).first() if item_id else None
    if offset is None or item is None:
        return _agenda_answer(request, gathering, error=_("Choose up or down for an item."))
    try:
        place = gathering.move(item, offset, by=request.user)
    except ValidationError as error:
        return _agenda_answer(request, gathering, error=error.messages[0])
    # Focus follows the moved item: the same button, or the other at either end.
    at_end = place == 1 if direction == "up" else place == gathering.items.count()
    focus = {"up": "down", "down": "up"}[direction] if at_end else direction
    return _agenda_answer(
        request,
        gathering,
        _("%(title)s is now number %(place)s.") % {"title": item.title, "place": place},
        focus=f"{item.pk}:{focus}",
    )


@require_POST
def gathering_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    """Save a whole new order (after dragging)."""
    gathering = get_gathering_for_user(request, pk, write=True)
    ordered = [parse_int(value) for value in request.POST.getlist("order")]
    if None in ordered:
        return _agenda_answer(request, gathering, error=_("The order is not valid."))
    try:
        gathering.reorder(ordered, by=request.user)
    except ValidationError as error:
        return _agenda_answer(request, gathering, error=error.messages[0])
    return _agenda_answer(request, gathering, _("The new order was saved."))


@require_POST
def gathering_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take an item off the agenda being built (its history keeps it)."""
    item = get_item_for_user(request, pk)
    gathering = item.gathering
    try:
        gathering.remove(item, by=request.user)
    except ValidationError as error:
        return _agenda_answer(request, gathering, error=error.messages[0])
    return _agenda_answer(
        request,
        gathering,
        _("%(title)s was taken off the agenda.") % {"title": item.title},
        focus="agenda",
    )


@require_POST
def gathering_publish(request: HttpRequest, pk: int) -> HttpResponse:
    gathering = get_gathering_for_user(request, pk, write=True)
    if not gathering.is_planned:  # sent twice (a double click): it is done
        return redirect(gathering)
    try:
        gathering.publish(by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(gathering)
    messages.success(request, _("The agenda was published. The presenters will be told by e-mail."))
    return redirect(gathering)


@require_POST
def gathering_held(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the gathering held: its learnings are shared and leave the pool."""
    gathering = get_gathering_for_user(request, pk, write=True)
    if gathering.is_held:  # sent twice (a double click): it is done
        return redirect(gathering)
    try:
        shared = gathering.mark_held(by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(gathering)
    messages.success(
        request,
        _("The gathering was marked held; %(count)s learnings are now marked shared.")
        % {"count": shared},
    )
    return redirect(gathering)


@require_http_methods(["GET", "POST"])
def gathering_outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    """At and after the gathering: an outcome per item, and who will try it next."""
    gathering = get_gathering_for_user(request, pk, write=True)
    if gathering.is_planned:
        messages.error(request, _("Publish the agenda before recording outcomes."))
        return redirect(gathering)
    queryset = gathering.items.order_by("position", "id")
    formset = OutcomeFormSet(request.POST or None, queryset=queryset, prefix="outcome")
    # The agenda's items only: a form added to those sent (more forms than items) is no
    # item of this agenda, and nothing is made of it.
    forms = formset.initial_forms
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            # The changed items of this agenda, none new: an id that is no item of the
            # agenda makes a form whose object is not saved (edit_only).
            for item in formset.save(commit=False):
                item._history_user = request.user
                item.save()
        messages.success(request, _("The outcomes were saved."))
        return redirect(gathering)
    agenda = gathering.agenda([form.instance for form in forms])
    rows = list(zip(agenda, forms, strict=True))
    return render(
        request,
        "dialogues/gathering_outcomes.html",
        {"gathering": gathering, "formset": formset, "rows": rows},
    )


@require_GET
def gathering_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The gathering as an .ics file, for Outlook and other calendars."""
    gathering = get_gathering_for_user(request, pk)
    response = HttpResponse(gathering_ics(gathering, request), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="ledertraef-{gathering.pk}.ics"'
    return response
