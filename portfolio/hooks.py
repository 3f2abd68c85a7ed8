"""Where the apps above portfolio plug into its pages, without portfolio importing them:
an upper app registers its functions here in its `AppConfig.ready` (see
`dialogues/apps.py`).

- A dashboard panel, `(request, filters) -> (template_name, context)`, is rendered on
  the dashboard after its own panels, on every request, like them.
"""

from collections.abc import Callable

from django.http import HttpRequest

dashboard_panels: list[Callable[[HttpRequest, object], tuple[str, dict]]] = []


def add_dashboard_panel(panel: Callable) -> None:
    if panel not in dashboard_panels:  # ready() may run more than once
        dashboard_panels.append(panel)
