"""A crawl of the portal as one signed-in person: every HTML page reachable by links from
the front page, for tests that check each page (reflow at 320 px, valid HTML).

Pages are kept per URL name with a bounded number of variants, so that a demo with fifty
initiatives still gives one or two initiative pages, not fifty, and a query string does
not count as a new page unless it is the only way to reach that name.
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.urls import Resolver404, resolve, reverse

from portfolio.models import Initiative
from tests.factories import make_entry

# Never followed: signing out ends the crawl's session; files are not pages; the admin
# is Django's own.
SKIPPED_PREFIXES = ("/log-ud/", "/admin/", "/static/", "/sprog/")
SKIPPED_SUFFIXES = (".csv", ".xlsx", ".ics")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links(html: str, base: str) -> list[str]:
    """The same-site paths (with query) that a page links to."""
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url = urldefrag(urljoin(base, href)).url
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or (parts.netloc and parts.netloc != "testserver"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(SKIPPED_PREFIXES) or parts.path.endswith(SKIPPED_SUFFIXES):
            continue
        found.append(path)
    return found


def _name(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def crawl(client, start: str = "/", per_name: int = 2, limit: int = 400) -> list[str]:
    """Paths of the HTML pages (status 200) reachable from `start` by links, as the
    person `client` is signed in as. At most `per_name` paths per URL name (plain paths
    before paths with a query string) and `limit` in all."""
    return list(crawl_html(client, start, per_name, limit))


def crawl_html(
    client, start: str = "/", per_name: int = 2, limit: int = 400, get=None
) -> dict[str, str]:
    """The pages of `crawl`, each with its HTML, in the order they were found. `get(path)`,
    if given, makes each request instead of `client.get` (to see every response)."""
    seen: set[str] = set()
    kept: dict[str, list[str]] = {}
    pages: dict[str, str] = {}
    queue: deque[str] = deque([start])
    while queue and len(pages) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        name = _name(path)
        if name is None or len(kept.setdefault(name, [])) >= per_name:
            continue
        if "?" in path and any("?" not in p for p in kept[name]) and len(kept[name]) >= 1:
            continue
        response = (get or client.get)(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        kept[name].append(path)
        html = response.content.decode()
        pages[path] = html
        found = links(html, path)
        plain = [p for p in found if "?" not in p]
        queried = [p for p in found if "?" in p]
        queue.extend(plain + queried)
    return pages


def beyond_the_crawl(user) -> list[str]:
    """Pages the crawl does not reach: a search (a form, not a link), and for someone who
    steers an initiative its stop form and the correction of a fresh entry (the crawl's
    initiatives may not be theirs, and demo entries are too old to correct); the entry is
    made here."""
    paths = [f"{reverse('frame:search')}?q=skole"]
    steered = next(
        (i for i in Initiative.objects.order_by("pk") if i.can_steer(user) and not i.is_stopped),
        None,
    )
    if steered:
        entry = make_entry(steered, author=user)
        paths += [
            reverse("portfolio:initiative_stop", args=[steered.pk]),
            reverse("portfolio:entry_correct", args=[entry.pk]),
        ]
    return paths
