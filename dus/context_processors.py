"""Template context shared by every page."""

from functools import lru_cache

from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

# (URL name, label, other path prefixes of the section); the first entry matches
# only its own path.
NAVIGATION = [
    ("frame:overview", _("Overview"), ()),
    ("missions:mission_list", _("Missions"), ("/klynger/",)),
    (
        "portfolio:portfolio_list",
        _("Portfolios"),
        ("/indsatser/", "/vurderinger/", "/mine-indsatser/", "/logbog/"),
    ),
    ("portfolio:dashboard", _("Dashboard"), ()),
    ("dialogues:dialogue_list", _("Dialogues"), ()),
    ("dialogues:gathering_list", _("Leader gatherings"), ()),
    ("dialogues:learning_list", _("Learning"), ()),
]


@lru_cache(maxsize=8)
def _hrefs(urlconf: str | None, script_prefix: str) -> tuple[str, ...]:
    """The menu's addresses, reversed once for each URLconf and script prefix."""
    return tuple(reverse(name, urlconf=urlconf) for name, _label, _prefixes in NAVIGATION)


def navigation(request: HttpRequest) -> dict:
    """The main menu, with the entry for the current section marked."""
    items = []
    hrefs = _hrefs(get_urlconf(), get_script_prefix())
    for index, ((_name, label, prefixes), href) in enumerate(zip(NAVIGATION, hrefs, strict=True)):
        if request.path == href:
            state = "current"
        elif index > 0 and request.path.startswith((href, *prefixes)):
            state = "active"
        else:
            state = ""
        items.append({"href": href, "label": label, "state": state})
    return {"nav_items": items}
