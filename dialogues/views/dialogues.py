"""Contract-holder dialogues: the list by unit and year, scheduling one, its page with
the contract holder's preparation beside the unit's initiatives and learnings, the
notes per theme afterwards, and the follow-ups. Who may do what lives on the model
(Dialogue.can_read, .can_schedule, .can_prepare, .can_record_notes)."""

from typing import Literal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dialogues.forms import DialogueForm, FollowUpForm, NotesForm, PreparationForm
from dialogues.models import Dialogue, FollowUp
from dus.forms import is_conflict, save_versioned, sent_before
from dus.models import Unit
from dus.paging import bounded
from portfolio.models import Initiative, LogEntry

RECENT_LEARNINGS = 10
UNIT_INITIATIVES = 20  # the unit's initiatives shown at first beside the dialogue


def get_dialogue_for_user(
    request: HttpRequest, pk: int, write: Literal["prepare", "notes"] | None = None
) -> Dialogue:
    """The dialogue, or 404 for whoever may not read it (its existence is not theirs to
    know); PermissionDenied for a reader who may not prepare or record notes."""
    dialogue = get_object_or_404(
        Dialogue.objects.select_related(
            "unit", "contract_holder", "director", "head_of_department"
        ),
        pk=pk,
    )
    if not dialogue.can_read(request.user):
        raise Http404("No such dialogue.")
    if write == "prepare" and not dialogue.can_prepare(request.user):
        raise PermissionDenied
    if write == "notes" and not dialogue.can_record_notes(request.user):
        raise PermissionDenied
    return dialogue


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("aar", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@require_GET
def dialogue_list(request: HttpRequest) -> HttpResponse:
    """Per contract unit: its dialogues in the year, and whether it has had one. Those who
    schedule see every unit; the participants see the units of their own dialogues."""
    user, year = request.user, _year(request)
    dialogues = (
        Dialogue.objects.listed_for(user)
        .in_year(year)
        .select_related("contract_holder", "director", "head_of_department")
        .order_by("scheduled_at")
    )
    units = Unit.objects.filter(kind=Unit.Kind.CONTRACT_UNIT).select_related("leader")
    can_schedule = Dialogue.can_schedule(user)
    if not can_schedule:
        units = units.filter(pk__in=dialogues.values("unit"))
    units = list(
        units.prefetch_related(Prefetch("dialogues", queryset=dialogues, to_attr="year_dialogues"))
    )
    rows = [
        {
            "unit": unit,
            "dialogues": [(d, d.can_read(user)) for d in unit.year_dialogues],
            "held": any(d.is_held for d in unit.year_dialogues),
        }
        for unit in units
        if unit.is_active or unit.year_dialogues  # a unit gone from the organisation: its past
    ]
    return render(
        request,
        "dialogues/dialogue_list.html",
        {
            "year": year,
            "rows": rows,
            "held_count": sum(row["held"] for row in rows),
            "without": [row for row in rows if not row["dialogues"]],
            "can_schedule": can_schedule,
            "this_year": timezone.localdate().year,
        },
    )


@require_http_methods(["GET", "POST"])
def dialogue_create(request: HttpRequest) -> HttpResponse:
    if not Dialogue.can_schedule(request.user):
        raise PermissionDenied
    initial = {}
    if unit := Unit.objects.filter(
        pk=request.GET.get("enhed") or None, kind=Unit.Kind.CONTRACT_UNIT
    ).first():
        initial = {"unit": unit, "contract_holder": unit.leader}
    form = DialogueForm(request.POST or None, initial=initial)
    if request.method == "POST" and (answer := sent_before(request, form)):
        return answer
    if request.method == "POST" and form.is_valid():

        def schedule() -> Dialogue:  # in one transaction, with the form's token
            form.instance.scheduled_at = form.scheduled_at
            form.instance.created_by = request.user
            return form.save()

        # Staff schedule dialogues they may not read: they go back to the list.
        dialogue = form.save_once(request, schedule, url=_after_scheduling(request.user))
        if dialogue is None:
            return sent_before(request, form)
        messages.success(request, _("The dialogue was scheduled."))
        return redirect(_after_scheduling(request.user)(dialogue))
    return render(request, "dialogues/dialogue_form.html", {"form": form})


def _after_scheduling(user):
    def url(dialogue: Dialogue) -> str:
        if dialogue.can_read(user):
            return dialogue.get_absolute_url()
        year = timezone.localtime(dialogue.scheduled_at).year
        return f"{reverse('dialogues:dialogue_list')}?aar={year}"

    return url


def dialogue_context(request: HttpRequest, dialogue: Dialogue, **forms) -> dict:
    """The dialogue's page: the three themes, the unit's initiatives and recent
    learnings to draw on, and the follow-ups."""
    user = request.user
    can_prepare = dialogue.can_prepare(user)
    can_record = dialogue.can_record_notes(user)
    return {
        "dialogue": dialogue,
        "themes": dialogue.themes(),
        "can_prepare": can_prepare,
        "can_record": can_record,
        "prep_form": forms.get("prep_form")
        or (PreparationForm(instance=dialogue) if can_prepare else None),
        "notes_form": forms.get("notes_form")
        or (NotesForm(instance=dialogue) if can_record else None),
        "follow_up_form": forms.get("follow_up_form")
        or (FollowUpForm(dialogue=dialogue) if can_record else None),
        "follow_ups": dialogue.follow_ups.select_related("owner", "done_by"),
        "initiatives": bounded(
            request,
            Initiative.objects.filter(unit=dialogue.unit)
            .select_related("cluster")
            .order_by("title", "id"),
            per_page=UNIT_INITIATIVES,
            list_id="unit-initiatives",
            param="indsatser",
            url=None if request.method == "GET" else dialogue.get_absolute_url(),
        ),
        "learnings": LogEntry.objects.filter(
            initiative__unit=dialogue.unit, kind=LogEntry.Kind.LEARNING
        ).select_related("initiative", "author")[:RECENT_LEARNINGS],
    }


@require_GET
def dialogue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = get_dialogue_for_user(request, pk)
    return render(request, "dialogues/dialogue_detail.html", dialogue_context(request, dialogue))


@require_POST
def dialogue_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = get_dialogue_for_user(request, pk, write="prepare")
    form = PreparationForm(request.POST, instance=dialogue)
    if form.is_valid() and save_versioned(form):
        messages.success(request, _("Your preparation was saved."))
        return redirect(f"{dialogue.get_absolute_url()}#preparation")
    return render(
        request,
        "dialogues/dialogue_detail.html",
        dialogue_context(request, dialogue, prep_form=form),
        status=409 if is_conflict(form) else 200,
    )


@require_POST
def dialogue_notes(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = get_dialogue_for_user(request, pk, write="notes")
    form = NotesForm(request.POST, instance=dialogue)
    if form.is_valid() and save_versioned(form):
        messages.success(request, _("The notes were saved."))
        return redirect(f"{dialogue.get_absolute_url()}#notes")
    return render(
        request,
        "dialogues/dialogue_detail.html",
        dialogue_context(request, dialogue, notes_form=form),
        status=409 if is_conflict(form) else 200,
    )


@require_POST
def follow_up_create(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = get_dialogue_for_user(request, pk, write="notes")
    form = FollowUpForm(request.POST, dialogue=dialogue)
    if answer := sent_before(request, form):
        return answer
    if form.is_valid():

        def create() -> FollowUp:
            form.instance.created_by = request.user
            return form.save()

        url = f"{dialogue.get_absolute_url()}#follow-ups"
        if form.save_once(request, create, url=lambda _obj: url) is None:
            return sent_before(request, form)
        messages.success(request, _("The follow-up was added."))
        return redirect(url)
    return render(
        request,
        "dialogues/dialogue_detail.html",
        dialogue_context(request, dialogue, follow_up_form=form),
    )


@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(FollowUp, pk=pk)
    dialogue = get_dialogue_for_user(request, follow_up.dialogue_id, write="notes")
    follow_up.mark_done(request.user)
    messages.success(request, _("The follow-up was marked as done."))
    return redirect(f"{dialogue.get_absolute_url()}#follow-ups")
