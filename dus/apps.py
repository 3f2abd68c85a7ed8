from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DusConfig(AppConfig):
    name = "dus"
    verbose_name = _("Strategic frame and organisation")

    def ready(self) -> None:
        from dus import lookups  # registers the integer `__in` and the `icontains` lookups
        from dus.roles import sync_roles

        connection_created.connect(lookups.register_fold, dispatch_uid="dus.register_fold")
        # Permissions are created app by app after migrate, so roles are synced after
        # each app (idempotent); the last run sees every permission.
        post_migrate.connect(sync_roles, dispatch_uid="dus.sync_roles")
