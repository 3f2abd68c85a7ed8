"""The search machinery: cleaning a query, finding it in querysets, marking the matches.
What is searched (initiatives, logbook entries, missions, clusters and the strategic
frame) spans every app, so it is listed in the top layer, `dialogues/search.py`.

On PostgreSQL it is full-text search with the Danish configuration (so "borgere"
finds "borger"), ranked, with the matching words marked by ts_headline; the last word
is a prefix, as the user types ("borg" finds "borgerne"). The big tables keep a stored
vector with a GIN index (a kind's `vector`: kept by a trigger, see portfolio migration
0010); the small ones are computed at each query. Counting and ranking stop after a
hundred hits or so (see `Found`): a common word's thousands of hits are neither all
counted nor all ranked. On SQLite, which has no Danish stemming, a simpler fallback
finds every word as a substring, case folded in every alphabet (`icontains`, see
dus/lookups.py), and the excerpt and marks are made here in Python. Either way the
snippet is taken from all of a hit's searched texts, so that it shows the word that
was found.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter

from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY = 200
MAX_WORDS = 8
LIMIT = 20
CAP = 100  # hits counted at most on a first page ("more than 100")
START, STOP = "\x02", "\x03"  # markers around matches, replaced after escaping
SEPARATOR = " · "  # between two texts of one hit in its snippet
SNIPPET_CHARACTERS = 220  # on SQLite; ts_headline counts words (below)
BEFORE_MATCH = 60  # characters of context before the first match


@dataclass
class Hit:
    title: SafeString
    url: str
    snippet: SafeString
    meta: str = ""


@dataclass
class Kind:
    """One kind of object the search finds, shown as one group of hits."""

    key: str
    label: str
    queryset: QuerySet
    title: str  # the attribute shown as a hit's heading ("initiative__title" follows a relation)
    texts: list[str]  # the searched texts besides the title; the snippet is taken from them
    url: Callable[[Model], str]
    meta: Callable[[Model], str]
    title_searched: bool = True  # False: the heading is another object's, not searched
    vector: str = ""  # a stored SearchVectorField of the fields, used on PostgreSQL
    # The hits' order on PostgreSQL, an indexed one; empty: ranked (ts_rank), best first
    # among the CAP newest hits (see Found).
    order: list = field(default_factory=list)
    fields: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.fields = [self.title, *self.texts] if self.title_searched else list(self.texts)

    def title_of(self, obj: Model) -> str:
        return attrgetter(self.title.replace("__", "."))(obj)


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(query: str, limit: int = MAX_QUERY) -> tuple[str, bool]:
    """The query as searched, and whether it was cut short. Control characters are
    taken out: PostgreSQL refuses a NUL byte in a query (DataError)."""
    query = " ".join(CONTROL_CHARACTERS.sub(" ", query).split())
    return query[:limit], len(query) > limit


WORD = re.compile(r"\w+")


def tsquery(query: str) -> str:
    """The query as PostgreSQL's to_tsquery syntax: every word must match, the last
    one as a prefix. Only word characters are kept, so nothing the user types is
    read as tsquery syntax (operators, quotes, weights); "" when no word is left."""
    words = WORD.findall(query)[:MAX_WORDS]
    return " & ".join([*words[:-1], f"{words[-1]}:*"]) if words else ""


class Found:
    """One kind's hits for a query: a sequence that a Paginator counts and slices
    (dus.paging), each slice made into Hits.

    Counting stops after `cap` (at least CAP) hits: `count()` is then cap + 1 and
    `capped` is true ("more than 100"); a view asking for a page beyond CAP raises the
    cap to that page's end, so every page can be reached and has a next one as long as
    there are more hits.

    On PostgreSQL, `count()` reads the ids of the first cap + 1 hits in the kind's
    index order (newest first), and with them each one's rank, in one query that stops
    at the limit; a slice then reads its rows by id, with the snippets (ts_headline)
    made for those rows only. A kind without an order of its own is ranked: its hits
    best first when there are at most CAP of them; with more, the CAP newest best
    first and the rest newest first. So however common the word, no more than cap + 1
    hits are ranked and counted, and a page's are marked: counting and ranking every
    hit of "borg" (two in five logbook entries) grew with the tables. How the first
    hits of a big table are found: `_stored_hits`.
    """

    def __init__(self, kind: Kind, query: str, cap: int = CAP) -> None:
        self.kind, self.query = kind, query
        self.cap = max(cap, CAP)
        self.postgres = connection.vendor == "postgresql"
        self._count: int | None = None
        self._order: list[tuple[int, float]] = []  # (pk, rank) of the counted hits, in order

    @property
    def capped(self) -> bool:
        """Whether there are more than `cap` hits (only `cap` + 1 were counted)."""
        return self.count() > self.cap

    def count(self) -> int:
        if self._count is None:
            if self.postgres:
                self._order = _ranked(self.kind, self.query, self.cap + 1)
                self._count = len(self._order)
            else:
                self._count = self._sqlite()[: self.cap + 1].count()
        return self._count

    def _sqlite(self) -> QuerySet:
        found = _every_word(self.kind.queryset, self.kind.fields, self.query)
        return found if found.ordered else found.order_by("pk")

    def __getitem__(self, part: slice) -> list[Hit]:
        kind, query = self.kind, self.query
        if self.postgres:
            self.count()
            ids = [pk for pk, _rank in self._order[part]]
            found = _marked_rows(kind, query).in_bulk(ids) if ids else {}
            return [
                Hit(_marked(o.title_headline), kind.url(o), _marked(o.headline), kind.meta(o))
                for o in (found[pk] for pk in ids if pk in found)
            ]
        return [
            Hit(
                mark(kind.title_of(o), query),
                kind.url(o),
                excerpt(_joined(getattr(o, name) for name in kind.texts), query),
                kind.meta(o),
            )
            for o in self._sqlite()[part]
        ]


def search(query: str, kinds: list[Kind]) -> list[tuple[str, str, list[Hit]]]:
    """(key, label, the first LIMIT hits) for each kind of object, best first on
    PostgreSQL."""
    if not query:
        return []
    return [(kind.key, kind.label, Found(kind, query)[0:LIMIT]) for kind in kinds]


def _search_query(query: str):
    from django.contrib.postgres.search import SearchQuery

    raw = tsquery(query)
    return SearchQuery(raw, config="danish", search_type="raw") if raw else None


def _ranked(kind: Kind, query: str, limit: int) -> list[tuple[int, float]]:
    """(pk, rank) of the kind's first `limit` hits in their order: the kind's own
    order, or best first among the CAP newest and newest first after them."""
    from django.contrib.postgres.search import SearchRank, SearchVector

    raw = tsquery(query)
    if not raw:
        return []
    if kind.vector:
        rows = _stored_hits(kind, raw, limit)
    else:  # a small table: its vectors computed for every row
        search_query = _search_query(query)
        vector = SearchVector(*kind.fields, config="danish")
        rows = list(
            kind.queryset.select_related(None)
            .alias(document=vector)
            .filter(document=search_query)
            .annotate(search_rank=SearchRank(vector, search_query))
            .order_by(*(kind.order or ["-pk"]))
            .values_list("pk", "search_rank")[:limit]
        )
    if kind.order:
        return rows
    best = sorted(rows[:CAP], key=lambda row: (-row[1], row[0]))
    return best + rows[CAP:]


WINDOW = 5_000  # the newest rows of a big table looked through first (_stored_hits)


def _stored_hits(kind: Kind, raw: str, limit: int) -> list[tuple[int, float]]:
    """(pk, rank) of the first `limit` hits in a big table with a stored vector, in the
    kind's order (newest first), in one statement whose cost does not depend on how
    well PostgreSQL guesses the word's frequency.

    Its planner guesses a prefix ("borg:*") from the column's statistics, and with a
    small vocabulary (fewer than 100 common lexemes, as in the benchmark's data) it
    assumes 2% of the rows for any prefix. Left to choose, it then ranked all 28,000
    initiatives that "borg" matches at 50,000 through the GIN index (400 ms), or
    walked all 500,000 logbook entries along created_at for a word found nowhere
    (3 s). So: first the newest WINDOW rows along the order's index, stopping at
    `limit` hits (a common word: a few hundred rows); only if fewer were found there,
    all hits through the GIN index (a word that rare has few), planned apart (a
    MATERIALIZED CTE is planned for all its rows, and read only by the branch that
    needs it)."""
    meta = kind.queryset.model._meta
    assert not kind.queryset.query.where, "a stored-vector kind searches its whole table"
    table, pk, vector = meta.db_table, meta.pk.column, meta.get_field(kind.vector).column
    terms = []
    for name in kind.order or ["-pk"]:
        field = meta.pk if name.lstrip("-") == "pk" else meta.get_field(name.lstrip("-"))
        terms.append(f'"{field.column}"{" DESC" if name.startswith("-") else ""}')
    order, columns = ", ".join(terms), ", ".join(t.split()[0] for t in terms)
    # ts_rank only where a kind is ranked; the entries are read newest first.
    found = f"\"{vector}\" @@ to_tsquery('danish', %(query)s)"
    rank = "0.0" if kind.order else f"ts_rank(\"{vector}\", to_tsquery('danish', %(query)s))"
    keep = ", ".join(sorted({f'"{pk}"', *columns.split(", ")}))
    sql = f"""
        WITH recent AS MATERIALIZED (
            SELECT {keep}, {rank} AS rank FROM (
                SELECT {keep}, "{vector}" FROM "{table}" ORDER BY {order} LIMIT %(window)s
            ) newest WHERE {found} ORDER BY {order} LIMIT %(limit)s
        ),
        every AS MATERIALIZED (SELECT {keep}, "{vector}" FROM "{table}" WHERE {found})
        (SELECT "{pk}", rank FROM recent WHERE (SELECT count(*) FROM recent) >= %(limit)s
         ORDER BY {order})
        UNION ALL
        (SELECT "{pk}", {rank} FROM every WHERE (SELECT count(*) FROM recent) < %(limit)s
         ORDER BY {order} LIMIT %(limit)s)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"query": raw, "window": WINDOW, "limit": limit})
        return [(row_pk, float(row_rank)) for row_pk, row_rank in cursor.fetchall()]


def _marked_rows(kind: Kind, query: str) -> QuerySet:
    """The kind's rows with their title and texts marked where they match: read only
    for a page's ids, since ts_headline parses the whole text of every row it marks."""
    from django.contrib.postgres.search import SearchHeadline
    from django.db.models import Func, TextField, Value
    from django.db.models.functions import NullIf

    search_query = _search_query(query)
    # All the texts in one, empty ones left out: ts_headline picks the part that matches.
    texts = Func(
        Value(SEPARATOR),
        *(NullIf(name, Value("")) for name in kind.texts),
        function="concat_ws",
        output_field=TextField(),
    )
    marks = {"config": "danish", "start_sel": START, "stop_sel": STOP}
    return kind.queryset.annotate(
        headline=SearchHeadline(texts, search_query, max_words=30, min_words=12, **marks),
        title_headline=SearchHeadline(kind.title, search_query, highlight_all=True, **marks),
    )


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


def _joined(texts) -> str:
    return SEPARATOR.join(text for text in texts if text)


def _pattern(query: str) -> re.Pattern | None:
    """The query's words, longest first (so that "ældre æ" marks all of "ældre"), in
    any case: re.IGNORECASE folds every alphabet, as the search does."""
    words = sorted({w for w in query.split()[:MAX_WORDS] if w}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)), re.IGNORECASE) if words else None


def _marked(text: str) -> SafeString:
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))


def mark(text: str, query: str) -> SafeString:
    """The text, escaped, with every occurrence of a query word in <mark>."""
    pattern = _pattern(query)
    if pattern:
        text = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text)
    return _marked(text)


def excerpt(text: str, query: str, width: int = SNIPPET_CHARACTERS) -> SafeString:
    """The part of the text around the first match of a query word, escaped, with
    every query word in it marked; the text's beginning when nothing in it matches
    (the match was in the title)."""
    pattern = _pattern(query)
    first = pattern.search(text) if pattern else None
    start = max(first.start() - BEFORE_MATCH, 0) if first else 0
    if start:  # begin at a word, not inside one
        space = text.find(" ", start, first.start())
        start = space + 1 if space != -1 else start
    end = start + width
    if first and end < first.end():
        end = first.end()
    if end < len(text):  # end after a word, not inside one
        space = text.rfind(" ", max(first.end() if first else start, start), end)
        end = space if space != -1 else end
    part = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    return mark(part, query)
