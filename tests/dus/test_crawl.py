"""The crawl that the page-by-page browser checks build on reaches every kind of page."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import resolve

from dus.models import User
from tests.crawl import crawl, links

pytestmark = pytest.mark.django_db


def test_it_keeps_same_site_pages_and_drops_files_sign_out_and_other_sites():
    html = (
        '<a href="/klynger/">a</a><a href="https://example.org/">b</a><a href="/log-ud/">c</a>'
        '<a href="eksport.csv">d</a><a href="#top">e</a><a href="/x/?side=2#y">f</a>'
    )
    assert links(html, "/portefoelje/") == ["/klynger/", "/portefoelje/", "/x/?side=2"]


def test_it_reaches_every_kind_of_page_a_coordinator_uses(client):
    call_command("load_demo", force=True, stdout=StringIO())
    client.force_login(User.objects.get(username="tovholder"))
    pages = crawl(client)
    names = {resolve(p.split("?")[0]).view_name for p in pages}
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
    assert len(pages) == len(set(pages))
