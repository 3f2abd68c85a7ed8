"""The portfolio asks the cluster's one steering rule (Cluster.can_steer)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from missions.models import Cluster
from portfolio.models import Review
from tests.factories import make_cluster, make_initiative

pytestmark = pytest.mark.django_db


def test_it_asks_the_clusters_rule_for_an_initiative(coordinator, contract_holder):
    cluster = make_cluster(coordinators=[coordinator])
    initiative = make_initiative(cluster, owner=contract_holder)
    assert initiative.can_steer(coordinator) == cluster.can_steer(coordinator) is True
    assert initiative.can_steer(contract_holder) == cluster.can_steer(contract_holder) is False


def test_it_asks_the_clusters_rule_on_every_page_that_offers_steering(
    client, monkeypatch, contract_holder, coordinator
):
    """A member who is not a coordinator sees no steering controls; made a steerer by the
    one rule alone, the same member sees them on the portfolio, review and initiative pages."""
    cluster = make_cluster(members=[contract_holder], coordinators=[coordinator])
    initiative = make_initiative(cluster, status="evaluating")
    review = Review.schedule(cluster, timezone.now() + dt.timedelta(days=7), coordinator)
    client.force_login(contract_holder)
    pages = {
        reverse("portfolio:review_cancel", args=[review.pk]): review.get_absolute_url(),
        reverse("portfolio:review_create", args=[cluster.pk]): reverse(
            "portfolio:portfolio_detail", args=[cluster.pk]
        ),
        reverse("portfolio:initiative_stop", args=[initiative.pk]): initiative.get_absolute_url(),
    }
    for link, page in pages.items():
        assert link not in client.get(page).content.decode()
    monkeypatch.setattr(Cluster, "can_steer", lambda self, user: True)
    for link, page in pages.items():
        assert link in client.get(page).content.decode()
    assert client.get(reverse("portfolio:review_create", args=[cluster.pk])).status_code == 200
    assert client.get(reverse("portfolio:initiative_stop", args=[initiative.pk])).status_code == 200
