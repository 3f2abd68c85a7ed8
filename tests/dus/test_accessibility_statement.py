"""The accessibility statement: reachable by anyone from every page's footer, dated from
the one place the date is kept, and naming tests that exist."""

import re
from pathlib import Path

from django.urls import reverse
from django.utils import formats, translation

from dus.accessibility import TESTED_ON

ROOT = Path(__file__).resolve().parents[2]


def test_it_says_when_and_by_which_tests_the_portal_was_checked(client):
    page = client.get(reverse("accessibility")).content.decode()
    assert f'<time datetime="{TESTED_ON.isoformat()}">' in page
    assert formats.date_format(TESTED_ON, "DATE_FORMAT") in page  # "28. november 2026"
    named = re.findall(r"<code>(tests/[\w/]+\.py)</code>", page)
    assert len(named) == 4
    for path in named:
        assert (ROOT / path).is_file(), path
    assert "delvist" in page and "Kendte mangler" in page


def test_it_is_linked_from_the_footer(client):
    page = client.get(reverse("login")).content.decode()
    footer = page[page.index("<footer") :]
    assert f'href="{reverse("accessibility")}"' in footer


def test_it_has_an_english_translation(client):
    with translation.override("da"):  # the requests leave English active in this thread
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        page = client.get(reverse("accessibility")).content.decode()
    assert "partially compliant with WCAG 2.1 level AA" in page
    assert "Known shortcomings" in page
