"""Suggestions for the owner filter as the user types (a <datalist> filled by htmx)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dus.search import clean
from portfolio.filters import owners


@require_GET
def owner_suggestions(request: HttpRequest) -> HttpResponse:
    """The first few owners of initiatives whose name has the typed words, as the
    <option>s of the owner field's datalist. Anyone signed in may read them."""
    text, _cut = clean(request.GET.get("owner", ""), limit=150)
    people = owners(text) if text and not text.isdigit() else []
    return render(request, "portfolio/_owner_suggestions.html", {"people": people})
