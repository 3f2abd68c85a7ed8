from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DusConfig(AppConfig):
    name = "dus"
    verbose_name = _("Strategic frame and organisation")

    def ready(self) -> None:
        from dus.roles import sync_roles

        # Permissions exist only after migrate has run, so roles are synced then.
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="dus.sync_roles")
