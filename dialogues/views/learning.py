"""Læring: the page with every learning in the portfolio."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dialogues.learning import PAGE_SIZE, LearningFilter, page_rows
from portfolio.models import Initiative


@require_GET
def learning_list(request: HttpRequest) -> HttpResponse:
    """Every learning, newest first, filtered and paginated; the links keep the filters."""
    filters = LearningFilter(request.GET or None, queryset=Initiative.objects.all())
    page = Paginator(filters.learnings(), PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "dialogues/learning_list.html",
        {"filters": filters, "page": page, "learnings": page_rows(page.object_list)},
    )
