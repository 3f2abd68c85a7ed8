"""Udbredelse: "vi vil også prøve det", a new initiative started from another one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dus.forms import sent_before
from portfolio.forms import AdoptForm
from portfolio.views.access import get_initiative_for_user


@require_http_methods(["GET", "POST"])
def initiative_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone signed in may open the form; the new initiative goes into a cluster where
    the user is a current member (Initiative.adopt), in the user's own unit."""
    original = get_initiative_for_user(request, pk)
    form = AdoptForm(request.POST or None, user=request.user, original=original)
    if request.method == "POST" and (answer := sent_before(request, form)):
        return answer
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def adopt():
            try:
                return original.adopt(
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
        if answer := sent_before(request, form):  # its twin, sent at the same moment
            return answer
    return render(
        request,
        "portfolio/initiative_adopt.html",
        {
            "form": form,
            "original": original,
            "cluster": original.cluster,
            "has_clusters": form.fields["cluster"].queryset.exists(),
        },
    )
