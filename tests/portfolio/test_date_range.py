"""Dates typed into the portal's forms lie around the plans' period: a review dated
9999-12-31 was accepted and then could not be closed (OverflowError)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from portfolio.models import Initiative, Review
from tests.factories import make_cluster

pytestmark = pytest.mark.django_db
# DUS 2024-25 runs 2024-01-01..2025-12-31: dates from 2019-01-01 to 2035-12-31.
OUT_OF_RANGE = "Vælg en dato fra 1. januar 2019 til 31. december 2035."


@pytest.fixture
def cluster(coordinator, contract_holder):
    return make_cluster(coordinators=[coordinator], members=[contract_holder])


@pytest.mark.parametrize("day", ["9999-12-31", "2036-01-01"])
def test_it_refuses_to_schedule_a_review_far_in_the_future(client, cluster, coordinator, day):
    client.force_login(coordinator)
    response = client.post(
        reverse("portfolio:review_create", args=[cluster.pk]),
        {"date": day, "time": "10:00", "participants": [coordinator.pk]},
    )
    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()
    assert not Review.objects.exists()


def test_it_schedules_and_closes_a_review_on_the_last_day_allowed(client, cluster, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("portfolio:review_create", args=[cluster.pk]),
        {"date": "2035-12-31", "time": "10:00", "participants": [coordinator.pk]},
    )
    review = Review.objects.get()
    assert response["Location"] == review.get_absolute_url()
    response = client.post(reverse("portfolio:review_close", args=[review.pk]))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.is_closed


def test_it_refuses_to_move_a_review_far_into_the_future(client, cluster, coordinator):
    review = Review.objects.create(
        cluster=cluster, scheduled_at=timezone.now() + dt.timedelta(days=7), created_by=coordinator
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("portfolio:review_reschedule", args=[review.pk]),
        {"date": "9999-12-31", "time": "10:00"},
    )
    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()
    review.refresh_from_db()
    assert review.scheduled_at.year < 2036


@pytest.mark.parametrize("field", ["starts_on", "ends_on"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2018-12-31"])
def test_it_refuses_an_initiative_date_out_of_range(client, cluster, contract_holder, field, day):
    client.force_login(contract_holder)
    data = {"title": "T", "cluster": cluster.pk, "what": "W", "hypothesis": "H", field: day}
    response = client.post(reverse("portfolio:initiative_create"), data)
    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()
    assert not Initiative.objects.exists()
