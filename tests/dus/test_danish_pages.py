"""Every page of the demo reads as Danish: dates in the house style only (dus/formats/),
no English quotation marks, no "?" for a missing value, no English text from a msgid
that has a Danish translation."""

import re
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import resolve

from dus.models import User
from tests.crawl import crawl_html

pytestmark = pytest.mark.django_db

ROLES = ["tovholder", "direktion"]


@pytest.fixture(scope="module")
def demo_pages(module_transaction) -> dict[str, dict[str, str]]:
    """The demo loaded once for the module, and each role's crawl: path -> HTML."""
    from django.test import Client

    call_command("load_demo", force=True, stdout=StringIO())
    pages = {}
    for username in ROLES:
        client = Client()
        client.force_login(User.objects.get(username=username))
        pages[username] = crawl_html(client)
    return pages


# Dates and times written in any style but the house style, in visible text.
OTHER_DATE_STYLES = [
    # 08.11.2026, but not a WCAG success criterion's number ("WCAG 1.4.10").
    re.compile(r"(?<!WCAG )\b\d{1,2}\.\d{1,2}\.\d{2,4}\b"),
    re.compile(r"\b\d{1,2}-\d{1,2}-\d{4}\b"),  # 08-11-2026
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),  # 2026-11-08
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"),  # 11/8/2026
    re.compile(r"\b\d{1,2}:\d{2}\b"),  # 10:00, not 10.00
    # A month abbreviated as Django's English or capitalised: "8. Nov 2026", "Sept", "Okt".
    re.compile(r"\b\d{1,2}\. (?:Jan|Feb|Mar|Apr|Maj|May|Jun|Jul|Aug|Sep|Sept|Okt|Oct|Nov|Dec)\b"),
    re.compile(r"\b(?:Sept|Okt|sept)\b"),
    # A lower-case abbreviation without its full stop: "8. nov 2026".
    re.compile(r"\b\d{1,2}\. (?:jan|feb|mar|apr|jun|jul|aug|sep|okt|nov|dec) \d{4}\b"),
]
ENGLISH_QUOTES = re.compile(r"[“”\"]")
QUESTION_PLACEHOLDER = re.compile(r"(?:^|\s)\?(?:\s|$)")


class _Text(HTMLParser):
    """The visible text nodes of a page (not scripts, styles or attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "style", "template", "textarea"):
            self._skip += 1

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style", "template", "textarea"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data) -> None:
        if not self._skip and data.strip():
            self.nodes.append(" ".join(data.split()))


def text_nodes(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.nodes


def translated_msgids() -> set[str]:
    """English msgids of two words or more whose Danish differs: if one shows as a whole
    text node in the Danish UI, its translation is missing or not applied."""
    po = (Path(settings.BASE_DIR) / "locale/da/LC_MESSAGES/django.po").read_text()
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', po, flags=re.MULTILINE)
    return {
        msgid
        for msgid, msgstr in pairs
        if msgid != msgstr and " " in msgid and "%" not in msgid and "\\" not in msgid
    }


def test_it_reads_text_nodes_only():
    html = '<p title="x 10:00">Mødet er <b>28. nov. 2026</b></p><script>var a = "10:00";</script>'
    assert text_nodes(html) == ["Mødet er", "28. nov. 2026"]


@pytest.mark.parametrize(
    "date", ["08.11.2026", "8. Nov 2026", "08-11-2026", "8. nov 2026", "kl. 10:00", "Sept"]
)
def test_it_catches_every_style_the_issue_saw(date):
    assert any(style.search(f"Mødet er {date}.") for style in OTHER_DATE_STYLES)


@pytest.mark.parametrize("date", ["28. nov. 2026", "28. november 2026 kl. 10.00", "1. maj 2026"])
def test_it_passes_the_house_style(date):
    assert not any(style.search(f"Mødet er {date}.") for style in OTHER_DATE_STYLES)


def test_the_crawl_reaches_every_kind_of_page_a_coordinator_uses(demo_pages):
    names = {resolve(path.split("?")[0]).view_name for path in demo_pages["tovholder"]}
    for expected in (
        "frame:overview",
        "missions:mission_list",
        "missions:cluster_detail",
        "portfolio:portfolio_detail",
        "portfolio:initiative_detail",
        "portfolio:dashboard",
        "dialogues:gathering_list",
        "frame:my_settings",
    ):
        assert expected in names, "\n".join(sorted(names))


@pytest.mark.parametrize("username", ROLES)
def test_it_writes_every_demo_page_in_danish(demo_pages, username):
    english = translated_msgids()
    problems = []
    pages = demo_pages[username]
    assert len(pages) > 20
    for path, html in pages.items():
        for node in text_nodes(html):
            for style in OTHER_DATE_STYLES:
                if match := style.search(node):
                    problems.append(f"{path}: date {match.group()!r} in {node!r}")
            if ENGLISH_QUOTES.search(node):
                problems.append(f"{path}: English quotation marks in {node!r}")
            if QUESTION_PLACEHOLDER.search(node):
                problems.append(f"{path}: '?' for a missing value in {node!r}")
            if node in english:
                problems.append(f"{path}: English {node!r}")
    assert not problems, "\n".join(sorted(set(problems)))
