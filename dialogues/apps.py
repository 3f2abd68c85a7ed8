from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "dialogues"
    verbose_name = _("Dialogues and gatherings")

    def ready(self) -> None:
        from dialogues.gathering_mail import KIND, PRESENTER_KIND
        from portfolio.reminder_kinds import register

        register(KIND, PRESENTER_KIND)
