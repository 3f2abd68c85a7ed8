"""The logbook: "Mine indsatser", adding an entry in place, correcting one's own entry."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from dus.forms import ALREADY_SENT
from dus.paging import bounded
from portfolio.forms import LogEntryForm
from portfolio.models import Initiative, Status
from portfolio.views.access import get_entry_for_user, get_initiative_for_user
from portfolio.views.initiatives import detail_context, logbook_context

MINE_PER_PAGE = 20


def _mine(user):
    """The user's initiatives: those that need an entry before their cluster's next
    review first (Initiative.objects.needing_entry), then the active ones, in lifecycle
    order."""
    lifecycle = Case(
        *(When(status=status, then=Value(i)) for i, status in enumerate(Status)),
        output_field=IntegerField(),
    )
    needing = Initiative.objects.needing_entry().filter(pk=OuterRef("pk"))
    return (
        Initiative.objects.owned_by(user)
        .with_last_entry()
        .select_related("cluster__mission")
        .annotate(lifecycle=lifecycle, needs_entry=Exists(needing))
        .order_by("-needs_entry", "lifecycle", "cluster__name", "rank", "pk")
    )


@require_GET
def my_initiatives(request: HttpRequest) -> HttpResponse:
    """ "Mine indsatser": the user's initiatives, with their latest logbook entry, a page
    at a time; how many need an entry is counted over all of them."""
    shown = bounded(request, _mine(request.user), per_page=MINE_PER_PAGE, list_id="mine")
    return render(
        request,
        "portfolio/my_initiatives.html",
        {
            "shown": shown,
            "needing_count": Initiative.objects.owned_by(request.user).needing_entry().count(),
            "entry_form": LogEntryForm(),
        },
    )


@require_POST
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A new logbook entry, signed and dated. Answers htmx with the updated row of
    "Mine indsatser" or the updated logbook, whichever the form came from."""
    initiative = get_initiative_for_user(request, pk)
    if not initiative.can_log(request.user):
        raise PermissionDenied
    form = LogEntryForm(request.POST)
    # Sent twice (a double click): answered as the first was, without a second entry.
    repeated = form.first_result(request) is not None
    if not repeated and form.is_valid():
        form.instance.initiative = initiative
        form.instance.author = request.user
        url = initiative.get_absolute_url()
        repeated = form.save_once(request, form.save, url=lambda entry: url) is None
    saved = repeated or form.is_valid()
    message = str(ALREADY_SENT) if repeated else _("The entry was saved.")
    if request.htmx:
        if request.htmx.target == f"row-{initiative.pk}":
            row = _mine(request.user).filter(pk=initiative.pk).first() or initiative
            response = render(
                request,
                "portfolio/my_initiatives.html#row",
                {
                    "initiative": row,
                    "entry_form": LogEntryForm() if saved else form,
                    "saved": saved,
                },
            )
        else:
            response = render(
                request,
                "portfolio/initiative_detail.html#logbook",
                logbook_context(
                    request, initiative, entry_form=LogEntryForm() if saved else form, saved=saved
                ),
            )
        if saved:
            trigger_client_event(response, "dus:announce", {"message": message})
        return response
    if saved:
        messages.success(request, message)
        return redirect(
            "portfolio:my_initiatives" if request.POST.get("next") == "mine" else initiative
        )
    # Without JavaScript: the initiative page, with the form and what was typed.
    return render(
        request,
        "portfolio/initiative_detail.html",
        detail_context(request, initiative, entry_form=form),
    )


@require_http_methods(["GET", "POST"])
def entry_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """The author corrects an entry within 24 hours of writing it."""
    entry = get_entry_for_user(request, pk, write=True)
    form = LogEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        entry.correct(
            request.user,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            share=form.cleaned_data["share"],
        )
        messages.success(request, _("The entry was corrected."))
        return redirect(entry.initiative)
    return render(request, "portfolio/entry_form.html", {"form": form, "entry": entry})
