from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "dialogues"
    verbose_name = _("Dialogues and gatherings")

    def ready(self) -> None:
        # portfolio does not import dialogues: the dashboard shows spread per gathering,
        # and the reminder pass sends the presenters' reminders.
        from dialogues.gathering_mail import KIND, PRESENTER_KIND
        from dialogues.spread import dashboard_panel
        from portfolio import hooks
        from portfolio.reminder_kinds import register

        hooks.add_dashboard_panel(dashboard_panel)
        register(KIND, PRESENTER_KIND)
