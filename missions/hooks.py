"""Where the apps above missions plug in, without missions importing them: an upper app
registers its functions here in its `AppConfig.ready` (see `portfolio/apps.py`).

- A cluster section, `(request, cluster) -> HTML`, is shown on the cluster page below
  its members (the portfolio's summary); `{% cluster_sections cluster %}` renders them.
- A membership callback, `(cluster) -> None`, runs once a change of the cluster's
  members is committed (the reminders of its coming reviews).
"""

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest

if TYPE_CHECKING:
    from missions.models import Cluster

cluster_sections: list[Callable[[HttpRequest, "Cluster"], str]] = []
membership_callbacks: list[Callable[["Cluster"], None]] = []


def add_cluster_section(section: Callable) -> None:
    if section not in cluster_sections:  # ready() may run more than once
        cluster_sections.append(section)


def on_membership_changed(callback: Callable) -> None:
    if callback not in membership_callbacks:
        membership_callbacks.append(callback)


def membership_changed(cluster: "Cluster") -> None:
    """Tell the upper apps that the cluster's members changed, once the change is
    committed: a change rolled back never reaches them."""
    for callback in membership_callbacks:
        transaction.on_commit(partial(callback, cluster))
