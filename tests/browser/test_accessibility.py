"""Every page of the portal, as each demo role and signed out, with the demo data: axe-core
finds no violation of WCAG 2.1 level A or AA (issue #15, point 15).

The pages are one of each URL name that a crawl from the front page reaches as the role
(tests/crawl.py, the first object found standing for the others: the same page as several
roles differs mainly in its buttons), the pages no link leads to (a search, the correction
of a fresh logbook entry, forms sent empty, the page not found), and a few key pages at
375 px. Every URL pattern of the portal must be reached by some role or be named in
NOT_PAGES with the reason, so that a page added later cannot escape the check.

The demo is loaded once and every role walks it in one test: loading it takes longer than
the walk of a role. The accessibility statement (templates/dus/accessibility.html) names
this test.
"""

import re
import time
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import resolve, reverse

from dus.models import User
from tests.browser.conftest import TIMEOUT_MS
from tests.crawl import beyond_the_crawl, crawl_html
from tests.url_walk import ALL_URLS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ("direktion", "koncernledelse", "tovholder", "kontraktholder", "stab")
# axe-core's rules for WCAG 2.0 and 2.1, levels A and AA (not its best practices).
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# URL names that are no page of their own, and why: the rest must be visited.
NOT_PAGES = {
    "logout": "POST only",
    "set_language": "POST only",
    "healthz": "plain text for load balancers",
    "oidc_start": "a redirect to the identity provider (404 without OIDC settings)",
    "oidc_callback": "a redirect back from the identity provider",
    "frame:organisation_import_apply": "POST only",
    "frame:audit_trail_export_csv": "a CSV download",
    "frame:audit_trail_export_xlsx": "an XLSX download",
    "missions:mission_close": "POST only",
    "missions:member_add": "POST only",
    "missions:actor_add": "POST only",
    "missions:member_role": "POST only",
    "missions:member_remove": "POST only",
    "missions:actor_anonymise": "POST only",
    "portfolio:portfolio_reorder": "POST only",
    "portfolio:portfolio_rank": "POST only",
    "portfolio:initiative_advance": "POST only",
    "portfolio:initiative_reopen": "POST only",
    "portfolio:entry_add": "POST only",
    "portfolio:review_answers": "POST only",
    "portfolio:review_decide": "POST only",
    "portfolio:review_withdraw": "POST only",
    "portfolio:owner_suggestions": "a fragment of the filter's owner field (checked in place)",
    "portfolio:initiative_export_csv": "a CSV download",
    "portfolio:initiative_export_xlsx": "an XLSX download",
    "dialogues:calendar_feed": "an iCalendar feed",
    "dialogues:calendar_feed_renew": "POST only",
    "dialogues:dialogue_prepare": "POST only (the form is on the dialogue's page)",
    "dialogues:dialogue_notes": "POST only (the form is on the dialogue's page)",
    "dialogues:follow_up_create": "POST only",
    "dialogues:follow_up_done": "POST only",
    "dialogues:gathering_add": "POST only",
    "dialogues:presenter_suggestions": "a fragment of the presenter field's datalist",
    "dialogues:gathering_add_free": "POST only",
    "dialogues:gathering_move": "POST only",
    "dialogues:gathering_reorder": "POST only",
    "dialogues:gathering_publish": "POST only",
    "dialogues:gathering_held": "POST only",
    "dialogues:gathering_remove": "POST only",
    "dialogues:gathering_calendar": "an iCalendar file",
}
# Create forms sent empty, to check their error messages too.
EMPTY_FORMS = (
    "portfolio:initiative_create",
    "missions:mission_create",
    "dialogues:gathering_create",
    "dialogues:dialogue_create",
)
# Per request: the form tokens.
CHANGING = re.compile(r'name="(csrfmiddlewaretoken|submission)" value="[^"]*"')
KEY_PAGES_375 = (
    "frame:overview",
    "portfolio:portfolio_detail",
    "portfolio:initiative_detail",
    "portfolio:review_detail",
    "portfolio:dashboard",
    "dialogues:dialogue_detail",
    "dialogues:gathering_detail",
    "missions:cluster_detail",
)


def wcag_violations(page, where: str) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page, one line per element."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    return [
        f"{where}: {violation['id']} ({violation['impact']}) {violation['help']} "
        f"at {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


class Walk:
    """A browser context per person, the pages checked and what axe found."""

    def __init__(self, browser, live_server) -> None:
        self.browser = browser
        self.live_server = live_server
        self.checked: list[str] = []  # "path as who", one per axe run
        self.visited = 0  # pages x roles, the same page as another role included
        self.mains: set[str] = set()
        self.names: set[str] = set()
        self.found: list[str] = []
        self.errors: list[str] = []

    def open(self, user: User | None, width: int = 1280):
        context = self.browser.new_context(
            base_url=self.live_server.url, viewport={"width": width, "height": 900}
        )
        if user is not None:
            client = Client()
            client.force_login(user)
            name = settings.SESSION_COOKIE_NAME
            cookie = {"name": name, "value": client.cookies[name].value}
            context.add_cookies([cookie | {"url": self.live_server.url}])
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        return page

    def check(self, page, path: str | None, who: str, status: int = 200, html: str = "") -> None:
        """Go to `path` (or stay, with None) and run axe there; not again on a page whose
        <main> is the same as one checked already (as another role: the header, which
        differs by role, is checked on the role's first page)."""
        self.visited += 1
        if html:
            main = CHANGING.sub("", html[html.index("<main") : html.index("</main>")])
            if main in self.mains:
                self.names.add(resolve(path.split("?")[0]).view_name)
                return
            self.mains.add(main)
        if path is not None:
            response = page.goto(path)
            assert response.status == status, (path, who, response.status)
        where = f"{path or page.url} as {who}"
        self.checked.append(where)
        if status == 200:
            self.names.add(
                resolve(page.url.removeprefix(self.live_server.url).split("?")[0]).view_name
            )
        self.found += wcag_violations(page, where)


def test_every_page_as_each_role_has_no_wcag_21_aa_violations(browser, live_server, frame):
    call_command("load_demo", force=True, stdout=StringIO())
    started = time.monotonic()
    walk = Walk(browser, live_server)

    page = walk.open(None)
    # The check itself finds what it should: an image without a text alternative.
    page.set_content('<html lang="da"><title>x</title><main><img src="/x.png"></main></html>')
    assert any("image-alt" in line for line in wcag_violations(page, "a bad page"))
    for path in (reverse("login"), reverse("accessibility")):
        walk.check(page, path, "signed out")
    walk.check(page, "/findes-ikke/", "signed out", status=404)
    page.goto(reverse("login"))
    page.locator("#id_username").fill("nogen")
    page.locator("#id_password").fill("forkert")
    with page.expect_navigation():
        page.locator("#id_password").press("Enter")
    walk.check(page, None, "signed out, after a wrong password")
    page.context.close()

    by_name: dict[str, str] = {}  # a path of each URL name, for the narrow screen
    for username in ROLES:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        pages = crawl_html(client, per_name=1)
        pages |= {path: client.get(path).content.decode() for path in beyond_the_crawl(user)}
        page = walk.open(user)
        for n, (path, html) in enumerate(pages.items()):
            by_name.setdefault(resolve(path.split("?")[0]).view_name, path)
            # The first (the front page) always: the header is the role's own.
            walk.check(page, path, username, html=html if n else "")
        if username == "koncernledelse":
            for name in EMPTY_FORMS:
                page.goto(reverse(name))
                with page.expect_navigation():
                    page.locator("main form[method=post] [type=submit]").last.click()
                assert page.locator(".form-error-message").count() > 0, name
                walk.check(page, None, f"{username}, {name} sent empty")
            narrow = walk.open(user, width=375)
            for name in KEY_PAGES_375:
                walk.check(narrow, by_name[name], f"{username} at 375 px")
            narrow.context.close()
        page.context.close()

    elapsed = time.monotonic() - started
    print(
        f"\naxe-core (WCAG 2.1 A/AA): {walk.visited} pages x roles, {len(walk.checked)} "
        f"distinct pages checked, in {elapsed:.0f} s"
    )
    unvisited = {name for path, name in ALL_URLS if not path.startswith("/admin/")}
    unvisited -= walk.names | set(NOT_PAGES)
    assert not unvisited, f"pages no role visited: {sorted(unvisited)}"
    assert not walk.errors, walk.errors
    assert not walk.found, f"{len(walk.found)} violations:\n" + "\n".join(walk.found)
