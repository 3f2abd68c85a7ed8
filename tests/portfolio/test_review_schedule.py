"""Scheduling, moving, closing and cancelling a review: each keeps the cluster's next
review date (Cluster.next_review_on) in step; cancelling has its own page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from portfolio.models import Reminder, Review
from portfolio.reminders import sync_review_reminders
from tests.factories import make_cluster

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(coordinator, contract_holder):
    return make_cluster(
        coordinators=[coordinator], members=[contract_holder], review_cadence_weeks=6
    )


def days(n: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=n)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def next_review(cluster) -> dt.date | None:
    cluster.refresh_from_db()
    return cluster.next_review_on


def test_it_sets_the_next_review_to_the_earliest_scheduled_one(cluster, coordinator):
    later = Review.schedule(cluster, days(30), coordinator, place="Rådhuset")
    assert (later.place, later.created_by, later.is_open) == ("Rådhuset", coordinator, True)
    assert next_review(cluster) == days(30).date()
    Review.schedule(cluster, days(10), coordinator, participants=[coordinator])
    assert next_review(cluster) == days(10).date()


def test_it_does_not_leave_the_old_date_when_a_review_moves_into_the_past(cluster, coordinator):
    review = Review.schedule(cluster, days(10), coordinator)
    assert next_review(cluster) == days(10).date()
    review.reschedule(days(-1), "Biblioteket", coordinator)
    review.refresh_from_db()
    assert (review.scheduled_at, review.place) == (days(-1), "Biblioteket")
    assert next_review(cluster) is None  # nothing scheduled ahead, nothing closed yet


def test_it_falls_back_on_the_last_closed_review_and_the_cadence(cluster, coordinator):
    held = Review.schedule(cluster, days(-14), coordinator)
    held.close(coordinator)
    assert next_review(cluster) == days(-14 + 42).date()
    coming = Review.schedule(cluster, days(5), coordinator)
    assert next_review(cluster) == days(5).date()
    coming.reschedule(days(-2), "", coordinator)
    assert next_review(cluster) == days(28).date()


def test_it_cancels_a_review_and_recomputes_the_next_one(cluster, coordinator):
    first = Review.schedule(cluster, days(7), coordinator)
    second = Review.schedule(cluster, days(21), coordinator)
    sync_review_reminders(first)
    assert first.reminders.filter(status=Reminder.Status.PENDING).exists()
    first.cancel(coordinator, "Sygdom")
    first.refresh_from_db()
    assert first.is_cancelled and not first.is_open
    assert (first.cancelled_by, first.cancel_reason) == (coordinator, "Sygdom")
    assert first.cancelled_at is not None
    assert set(first.reminders.values_list("status", flat=True)) == {Reminder.Status.CANCELLED}
    assert next_review(cluster) == days(21).date()
    second.cancel(coordinator, "")
    assert next_review(cluster) is None
    with pytest.raises(ValidationError, match="aflyst"):
        first.close(coordinator)


def test_it_cancels_a_review_from_its_confirmation_page(client, cluster, coordinator):
    review = Review.schedule(cluster, days(7), coordinator)
    client.force_login(coordinator)
    assert (
        reverse("portfolio:review_cancel", args=[review.pk])
        in client.get(review.get_absolute_url()).content.decode()
    )
    url = reverse("portfolio:review_cancel", args=[review.pk])
    page = client.get(url).content.decode()
    assert "Aflys vurderingen" in page and 'name="reason"' in page
    review.refresh_from_db()
    assert review.is_open  # showing the page changes nothing
    response = client.post(url, {"reason": "Vi mødes i stedet til Ledertræf"})
    assert response["Location"] == review.get_absolute_url()
    review.refresh_from_db()
    assert review.is_cancelled and review.cancel_reason == "Vi mødes i stedet til Ledertræf"
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Aflyst" in page and "Vi mødes i stedet til Ledertræf" in page
    assert url not in page  # nothing more to cancel
    assert next_review(cluster) is None


def test_it_cancels_without_a_reason(client, cluster, group_manager, coordinator):
    review = Review.schedule(cluster, days(7), coordinator)
    client.force_login(group_manager)
    client.post(reverse("portfolio:review_cancel", args=[review.pk]), {})
    review.refresh_from_db()
    assert review.is_cancelled and review.cancelled_by == group_manager


def test_it_refuses_cancelling_to_a_reader_and_other_methods(
    client, cluster, coordinator, contract_holder
):
    review = Review.schedule(cluster, days(7), coordinator)
    url = reverse("portfolio:review_cancel", args=[review.pk])
    client.force_login(contract_holder)
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(coordinator)
    assert client.put(url).status_code == 405
    assert client.post(reverse("portfolio:review_cancel", args=[review.pk + 99])).status_code == 404
    review.refresh_from_db()
    assert review.is_open


def test_it_does_not_cancel_a_closed_review(client, cluster, coordinator):
    review = Review.schedule(cluster, days(-1), coordinator)
    review.close(coordinator)
    client.force_login(coordinator)
    response = client.post(reverse("portfolio:review_cancel", args=[review.pk]), {"reason": "x"})
    assert response["Location"] == review.get_absolute_url()
    review.refresh_from_db()
    assert review.is_closed


def test_it_moves_a_review_into_the_past_through_the_form(client, cluster, coordinator):
    review = Review.schedule(cluster, days(10), coordinator)
    client.force_login(coordinator)
    day = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(
        reverse("portfolio:review_reschedule", args=[review.pk]),
        {"date": day.isoformat(), "time": "09:00", "place": ""},
    )
    assert response["Location"] == review.get_absolute_url()
    assert next_review(cluster) is None


def test_it_keeps_a_cancelled_review_out_of_the_coming_and_overdue_lists(cluster, coordinator):
    past = Review.schedule(cluster, days(-3), coordinator)
    coming = Review.schedule(cluster, days(3), coordinator)
    past.cancel(coordinator, "")
    coming.cancel(coordinator, "")
    assert not Review.objects.scheduled().exists()
    assert not Review.objects.overdue().exists()
