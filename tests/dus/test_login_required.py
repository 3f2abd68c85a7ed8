"""Every URL needs sign-in, except the few that must not.

The test walks the URL resolver, so a URL added later cannot escape it.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# URL names that answer without sign-in, and why.
PUBLIC = {
    "login",  # the sign-in page itself
    "healthz",  # load balancers and the compose file
    "set_language",  # switching language on the sign-in page
    "accessibility",  # the accessibility statement must be reachable by anyone
}

CONVERTER_VALUES = {"int": "1", "slug": "x", "str": "x", "path": "x/y", "uuid": "0" * 32}


def _route_to_path(route: str) -> str:
    def sample(match: re.Match) -> str:
        converter = match.group(1) or "str"
        if converter == "uuid":
            return "12345678-1234-5678-1234-567812345678"
        return CONVERTER_VALUES[converter]

    return re.sub(r"<(?:(\w+):)?\w+>", sample, route)


def _regex_to_path(regex: str) -> str:
    path = regex.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\/", "/")
    for candidate in ("dus", "1", "x"):
        attempt = re.sub(r"\(\?P<\w+>[^)]*\)", candidate, path)
        if re.fullmatch(regex.lstrip("^").rstrip("$"), attempt):
            return attempt
    return re.sub(r"\(\?P<\w+>[^)]*\)", "x", path)


def _piece(pattern) -> str:
    text = str(pattern.pattern)
    if hasattr(pattern.pattern, "_route"):
        return _route_to_path(text)
    return _regex_to_path(text)


def walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        path = prefix + _piece(pattern)
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}{pattern.namespace}:"
            yield from walk(pattern.url_patterns, path, ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield "/" + path, name


ALL_URLS = list(walk(get_resolver().url_patterns))
# The admin's sign-in page is the portal's own sign-in page (dus/urls.py).
PROTECTED = [(path, name) for path, name in ALL_URLS if name not in PUBLIC | {"admin:login"}]


def test_it_finds_the_portal_and_admin_urls():
    names = {name for _, name in ALL_URLS}
    assert {"frame:overview", "frame:track_detail", "login", "admin:index"} <= names
    assert len(ALL_URLS) > 30


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), PROTECTED, ids=[f"{n} {p}" for p, n in PROTECTED])
def test_it_sends_an_anonymous_visitor_to_sign_in(client, path, name):
    response = client.get(path)
    assert response.status_code == 302, f"{path} ({name}) answered {response.status_code}"
    login = reverse("login")
    assert response["Location"].startswith((login, reverse("admin:login"))), response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC - {"set_language"}))
def test_it_serves_the_public_pages_without_sign_in(client, name):
    assert client.get(reverse(name)).status_code == 200
