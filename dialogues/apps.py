from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "dialogues"
    verbose_name = _("Dialogues and gatherings")

    def ready(self) -> None:
        # dus does not import dialogues: the calendar feed plugs into "Mine indstillinger".
        from dialogues.views.calendar import calendar_feed_section
        from dus import hooks

        hooks.add_settings_section(calendar_feed_section)
