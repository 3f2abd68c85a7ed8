"""Bounded lists: a page of a list that only grows, and "Vis flere" for the next.

A list on a page shows its first `per_page` rows. Below it, `templates/_show_more.html`
links to the next page: without JavaScript an ordinary link to the same page with
`?<param>=2` (which shows that page, with a link back); with htmx the same address, whose
rows htmx appends to the list in place (`hx-select`) while the link itself is replaced
by the next one (`hx-select-oob`). Filters in the address are kept. A view renders the
same template either way; `Bounded.appending` tells a template that htmx is appending, so
the first new row can take keyboard focus (`data-dus-focus`, see static/js/dus.js).

    shown = bounded(request, entries, per_page=25, list_id="logbook", param="logbog")
    {% include "_show_more.html" with bounded=shown %}

A list may stop counting early (dus.search.Found: `capped` once it has counted past its
`cap`); its count then reads "more than <cap>" (`Bounded.more_than`).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.paginator import Page, Paginator
from django.db.models import F, Func, IntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, QueryDict


@dataclass(frozen=True)
class Bounded:
    page: Page
    list_id: str
    param: str
    appending: bool
    next_url: str | None
    previous_url: str | None
    more_than: int | None = None  # the list stopped counting after this many rows

    def __iter__(self):
        return iter(self.page.object_list)

    @property
    def total(self) -> int:
        return self.page.paginator.count

    @property
    def hidden(self) -> int:
        """Rows after this page, not shown yet."""
        return self.total - self.page.end_index()


def bounded(
    request: HttpRequest,
    items,
    *,
    per_page: int,
    list_id: str,
    param: str = "side",
    number: int | None = None,
    path: str | None = None,
    url: str | None = None,
) -> Bounded:
    """Page `request.GET[param]` of `items` (a bad or too high number gives the first or
    last page), with the addresses of the pages before and after it. Another request that
    answers with a page of the list names the list's address: a POST that moved a row onto
    the next page names the page by `number` and the address by `path`; a POST answered
    with the list's first page gives `url`, the address of the page the list is on, whose
    query the links then keep."""
    if url is None:
        path, query = path or request.path, request.GET
    else:
        parts = urlsplit(url)
        path, query = parts.path, QueryDict(parts.query)
    page = Paginator(items, per_page).get_page(number or query.get(param))
    more_than = items.cap if getattr(items, "capped", False) else None
    htmx = getattr(request, "htmx", None)
    # htmx appends to this list only when "Vis flere" below it asked (hx-target).
    return Bounded(
        page=page,
        list_id=list_id,
        param=param,
        appending=bool(htmx) and htmx.target == list_id and page.number > 1,
        next_url=_url(path, query, param, page.next_page_number()) if page.has_next() else None,
        previous_url=(
            _url(path, query, param, page.previous_page_number()) if page.has_previous() else None
        ),
        more_than=more_than,
    )


def _url(path: str, query: QueryDict, param: str, number: int) -> str:
    query = query.copy()
    if number == 1:
        query.pop(param, None)
    else:
        query[param] = str(number)
    encoded = query.urlencode()
    return f"{path}?{encoded}" if encoded else path


def count_of(related: QuerySet) -> Coalesce:
    """How many rows `related` has (filtered on an OuterRef), as an annotation computed
    for each row a page shows: `Count` over a join would group every row of the table
    before the page's are taken (`Count("initiatives")` on 2,000 clusters for 25).

        Cluster.objects.annotate(total=count_of(Initiative.objects.filter(cluster=OuterRef("pk"))))
    """
    counted = related.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
