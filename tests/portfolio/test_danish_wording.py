"""Danish that reads as Danish (issue 12): "Alle" in every filter, once; one English
word with two Danish ones told apart by context; no "?" for a missing period; no hint
that repeats its field's placeholder; Danish quotation marks around a title."""

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from missions.models import Mission
from portfolio.models import Review
from tests.factories import make_cluster, make_initiative

pytestmark = pytest.mark.django_db


def select_options(html: str) -> dict[str, list[tuple[str, str]]]:
    """Each <select>'s (value, label) options, by name."""
    selects = {}
    for name, body in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', html, re.S):
        selects[name] = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', body)
    return selects


@pytest.mark.parametrize("url_name", ["portfolio:dashboard", "dialogues:learning_list"])
def test_it_offers_alle_once_as_every_filters_empty_choice(client, coordinator, url_name):
    make_initiative(owner=coordinator)
    client.force_login(coordinator)
    html = client.get(reverse(url_name)).content.decode()
    selects = select_options(html)
    filters = {n: o for n, o in selects.items() if n not in ("sort", "per_page")}
    assert {"track", "status", "kind"} <= set(filters)
    # The owner is typed (search as you type), not chosen from a list of everyone.
    assert "owner" not in filters and re.search(r'<input[^>]*name="owner"', html)
    for name, options in filters.items():
        assert options[0] == ("", "Alle"), name
        assert [label for _, label in options].count("Alle") == 1, name
        assert "I alt" not in [label for _, label in options], name


def test_it_keeps_i_alt_for_a_tables_total():
    with translation.override("da"):
        assert Template('{% load i18n %}{% translate "All" %}').render(Context()) == "I alt"


def test_it_tells_a_closed_mission_from_a_closed_review():
    with translation.override("da"):
        assert str(Mission.Status.CLOSED.label) == "Lukket"
        assert str(Review.State.CLOSED.label) == "Afsluttet"


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "expected"),
    [
        (None, None, "<dd>Ikke fastlagt</dd>"),
        (dt.date(2026, 3, 1), None, "<dd>fra 1. mar. 2026</dd>"),
        (None, dt.date(2026, 6, 30), "<dd>til 30. jun. 2026</dd>"),
        (dt.date(2026, 3, 1), dt.date(2026, 6, 30), "<dd>1. mar. 2026 – 30. jun. 2026</dd>"),
    ],
)
def test_it_writes_the_period_without_question_marks(
    client, coordinator, starts_on, ends_on, expected
):
    initiative = make_initiative(owner=coordinator, starts_on=starts_on, ends_on=ends_on)
    client.force_login(coordinator)
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert expected in html
    assert "?" not in re.search(r"<dt>Periode</dt>(<dd>.*?</dd>)", html).group(1)


def test_it_gives_the_hypothesis_a_hint_that_is_not_its_placeholder(client, coordinator):
    make_cluster(coordinators=[coordinator])
    client.force_login(coordinator)
    html = client.get(reverse("portfolio:initiative_create")).content.decode()
    placeholder = re.search(
        r'placeholder="([^"]+)"[^>]*id="id_hypothesis"|id="id_hypothesis"[^>]*placeholder="([^"]+)"',
        html,
    )
    assert "Vi tror at … vil føre til …" in (placeholder.group(1) or placeholder.group(2))
    assert "Hvad I forventer, at indsatsen ændrer, og hvordan I vil kunne se det." in html
    assert html.count("Vi tror at … vil føre til …") == 1


def test_it_puts_a_title_in_danish_quotation_marks(client, coordinator):
    cluster = make_cluster(coordinators=[coordinator])
    initiative = make_initiative(cluster, owner=coordinator, title="Skærmfri frikvarterer")
    client.force_login(coordinator)
    response = client.get(reverse("portfolio:initiative_stop", args=[initiative.pk]))
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert "Stop »Skærmfri frikvarterer«" in html
    assert "“" not in html and "”" not in html


def test_it_writes_english_dates_in_the_english_ui(client, coordinator):
    initiative = make_initiative(
        owner=coordinator, starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 6, 30)
    )
    client.force_login(coordinator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "<dd>March 1, 2026 – June 30, 2026</dd>" in html
    assert "mar. 2026" not in html
