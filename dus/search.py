"""The search machinery: cleaning a query, finding it in querysets, marking the matches.
What is searched (initiatives, logbook entries, missions and clusters) spans every app,
so it is listed in the top layer, `dialogues/search.py`.

On PostgreSQL it is full-text search with the Danish configuration (so "borgere"
finds "borger"), ranked, with the matching words marked. On SQLite, which has no
Danish stemming, a simpler fallback finds every word as a substring.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY = 200
MAX_WORDS = 8
LIMIT = 20
START, STOP = "\x02", "\x03"  # markers around matches, replaced after escaping


@dataclass
class Hit:
    title: str
    url: str
    snippet: SafeString
    meta: str = ""


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(query: str, limit: int = MAX_QUERY) -> tuple[str, bool]:
    """The query as searched, and whether it was cut short. Control characters are
    taken out: PostgreSQL refuses a NUL byte in a query (DataError)."""
    query = " ".join(CONTROL_CHARACTERS.sub(" ", query).split())
    return query[:limit], len(query) > limit


def search(query: str, kinds: list[tuple]) -> list[tuple[str, str, list[Hit]]]:
    """(key, label, hits) for each kind of object, best first. Each kind is (key, label,
    queryset, searched fields, title, url, snippet field, meta)."""
    if not query:
        return []
    postgres = connection.vendor == "postgresql"
    groups = []
    for key, label, queryset, fields, title, url, snippet, meta in kinds:
        if postgres:
            hits = _postgres(queryset, fields, snippet, query)
            items = [(obj, _marked(obj.headline)) for obj in hits]
        else:
            hits = _fallback(queryset, fields, query)
            items = [(obj, _highlight(getattr(obj, snippet), query)) for obj in hits]
        groups.append((key, label, [Hit(title(o), url(o), text, meta(o)) for o, text in items]))
    return groups


def _postgres(queryset, fields, snippet, query):
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    search_query = SearchQuery(query, config="danish", search_type="websearch")
    vector = SearchVector(*fields, config="danish")
    return (
        queryset.annotate(document=vector, search_rank=SearchRank(vector, search_query))
        .filter(document=search_query)
        .annotate(
            headline=SearchHeadline(
                snippet,
                search_query,
                config="danish",
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
            )
        )
        .order_by("-search_rank")[:LIMIT]
    )


def _fallback(queryset, fields, query):
    return _every_word(queryset, fields, query)[:LIMIT]


def _every_word(queryset, fields, query):
    for word in query.split()[:MAX_WORDS]:
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


def matching(queryset, fields: list[str], query: str):
    """The queryset narrowed to what matches the query, unranked and unmarked, for lists
    with an order of their own: Danish full text on PostgreSQL, every word as a
    substring on SQLite."""
    if not query:
        return queryset
    if connection.vendor != "postgresql":
        return _every_word(queryset, fields, query)
    from django.contrib.postgres.search import SearchQuery, SearchVector

    return queryset.annotate(search_document=SearchVector(*fields, config="danish")).filter(
        search_document=SearchQuery(query, config="danish", search_type="websearch")
    )


def _marked(text: str) -> SafeString:
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))


def _highlight(text: str, query: str, width: int = 220) -> SafeString:
    """The text around the first match, escaped, with every query word marked."""
    words = [re.escape(w) for w in query.split()[:MAX_WORDS] if w]
    pattern = re.compile("|".join(words), re.IGNORECASE) if words else None
    first = pattern.search(text) if pattern else None
    start = max((first.start() if first else 0) - 60, 0)
    excerpt = (
        ("…" if start else "")
        + text[start : start + width]
        + ("…" if len(text) > start + width else "")
    )
    if pattern:
        excerpt = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", excerpt)
    return _marked(excerpt)
