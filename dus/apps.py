from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DusConfig(AppConfig):
    name = "dus"
    verbose_name = _("Strategic frame and organisation")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from dus import logs, lookups  # lookups: the integer `__in` and `icontains` lookups
        from dus.middleware import stamp_sign_in
        from dus.roles import sync_roles

        connection_created.connect(lookups.register_fold, dispatch_uid="dus.register_fold")
        # Permissions are created app by app after migrate, so roles are synced after
        # each app (idempotent); the last run sees every permission.
        post_migrate.connect(sync_roles, dispatch_uid="dus.sync_roles")
        user_logged_in.connect(stamp_sign_in, dispatch_uid="dus.stamp_sign_in")
        user_logged_in.connect(logs.signed_in, dispatch_uid="dus.log_sign_in")
        user_logged_out.connect(logs.signed_out, dispatch_uid="dus.log_sign_out")
        user_login_failed.connect(logs.sign_in_failed, dispatch_uid="dus.log_sign_in_failed")
