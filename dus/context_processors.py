"""Template context shared by every page."""

from django.http import HttpRequest
from django.urls import reverse
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


def navigation(request: HttpRequest) -> dict:
    """The main menu, with the entry for the current section marked."""
    items = []
    for index, (name, label, prefixes) in enumerate(NAVIGATION):
        href = reverse(name)
        if request.path == href:
            state = "current"
        elif index > 0 and request.path.startswith((href, *prefixes)):
            state = "active"
        else:
            state = ""
        items.append({"href": href, "label": label, "state": state})
    return {"nav_items": items}
