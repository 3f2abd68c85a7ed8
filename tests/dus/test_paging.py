"""dus.paging: a bounded list's page, its addresses, and "Vis flere"."""

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django_htmx.middleware import HtmxDetails

from dus.paging import bounded


def request(query: str = "", *, htmx_target: str | None = None):
    req = RequestFactory().get(
        f"/liste/?{query}",
        **({"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": htmx_target} if htmx_target else {}),
    )
    req.htmx = HtmxDetails(req)
    return req


def test_it_shows_the_first_page_and_links_to_the_next_keeping_the_filters():
    shown = bounded(request("status=running"), range(1, 61), per_page=25, list_id="rows")
    assert list(shown) == list(range(1, 26))
    assert shown.total == 60
    assert shown.hidden == 35
    assert shown.next_url == "/liste/?status=running&side=2"
    assert shown.previous_url is None
    assert not shown.appending


def test_a_bad_or_too_high_page_number_gives_the_first_or_last_page():
    assert bounded(request("side=x"), range(60), per_page=25, list_id="rows").page.number == 1
    last = bounded(request("side=99"), range(60), per_page=25, list_id="rows")
    assert last.page.number == 3
    assert last.next_url is None
    assert last.previous_url == "/liste/?side=2"
    assert bounded(request("side=2"), range(60), per_page=25, list_id="r").previous_url == "/liste/"


def test_it_appends_only_when_htmx_asks_for_this_list():
    assert bounded(
        request("side=2", htmx_target="rows"), range(60), per_page=25, list_id="rows"
    ).appending
    assert not bounded(
        request("side=2", htmx_target="other"), range(60), per_page=25, list_id="rows"
    ).appending
    assert not bounded(request("side=2"), range(60), per_page=25, list_id="rows").appending


def test_the_template_says_how_many_and_offers_more_in_danish():
    shown = bounded(
        request("q=a", htmx_target=None), range(60), per_page=25, list_id="rows", param="p"
    )
    with translation.override("da"):
        html = render_to_string("_show_more.html", {"bounded": shown})
    assert 'id="rows-more"' in html
    assert "Viser 25 af 60" in html
    assert 'href="/liste/?q=a&amp;p=2"' in html
    assert 'hx-target="#rows"' in html and 'hx-select-oob="#rows-more"' in html
    assert "Vis flere" in html


def test_a_plain_second_page_says_which_rows_and_links_back():
    shown = bounded(request("side=2"), range(60), per_page=25, list_id="rows")
    with translation.override("da"):
        html = render_to_string("_show_more.html", {"bounded": shown})
    assert "Viser 26–50 af 60" in html
    assert "Forrige side" in html


def test_a_list_that_fits_on_one_page_shows_no_links():
    shown = bounded(request(), range(5), per_page=25, list_id="rows")
    html = render_to_string("_show_more.html", {"bounded": shown})
    assert "href" not in html


def test_a_list_answered_to_a_post_links_to_the_page_it_is_on():
    req = RequestFactory().post("/indsatser/7/logbog/", {"text": "x"})
    req.htmx = HtmxDetails(req)
    shown = bounded(req, range(60), per_page=25, list_id="rows", url="/indsatser/7/?a=1")
    assert shown.page.number == 1
    assert shown.next_url == "/indsatser/7/?a=1&side=2"


def test_it_writes_large_counts_with_danish_thousands_separators():
    shown = bounded(request("side=2"), range(2004), per_page=1000, list_id="rows")
    with translation.override("da"):
        html = render_to_string("_show_more.html", {"bounded": shown})
    assert "Viser 1.001–2.000 af 2.004" in html
