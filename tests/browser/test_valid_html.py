"""Every page of the crawl, as each demo role, is valid HTML by the Nu Html Checker (vnu).

The pages come from the Django test client (the HTML as served, before any script runs),
are written to a temporary folder and checked by one run of vnu.jar over all of them;
starting Java once per page would take minutes. Besides the crawl's pages: the sign-in
page, the page-not-found page, a few pages the crawl does not reach, the GET fragments
that htmx swaps into the pages (filters, searches; each wrapped in a minimal document),
and each form page's answer to an empty form (its error messages).

Every error fails the test, except those about htmx's own `hx-*` attributes, which the
HTML standard does not know (htmx also reads `data-hx-*`, but 30-odd `hx-*` attributes in
the templates are clearer as they are). Warnings fail it too, in whole pages; in a
fragment, the wrapping's lack of an <h1> is warned about, so a fragment's are allowed.
"""

import json
import re
import subprocess
from html import escape
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from dus.models import User
from tests.conftest import JAVA, VNU_JAR
from tests.crawl import beyond_the_crawl, crawl

ROLES = ("direktion", "koncernledelse", "tovholder", "kontraktholder", "stab")

SELF_POSTING_FORM = re.compile(r'<form method="post"(?![^>]*\baction=)')
FRAGMENT_DOCUMENT = (
    '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>{where}</title></head>'
    "<body>{fragment}</body></html>"
)


class _HtmxGets(HTMLParser):
    """The (url, target id) of each element with `hx-get` in a page; a search field in
    such a form gets a letter, so that the fragment has results to show."""

    def __init__(self) -> None:
        super().__init__()
        self.gets: list[list[str]] = []
        self.in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("hx-get"):
            target = found.get("hx-target") or ""
            self.gets.append([found["hx-get"], target[1:] if target.startswith("#") else ""])
            self.in_form = tag == "form"
        elif self.in_form and tag == "input" and found.get("type") == "search":
            url = self.gets[-1][0]
            self.gets[-1][0] = f"{url}{'&' if '?' in url else '?'}{found['name']}=e"

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False


def htmx_gets(html: str) -> list[tuple[str, str]]:
    parser = _HtmxGets()
    parser.feed(html)
    return [(url, target) for url, target in parser.gets]


def is_htmx_attribute_error(message: dict) -> bool:
    """An error about an `hx-*` attribute (htmx's own), and nothing else."""
    text = message.get("message", "")
    return text.startswith("Attribute “hx-") and "not allowed on element" in text


def vnu_errors(files: dict[Path, str], fragments: frozenset[Path] = frozenset()) -> list[str]:
    """What vnu finds wrong in the files, each as 'where (file:line): message': its
    errors, and its warnings in whole pages (a fragment's wrapping has no <h1>)."""
    result = subprocess.run(
        [JAVA, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", "--stdout"]
        + [str(path) for path in files],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    report = json.loads(result.stdout)
    where_by_name = {path.name: where for path, where in files.items()}
    fragment_names = {path.name for path in fragments}
    found = []
    for message in report["messages"]:
        name = message.get("url", "").rsplit("/", 1)[-1]
        if message["type"] == "info":
            if message.get("subType") != "warning" or name in fragment_names:
                continue
        elif is_htmx_attribute_error(message):
            continue
        found.append(
            f"{where_by_name.get(name, '?')} ({name}:{message.get('lastLine', '?')}): "
            f"{message['message']}\n    {message.get('extract', '').strip()}"
        )
    return found


def test_it_filters_only_htmx_attribute_errors():
    assert is_htmx_attribute_error(
        {"message": "Attribute “hx-post” not allowed on element “form” at this point."}
    )
    assert not is_htmx_attribute_error(
        {"message": "Attribute “aria-foo” not allowed on element “div” at this point."}
    )
    assert not is_htmx_attribute_error({"message": "Duplicate ID “hx-x”."})


@pytest.mark.browser
@pytest.mark.html_checker
def test_it_finds_errors_and_names_the_page(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html lang="da"><head><title>x</title></head><body>'
        '<form hx-post="/x/"><select name="s"><option selected>a</option>'
        "<option selected>b</option></select></form></body></html>"
    )
    errors = vnu_errors({page: "/some/page/"})
    assert len(errors) == 1, errors
    assert errors[0].startswith("/some/page/ (page.html:")


@pytest.mark.browser
@pytest.mark.html_checker
@pytest.mark.django_db
def test_every_page_of_the_crawl_is_valid_html_as_each_role(client, tmp_path):
    call_command("load_demo", force=True, stdout=StringIO())
    pages = Pages(tmp_path)
    pages.add(client.get(reverse("login")), "the sign-in page")
    pages.add(client.post(reverse("login"), {"username": "x", "password": "y"}), "a failed sign-in")
    pages.add(client.get("/findes-ikke/"), "a page not found", status=404)
    forms: list[tuple[User, str]] = []  # pages with a form that posts to the page itself
    for username in ROLES:
        user = User.objects.get(username=username)
        client.force_login(user)
        for path in crawl(client) + beyond_the_crawl(user):
            html = pages.add(client.get(path), f"{path} as {username}")
            if SELF_POSTING_FORM.search(html):
                forms.append((user, path))
            for url, target in htmx_gets(html):
                headers = {"HX-Request": "true"} | ({"HX-Target": target} if target else {})
                where = f"{url} (htmx into #{target or '…'}) as {username}"
                pages.add(client.get(url, headers=headers), where, fragment=True)
    for user, path in forms:  # after the crawls, which an empty form sent could change
        client.force_login(user)
        response = client.post(path, {})
        if response.status_code in (200, 422):
            pages.add(response, f"{path} sent empty as {user.username}", status=None)
    assert len(pages.files) > 200 and forms
    errors = vnu_errors(pages.files, frozenset(pages.fragments))
    assert not errors, f"{len(errors)} errors in {len(pages.files)} pages:\n" + "\n".join(errors)


class Pages:
    """The HTML to check, each answer in a file of its own, and where it came from."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[Path, str] = {}
        self.fragments: set[Path] = set()

    def add(self, response, where: str, fragment: bool = False, status: int | None = 200) -> str:
        assert status is None or response.status_code == status, (where, response.status_code)
        assert "text/html" in response["Content-Type"], where
        html = response.content.decode()
        path = self.folder / f"{len(self.files):04d}.html"
        if fragment and html.lstrip()[:9].lower() != "<!doctype":
            self.fragments.add(path)
            html = FRAGMENT_DOCUMENT.format(where=escape(where), fragment=html)
        path.write_text(html, encoding="utf-8")
        self.files[path] = where
        return html
