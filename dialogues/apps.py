from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "dialogues"
    verbose_name = _("Dialogues and gatherings")

    def ready(self) -> None:
        # Lower apps do not import dialogues: it fills their hooks. The dashboard shows
        # spread per gathering, the reminder pass sends the presenters' reminders, and the
        # calendar feed plugs into "Mine indstillinger".
        from dialogues.gathering_mail import KIND, PRESENTER_KIND
        from dialogues.spread import dashboard_panel
        from dialogues.views.calendar import calendar_feed_section
        from dus import hooks as dus_hooks
        from portfolio import hooks as portfolio_hooks
        from portfolio.reminder_kinds import register

        portfolio_hooks.add_dashboard_panel(dashboard_panel)
        register(KIND, PRESENTER_KIND)
        dus_hooks.add_settings_section(calendar_feed_section)
