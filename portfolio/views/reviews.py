"""Portfolio reviews: scheduling and moving one, the review meeting's page (the three
questions, a decision per initiative, the reminders sent), closing it, and its
printable minutes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from dus.forms import is_conflict, save_versioned, sent_before
from missions.models import Cluster
from portfolio.forms import DecisionForm, ReviewAnswersForm, ReviewForm, ReviewTimeForm
from portfolio.models import REVIEW_QUESTIONS, Initiative, Review, ReviewDecision
from portfolio.reminders import review_recipients, sync_review_reminders
from portfolio.views.access import can_steer_cluster, get_cluster_for_user, get_review_for_user


def update_next_review(cluster: Cluster) -> None:
    """The cluster's next review is its earliest scheduled one from today on."""
    upcoming = (
        cluster.reviews.filter(
            state=Review.State.SCHEDULED, scheduled_at__date__gte=timezone.localdate()
        )
        .order_by("scheduled_at")
        .first()
    )
    if upcoming:
        Cluster.objects.filter(pk=cluster.pk).update(
            next_review_on=timezone.localdate(upcoming.scheduled_at)
        )


@require_http_methods(["GET", "POST"])
def review_create(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request, pk, write=True)
    form = ReviewForm(request.POST or None, cluster=cluster)
    if request.method == "POST" and (answer := sent_before(request, form)):
        return answer
    if request.method == "POST" and form.is_valid():

        def schedule() -> Review:  # in one transaction, with the form's token
            form.instance.cluster = cluster
            form.instance.created_by = request.user
            review = form.save()
            update_next_review(cluster)
            sync_review_reminders(review)
            return review

        review = form.save_once(request, schedule)
        if review is None:  # its twin, sent at the same moment, made it
            return sent_before(request, form)
        messages.success(request, _("The portfolio review was scheduled."))
        return redirect(review)
    return render(request, "portfolio/review_form.html", {"form": form, "cluster": cluster})


@require_http_methods(["GET", "POST"])
def review_move(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Flyt vurderingen": a new date, time or place; the reminders follow."""
    review = get_review_for_user(request, pk, write=True)
    if refused := _refuse_if_closed(request, review):
        return refused
    form = ReviewTimeForm(request.POST if request.method == "POST" else None, instance=review)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            review = form.save()
            update_next_review(review.cluster)
            sync_review_reminders(review)
        messages.success(request, _("The review was moved. The reminders follow the new date."))
        return redirect(review)
    return render(
        request,
        "portfolio/review_move.html",
        {"form": form, "review": review, "cluster": review.cluster},
    )


def review_context(request: HttpRequest, review: Review, **extra) -> dict:
    initiatives = list(
        Initiative.objects.filter(cluster=review.cluster)
        .active()
        .with_last_entry()
        .select_related("owner")
        .order_by("rank", "id")
    )
    decisions = {
        d.initiative_id: d for d in review.decisions.select_related("initiative", "decided_by")
    }
    # Initiatives decided on at this review that are no longer active (after closing).
    decided_elsewhere = [d.initiative for d in decisions.values() if not d.initiative.is_active]
    bound = extra.pop("decision_forms", {})
    items = [
        {
            "initiative": initiative,
            "decision": decisions.get(initiative.pk),
            "form": bound.get(initiative.pk)
            or DecisionForm(instance=decisions.get(initiative.pk), prefix=f"d{initiative.pk}"),
        }
        for initiative in [*initiatives, *decided_elsewhere]
    ]
    can_steer = can_steer_cluster(request.user, review.cluster) and not review.is_closed
    answers_form = extra.pop("answers_form", None) or ReviewAnswersForm(instance=review)
    return (
        {
            "review": review,
            "cluster": review.cluster,
            "items": items,
            "questions": [
                (answers_form[name], getattr(review, name)) for name, _label in REVIEW_QUESTIONS
            ],
            "answers_form": answers_form,
            "participants": review.participants.select_related("unit"),
            "can_steer": can_steer,
            "log_cluster": review.cluster,
        }
        | reminder_context(request, review)
        | extra
    )


def reminder_context(request: HttpRequest, review: Review) -> dict:
    """For the coordinators and group management: which reminders went out, to whom
    and when, and which failed or were not sent, and why."""
    if not can_steer_cluster(request.user, review.cluster):
        return {"show_reminders": False}
    return {
        "show_reminders": True,
        "reminders": review.reminders.select_related("recipient").order_by(
            "due_at", "recipient__first_name", "recipient__last_name"
        ),
        "has_recipients": bool(review_recipients(review)),
    }


@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_review_for_user(request, pk)
    return render(request, "portfolio/review_detail.html", review_context(request, review))


def _refuse_if_closed(request: HttpRequest, review: Review) -> HttpResponse | None:
    if review.is_closed:
        messages.error(request, _("The review is closed and can no longer be changed."))
        return redirect(review)
    return None


@require_POST
def review_answers(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_review_for_user(request, pk, write=True)
    if refused := _refuse_if_closed(request, review):
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


@require_POST
def review_decide(request: HttpRequest, pk: int, initiative_pk: int) -> HttpResponse:
    """Record (or change) the review's decision on one initiative of the portfolio."""
    review = get_review_for_user(request, pk, write=True)
    if refused := _refuse_if_closed(request, review):
        return refused
    initiative = (
        Initiative.objects.filter(cluster=review.cluster, pk=initiative_pk).active().first()
    )
    if initiative is None:
        raise Http404("The initiative is not in the reviewed portfolio.")
    existing = review.decisions.filter(initiative=initiative).first()
    form = DecisionForm(request.POST, instance=existing, prefix=f"d{initiative.pk}")
    if form.is_valid():
        form.instance.review = review
        form.instance.initiative = initiative
        form.instance.decided_by = request.user
        form.save()
        message = _("Decision on %(title)s: %(decision)s.") % {
            "title": initiative.title,
            "decision": form.instance.get_decision_display().lower(),
        }
        if not request.htmx:
            messages.success(request, message)
            return redirect(f"{review.get_absolute_url()}#initiative-{initiative.pk}")
        context = review_context(request, review, message=message)
    else:
        context = review_context(request, review, decision_forms={initiative.pk: form})
        message = ""
    if request.htmx:
        response = render(request, "portfolio/review_detail.html#decisions", context)
        return (
            trigger_client_event(response, "dus:announce", {"message": message})
            if message
            else response
        )
    return render(request, "portfolio/review_detail.html", context)


@require_POST
def review_close(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Afslut vurdering": apply every decision at once and lock the review."""
    review = get_review_for_user(request, pk, write=True)
    if refused := _refuse_if_closed(request, review):
        return refused
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
    return redirect("portfolio:minutes", pk=review.pk)


@require_GET
def review_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable minutes (referat) of a review."""
    review = get_review_for_user(request, pk)
    decisions = review.decisions.select_related("initiative", "decided_by").order_by(
        "initiative__rank"
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
