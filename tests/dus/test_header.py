"""The header every page draws: its icons and its menu, in the bar and in the drawer."""

import re

from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse, set_script_prefix

from dus.context_processors import NAVIGATION, navigation


def test_an_icon_is_the_sprites_symbol_hidden_from_screen_readers():
    html = Template('{% load dus_tags %}<button>{% icon "lock" %}Log ud</button>').render(Context())
    assert html == (
        '<button><svg class="icon-svg" focusable="false" aria-hidden="true">'
        '<use href="/static/vendor/dkfds/img/all-svg-icons.svg#lock"></use></svg>\n'
        "Log ud</button>"
    )


def test_an_icons_name_is_escaped():
    html = Template("{% load dus_tags %}{% icon name %}").render(Context({"name": '"><b>'}))
    assert "<b>" not in html
    assert "#&quot;&gt;&lt;b&gt;" in html


def test_the_menu_is_drawn_in_the_bar_and_in_the_drawer(client, contract_holder):
    client.force_login(contract_holder)
    page = client.get(reverse("missions:mission_list")).content.decode()
    bar, drawer = (
        re.findall(r"<li[^>]*>\s*<a [^>]*>.*?</a>", menu, re.S)
        for menu in re.findall(r'<ul class="mainmenu">(.*?)</ul>', page, re.S)
    )
    assert bar == drawer
    assert len(bar) == len(NAVIGATION)
    assert 'aria-current="page"><span>Missioner</span>' in bar[1]


def test_the_menu_follows_the_script_prefix():
    request = RequestFactory().get("/")
    try:
        set_script_prefix("/dus/")
        under_prefix = navigation(request)["nav_items"]
    finally:
        set_script_prefix("/")
    assert under_prefix[0]["href"] == "/dus/"
    assert navigation(request)["nav_items"][0]["href"] == "/"
