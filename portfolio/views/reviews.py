"""Portfolio reviews: scheduling, rescheduling and cancelling one, the review meeting's page (the
three questions, a decision per initiative, the reminders sent), closing it after a
confirmation page, and its printable minutes. What each step does to the review, its
decisions and the cluster's next review date lives on the models (Review.schedule,
.reschedule, .close, .cancel); these views check access and forms."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When, Window
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from dus.forms import is_conflict, save_versioned, sent_before
from dus.logs import log_change
from dus.paging import bounded
from missions.views.access import get_cluster_for_user
from portfolio import metrics
from portfolio.forms import (
    DecisionForm,
    ReviewAnswersForm,
    ReviewCancelForm,
    ReviewForm,
    ReviewTimeForm,
)
from portfolio.models import (
    ACTIVE_STATUSES,
    REVIEW_QUESTIONS,
    Initiative,
    Reminder,
    Review,
    ReviewDecision,
)
from portfolio.reminders import has_review_recipients, sync_review_reminders
from portfolio.views.access import get_review_for_user


@require_http_methods(["GET", "POST"])
def review_create(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request, pk, write=True)
    form = ReviewForm(request.POST or None, cluster=cluster)
    if request.method == "POST" and (answer := sent_before(request, form)):
        return answer
    if request.method == "POST" and form.is_valid():

        def schedule() -> Review:  # in one transaction, with the form's token
            review = Review.schedule(
                cluster,
                form.scheduled_at,
                request.user,
                place=form.cleaned_data["place"],
                participants=form.cleaned_data["participants"],
            )
            sync_review_reminders(review)
            return review

        review = form.save_once(request, schedule)
        if review is None:  # its twin, sent at the same moment, made it
            return sent_before(request, form)
        messages.success(request, _("The portfolio review was scheduled."))
        return redirect(review)
    return render(request, "portfolio/review_form.html", {"form": form, "cluster": cluster})


@require_http_methods(["GET", "POST"])
def review_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Flyt vurderingen": a new date, time or place; the reminders follow."""
    review = get_review_for_user(request, pk, write=True)
    if refused := _refuse_unless_open(request, review):
        return refused
    form = ReviewTimeForm(request.POST if request.method == "POST" else None, instance=review)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                review.reschedule(form.scheduled_at, form.cleaned_data["place"], request.user)
                sync_review_reminders(review)
        except ValidationError as error:  # closed or cancelled meanwhile
            messages.error(request, error.messages[0])
            return redirect(review)
        messages.success(request, _("The review was moved. The reminders follow the new date."))
        return redirect(review)
    return render(
        request,
        "portfolio/review_reschedule.html",
        {"form": form, "review": review, "cluster": review.cluster},
    )


@require_http_methods(["GET", "POST"])
def review_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Aflys vurderingen": asks for an optional reason; the review stays, cancelled."""
    review = get_review_for_user(request, pk, write=True)
    if refused := _refuse_unless_open(request, review):
        return refused
    form = ReviewCancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            review.cancel(request.user, form.cleaned_data["reason"])
        except ValidationError as error:  # closed or cancelled meanwhile
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request, _("The review was cancelled. Its reminders will not be sent.")
            )
        return redirect(review)
    return render(
        request,
        "portfolio/review_cancel.html",
        {"form": form, "review": review, "cluster": review.cluster},
    )


REVIEW_PER_PAGE = 20  # each item carries its decision form
REMINDERS_PER_PAGE = 25  # the failed first, then the soonest due
PARTICIPANTS_SHOWN = 20  # on the review page; the minutes list them all
REVIEW_ITEMS = "review-items"


def _reviewed(review: Review):
    """What the review decides on: the portfolio's active initiatives in priority order,
    then those decided on at this review that are no longer active (overtaken: anchored
    or stopped from their own page meanwhile, or carried out when the review closed)."""
    ended = Case(When(status__in=ACTIVE_STATUSES, then=Value(0)), default=Value(1))
    return (
        Initiative.objects.filter(cluster=review.cluster)
        .filter(
            Q(status__in=ACTIVE_STATUSES)
            | Q(pk__in=review.decisions.current().values("initiative"))
        )
        .with_last_entry()
        .select_related("owner")
        .annotate(ended=ended)
        .order_by("ended", "rank", "id")
    )


def _items(review: Review, initiatives, bound: dict) -> list[dict]:
    """Each initiative with its decision at this review (if any) and the decision form."""
    decisions = {
        d.initiative_id: d
        for d in review.decisions.current()
        .filter(initiative__in=[i.pk for i in initiatives])
        .select_related("decided_by")
    }
    items = []
    for initiative in initiatives:
        decision = decisions.get(initiative.pk)
        if decision:
            decision.initiative = initiative
        form = bound.get(initiative.pk) or DecisionForm(
            instance=decision, prefix=f"d{initiative.pk}", initiative=initiative
        )
        items.append({"initiative": initiative, "decision": decision, "form": form})
    return items


def decision_counts(review: Review) -> dict:
    """How many of the portfolio's active initiatives have a decision at this review, and
    how many have none: always of all of them, whichever page is shown."""
    decided = review.decisions.current().filter(initiative=OuterRef("pk"))
    counts = (
        Initiative.objects.filter(cluster=review.cluster)
        .active()
        .aggregate(total=Count("pk"), decided=Count("pk", filter=Q(Exists(decided))))
    )
    return {
        "active_count": counts["total"],
        "decided_count": counts["decided"],
        "undecided": counts["total"] - counts["decided"],
    }


def _page_of(review: Review, initiative_pk: int) -> int:
    """The page of the review's list that shows the initiative."""
    pks = list(_reviewed(review).values_list("pk", flat=True))
    place = pks.index(initiative_pk) if initiative_pk in pks else 0
    return place // REVIEW_PER_PAGE + 1


def review_context(request: HttpRequest, review: Review, **extra) -> dict:
    bound = extra.pop("decision_forms", {})
    shown = bounded(
        request,
        _reviewed(review),
        per_page=REVIEW_PER_PAGE,
        list_id=REVIEW_ITEMS,
        number=_page_of(review, next(iter(bound))) if bound else None,
        path=review.get_absolute_url(),
    )
    can_steer = review.cluster.can_steer(request.user) and review.is_open
    answers_form = extra.pop("answers_form", None) or ReviewAnswersForm(instance=review)
    return (
        {
            "review": review,
            "cluster": review.cluster,
            "shown": shown,
            "items": _items(review, list(shown), bound),
            "questions": [
                (answers_form[name], getattr(review, name)) for name, _label in REVIEW_QUESTIONS
            ],
            "answers_form": answers_form,
            **_participants(review),
            "capacity": SimpleLazyObject(lambda: metrics.portfolio_capacity(review.cluster)),
            "can_steer": can_steer,
            "log_cluster": review.cluster,
        }
        | decision_counts(review)
        | reminder_context(request, review)
        | extra
    )


def _participants(review: Review) -> dict:
    """The first participants by name, and how many more there are, in one query (a
    window counts them all before the limit)."""
    shown = list(
        review.participants.annotate(total=Window(Count("pk"))).order_by(
            "first_name", "last_name", "pk"
        )[:PARTICIPANTS_SHOWN]
    )
    more = shown[0].total - len(shown) if shown else 0
    return {"participants": shown, "participants_more": more}


def reminder_context(request: HttpRequest, review: Review) -> dict:
    """For the coordinators and group management: which reminders went out, to whom
    and when, and which failed, were not sent or were cancelled, and why."""
    if not review.cluster.can_steer(request.user):
        return {"show_reminders": False}
    # The failed first (they need someone to look), then by when they are due.
    reminders = review.reminders.select_related("recipient").order_by(
        Case(When(status=Reminder.Status.FAILED, then=0), default=1),
        "due_at",
        "recipient__first_name",
        "recipient__last_name",
        "pk",
    )
    return {
        "show_reminders": True,
        "reminders": bounded(
            request,
            reminders,
            per_page=REMINDERS_PER_PAGE,
            list_id="reminder-rows",
            param="paamindelser",
            path=review.get_absolute_url(),
        ),
        "has_recipients": has_review_recipients(review),
    }


@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_review_for_user(request, pk)
    return render(request, "portfolio/review_detail.html", review_context(request, review))


def _refuse_unless_open(request: HttpRequest, review: Review) -> HttpResponse | None:
    if review.is_closed:
        messages.error(request, _("The review is closed and can no longer be changed."))
    elif review.is_cancelled:
        messages.error(request, _("The review is cancelled and can no longer be changed."))
    else:
        return None
    return redirect(review)


@require_POST
def review_answers(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_review_for_user(request, pk, write=True)
    if refused := _refuse_unless_open(request, review):
        return refused
    form = ReviewAnswersForm(request.POST, instance=review)
    if form.is_valid() and save_versioned(form):
        messages.success(request, _("The answers were saved."))
        return redirect(review)
    return render(
        request,
        "portfolio/review_detail.html",
        review_context(request, review, answers_form=form),
        status=409 if is_conflict(form) else 200,
    )


def _reviewed_initiative(review: Review, initiative_pk: int) -> Initiative:
    """An initiative the review page lists: active in the reviewed portfolio, or with a
    decision at this review (it may have been anchored or stopped since)."""
    initiative = get_object_or_404(Initiative, cluster=review.cluster, pk=initiative_pk)
    if (
        not initiative.is_active
        and not review.decisions.current().filter(initiative=initiative).exists()
    ):
        raise Http404("The initiative is not in the reviewed portfolio.")
    return initiative


def _item_answer(
    request: HttpRequest,
    review: Review,
    initiative: Initiative,
    message: str = "",
    form: DecisionForm | None = None,
) -> HttpResponse:
    """For htmx: the initiative's item of the review's list, and the counts of decisions
    out of band; the rest of the list, however long, stays as the page has it."""
    row = _reviewed(review).filter(pk=initiative.pk).first() or initiative
    context = {
        "review": review,
        "item": _items(review, [row], {initiative.pk: form} if form else {})[0],
        "can_steer": review.cluster.can_steer(request.user) and review.is_open,
        "message": message,
        "oob": True,
    } | decision_counts(review)
    response = render(request, "portfolio/review_detail.html#item_answer", context)
    if message:
        trigger_client_event(response, "dus:announce", {"message": message})
    return response


def _decisions_changed(
    request: HttpRequest, review: Review, initiative: Initiative, message: str
) -> HttpResponse:
    """After a decision was saved or withdrawn: back to the initiative on the page (the
    page of the list that shows it), or, for HTMX, its updated item, announced."""
    if not request.htmx:
        messages.success(request, message)
        page = _page_of(review, initiative.pk)
        query = f"?side={page}" if page > 1 else ""
        return redirect(f"{review.get_absolute_url()}{query}#initiative-{initiative.pk}")
    return _item_answer(request, review, initiative, message)


@require_POST
def review_decide(request: HttpRequest, pk: int, initiative_pk: int) -> HttpResponse:
    """Record (or change) the review's decision on one initiative of the portfolio. A
    decision the initiative's lifecycle does not allow is refused beside the field."""
    review = get_review_for_user(request, pk, write=True)
    if refused := _refuse_unless_open(request, review):
        return refused
    initiative = _reviewed_initiative(review, initiative_pk)
    # A withdrawn decision's row is taken up again: one row per initiative and review.
    existing = review.decisions.filter(initiative=initiative).first()
    form = DecisionForm(
        request.POST, instance=existing, prefix=f"d{initiative.pk}", initiative=initiative
    )
    if form.is_valid():
        form.instance.review = review
        form.instance.initiative = initiative
        form.instance.decided_by = request.user
        form.instance.state = ReviewDecision.State.DECIDED
        decision = form.save()
        log_change(
            "decision_recorded",
            request.user,
            decision_id=decision.pk,
            initiative_id=initiative.pk,
            decision=decision.decision,
        )
        message = _("Decision on %(title)s: %(decision)s.") % {
            "title": initiative.title,
            "decision": form.instance.get_decision_display().lower(),
        }
        return _decisions_changed(request, review, initiative, message)
    if request.htmx:
        return _item_answer(request, review, initiative, form=form)
    context = review_context(request, review, decision_forms={initiative.pk: form})
    return render(request, "portfolio/review_detail.html", context)


@require_POST
def review_withdraw(request: HttpRequest, pk: int, initiative_pk: int) -> HttpResponse:
    """Withdraw the review's decision on one initiative; the history keeps it."""
    review = get_review_for_user(request, pk, write=True)
    if refused := _refuse_unless_open(request, review):
        return refused
    decision = get_object_or_404(
        review.decisions.current().select_related("initiative"), initiative_id=initiative_pk
    )
    decision.withdraw(request.user)
    message = _("The decision on %(title)s was withdrawn.") % {"title": decision.initiative.title}
    return _decisions_changed(request, review, decision.initiative, message)


@require_http_methods(["GET", "POST"])
def review_close(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Afslut vurdering": a page that says what closing will do to each initiative (and
    whether the meeting is still ahead); only its POST applies the decisions and locks
    the review."""
    review = get_review_for_user(request, pk, write=True)
    if refused := _refuse_unless_open(request, review):
        return refused
    if request.method == "POST":
        try:
            review.close(request.user)
        except ValidationError as error:
            messages.error(
                request,
                _("The review was not closed, and no decision was applied: %(error)s")
                % {"error": error.messages[0]},
            )
            return redirect(review)
        messages.success(request, _("The review is closed and its decisions applied."))
        return redirect("portfolio:review_minutes", pk=review.pk)
    decisions = (
        review.decisions.current()
        .select_related("initiative")
        .order_by("initiative__rank", "initiative_id")
    )
    # Whether any decision blocks closing is asked of every decision, not of a page.
    blocked = any(
        d.refusal() and not d.is_overtaken
        for d in decisions.only(
            "decision", "state", "initiative__status", "initiative__title"
        ).iterator(chunk_size=2000)
    )
    shown = bounded(request, decisions, per_page=REVIEW_PER_PAGE * 2, list_id="close-rows")
    return render(
        request,
        "portfolio/review_close.html",
        {
            "review": review,
            "cluster": review.cluster,
            "shown": shown,
            "rows": [(decision, decision.refusal()) for decision in shown],
            "blocked": blocked,
            "ahead": review.scheduled_at > timezone.now(),
            "Decision": ReviewDecision.Decision,
        }
        | decision_counts(review),
    )


@require_GET
def review_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable minutes (referat) of a review."""
    review = get_review_for_user(request, pk)
    decisions = (
        review.decisions.current()
        .select_related("initiative", "decided_by")
        .order_by("initiative__rank")
    )
    return render(
        request,
        "portfolio/review_minutes.html",
        {
            "review": review,
            "cluster": review.cluster,
            "answers": [(label, getattr(review, name)) for name, label in REVIEW_QUESTIONS],
            "decisions": decisions,
            "participants": review.participants.all(),
            "Decision": ReviewDecision.Decision,
        },
    )
