from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "dialogues"
    verbose_name = _("Dialogues and gatherings")

    def ready(self) -> None:
        # portfolio does not import dialogues: the dashboard shows spread per gathering.
        from dialogues.spread import dashboard_panel
        from portfolio import hooks

        hooks.add_dashboard_panel(dashboard_panel)
