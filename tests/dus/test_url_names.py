"""Every URL of the portal is named after its view, so a name in a template or a test
leads straight to the code: `{% url 'portfolio:initiative_advance' %}` is the view
`initiative_advance`. A view serving several URLs adds the argument that tells them
apart (`initiative_export_csv`)."""

from django.urls import URLResolver, get_resolver

APPS = ("dus", "missions", "portfolio", "dialogues")


def named_views(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_views(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback, pattern.default_args


def expected_name(view, default_args: dict) -> str:
    return "_".join([view.__name__, *map(str, default_args.values())])


def test_it_names_each_url_after_its_view():
    ours = [
        (name, expected_name(view, args))
        for name, view, args in named_views(get_resolver().url_patterns)
        if view.__module__.split(".")[0] in APPS
    ]
    assert len(ours) > 40
    assert [(name, name.rpartition(":")[2]) for name, _ in ours] == ours
