"""Logging an initiative, its page, editing it, and moving it through its lifecycle."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dus.forms import is_conflict, save_versioned, sent_before
from dus.history import history_page
from dus.input import parse_int
from dus.paging import bounded
from portfolio.forms import InitiativeForm, LogEntryForm, StopForm, clusters_for_logging
from portfolio.models import Status
from portfolio.views.access import get_initiative_for_user


@require_http_methods(["GET", "POST"])
def initiative_create(request: HttpRequest) -> HttpResponse:
    """ "Log en prøvehandling": four fields, the rest optional and for later."""
    initial = {}
    if cluster_id := parse_int(request.GET.get("klynge")):
        initial["cluster"] = cluster_id
    form = InitiativeForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and (answer := sent_before(request, form)):
        return answer
    if request.method == "POST" and form.is_valid():
        initiative = form.save_once(request, lambda: save_versioned(form))
        if initiative is None:  # its twin, sent at the same moment, made it
            return sent_before(request, form)
        messages.success(request, _("The trial action was logged. Add to its logbook as you go."))
        return redirect(initiative)
    has_clusters = clusters_for_logging(request.user).exists()
    return render(
        request,
        "portfolio/initiative_form.html",
        {"form": form, "initiative": None, "has_clusters": has_clusters},
    )


@require_GET
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_initiative_for_user(request, pk)
    target = request.htmx.target if request.htmx else None
    if target == "logbook-entries":  # "Vis flere"
        context = logbook_context(request, initiative)
        return render(request, "portfolio/initiative_detail.html#logbook", context)
    if target == "history-rows":
        context = {"history": history_page(request, initiative.history)}
        return render(request, "_history.html", context)
    if target in ("decision-list", "spread-rows"):
        context = {"initiative": initiative, **_decisions_and_spread(request, initiative)}
        partial = "decisions" if target == "decision-list" else "spread"
        return render(request, f"portfolio/initiative_detail.html#{partial}", context)
    return render(request, "portfolio/initiative_detail.html", detail_context(request, initiative))


LOGBOOK_PAGE = 25
DECISIONS_PAGE = 10  # the newest decisions on the initiative, shown at first
SPREAD_PAGE = 20  # the initiatives started from it, newest first


def logbook_context(request: HttpRequest, initiative, **extra) -> dict:
    """What the initiative page's logbook section shows (its `logbook` partial): the
    newest entries, and "Vis flere" for older ones; `extra` replaces parts (a bound form).
    A POST (a new entry) answers with the first page, the new entry on top."""
    entries = bounded(
        request,
        initiative.log_entries.select_related("author"),
        per_page=LOGBOOK_PAGE,
        list_id="logbook-entries",
        param="logbog",
        url=None if request.method == "GET" else initiative.get_absolute_url(),
    )
    return {
        "initiative": initiative,
        "entries": entries,
        "entry_form": LogEntryForm(),
        "can_log": initiative.can_log(request.user),
        "user_may_correct": {e.pk for e in entries if e.can_correct(request.user)},
    } | extra


def detail_context(request: HttpRequest, initiative, **extra) -> dict:
    """Everything the initiative page shows; `extra` replaces parts (a bound form)."""
    return (
        logbook_context(request, initiative)
        | _decisions_and_spread(request, initiative)
        | {
            "cluster": initiative.cluster,
            "problems": initiative.problems.select_related("plan"),
            "history": history_page(request, initiative.history),
            "next_steps": initiative.next_steps(request.user),
            "can_edit": initiative.can_edit(request.user),
            "can_stop": initiative.can_steer(request.user) and not initiative.is_stopped,
            "can_reopen": initiative.can_reopen(request.user),
        }
        | extra
    )


def _decisions_and_spread(request: HttpRequest, initiative) -> dict:
    """The decisions at reviews (the newest review first) and the initiatives started
    from this one (the newest first), each a page at a time."""
    decisions = (
        initiative.decisions.current()
        .select_related("review")
        .order_by("-review__scheduled_at", "-pk")
    )
    spread = initiative.inspired.select_related("unit", "cluster").order_by("-created_at", "-pk")
    return {
        "decisions": bounded(
            request,
            decisions,
            per_page=DECISIONS_PAGE,
            list_id="decision-list",
            param="beslutninger",
        ),
        "spread": bounded(
            request, spread, per_page=SPREAD_PAGE, list_id="spread-rows", param="udbredelse"
        ),
    }


@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_initiative_for_user(request, pk, write=True)
    form = InitiativeForm(request.POST or None, instance=initiative, user=request.user)
    if request.method == "POST" and form.is_valid() and save_versioned(form):
        messages.success(request, _("The initiative was saved."))
        return redirect(initiative)
    return render(
        request,
        "portfolio/initiative_form.html",
        {"form": form, "initiative": initiative, "has_clusters": True},
        status=409 if is_conflict(form) else 200,
    )


@require_POST
def initiative_advance(request: HttpRequest, pk: int) -> HttpResponse:
    """One forward step of the lifecycle (the buttons show only the allowed ones). Only
    those who may edit the initiative are heard: a reader is refused (403) whatever the
    step they send, before the step is judged."""
    initiative = get_initiative_for_user(request, pk, write=True)
    status = request.POST.get("status", "")
    try:
        initiative.advance(status, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("The initiative is now %(status)s.")
            % {"status": initiative.get_status_display().lower()},
        )
    return redirect(initiative)


@require_http_methods(["GET", "POST"])
def initiative_stop(request: HttpRequest, pk: int) -> HttpResponse:
    """Stopping always asks why and what was learned."""
    initiative = get_initiative_for_user(request, pk)
    if not initiative.can_steer(request.user):
        raise PermissionDenied
    if initiative.is_stopped:
        messages.info(request, _("The initiative is already stopped."))
        return redirect(initiative)
    form = StopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        initiative.stop(request.user, form.cleaned_data["reason"], form.cleaned_data["learning"])
        messages.success(
            request, _("The initiative was stopped. It stays visible with what we learned.")
        )
        return redirect(initiative)
    return render(
        request, "portfolio/initiative_stop.html", {"form": form, "initiative": initiative}
    )


@require_POST
def initiative_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_initiative_for_user(request, pk)
    initiative.reopen(request.user)  # PermissionDenied unless group management
    messages.success(
        request,
        _("The initiative was reopened as %(status)s.")
        % {"status": Status(initiative.status).label.lower()},
    )
    return redirect(initiative)
