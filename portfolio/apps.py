from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Portfolio")

    def ready(self) -> None:
        # missions does not import portfolio: portfolio plugs into its pages and changes.
        from missions import hooks
        from portfolio.reminders import sync_cluster_reminders
        from portfolio.summary import cluster_summary

        hooks.add_cluster_section(cluster_summary)
        hooks.on_membership_changed(sync_cluster_reminders)
