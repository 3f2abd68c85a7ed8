"""Every URL pattern of the portal, with a path built for each, for tests that walk them all
(so that a URL added later cannot escape them)."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

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


def allowed_methods(view) -> set[str] | None:
    """The HTTP methods a view takes, where its class or a `require_http_methods` decorator
    (`require_POST`, `require_GET`) says; None where nothing does."""
    if (view_class := getattr(view, "view_class", None)) is not None:
        return {method.upper() for method in view_class.http_method_names} - {"OPTIONS"}
    layer = view
    while layer is not None:  # the decorators, outermost first
        code = getattr(layer, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = layer.__closure__[code.co_freevars.index("request_method_list")]
            return set(cell.cell_contents)
        layer = getattr(layer, "__wrapped__", None)
    return None


# (path, "namespace:name") of every URL pattern, the admin's included.
ALL_URLS = list(walk(get_resolver().url_patterns))
