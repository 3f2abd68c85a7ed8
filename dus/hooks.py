"""Where the apps above dus plug into its pages, without dus importing them: an upper app
registers its functions here in its `AppConfig.ready` (see `dialogues/apps.py`).

- A settings section, `(request) -> HTML`, is shown on "Mine indstillinger" below the
  e-mail settings (the personal calendar feed), outside the settings form: a section
  posts to its own views.
"""

from collections.abc import Callable

from django.http import HttpRequest

settings_sections: list[Callable[[HttpRequest], str]] = []


def add_settings_section(section: Callable[[HttpRequest], str]) -> None:
    if section not in settings_sections:  # ready() may run more than once
        settings_sections.append(section)
