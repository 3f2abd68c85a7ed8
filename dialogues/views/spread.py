"""Udbredelse from a gathering: "vi vil også prøve det" from an item of a published or
held agenda, with the portfolio's form and adoption, recorded as set going by the
gathering (Adoption)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dialogues.models import Adoption, AgendaItem
from dialogues.views.gatherings import get_gathering_for_user
from dus.forms import sent_before
from portfolio.forms import AdoptForm


@require_http_methods(["GET", "POST"])
def gathering_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """The portfolio's adoption form for the item's initiative; the new initiative goes
    into a cluster where the user is a current member, in the user's own unit."""
    item = get_object_or_404(
        AgendaItem.objects.select_related("entry__initiative", "initiative"), pk=pk
    )
    gathering = get_gathering_for_user(request, item.gathering_id)
    original = item.source_initiative
    if gathering.is_planned or original is None:
        raise Http404
    item.gathering = gathering
    form = AdoptForm(request.POST or None, user=request.user, original=original)
    if request.method == "POST" and (answer := sent_before(request, form)):
        return answer
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def adopt():
            try:
                return Adoption.adopt(
                    item,
                    request.user,
                    data["cluster"],
                    title=data["title"],
                    kind=data["kind"],
                    what=data["what"],
                    hypothesis=data["hypothesis"],
                    problems=data["problems"],
                )
            except ValidationError as error:  # the membership ended meanwhile
                form.add_error("cluster", error)
                return None

        adopted = form.save_once(request, adopt)
        if adopted is not None:
            messages.success(
                request,
                _("The initiative was started in your cluster, inspired by “%(title)s”.")
                % {"title": original.title},
            )
            return redirect(adopted)
        if answer := sent_before(request, form):
            return answer
    return render(
        request,
        "portfolio/initiative_adopt.html",
        {
            "form": form,
            "original": original,
            "cluster": original.cluster,
            "gathering": gathering,
            "has_clusters": form.fields["cluster"].queryset.exists(),
        },
    )
