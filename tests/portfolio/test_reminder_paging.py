"""A review's reminders on its page: the failed first, then the soonest due, a page at a
time."""

import datetime as dt

import pytest
from django.utils import timezone

from portfolio.models import Reminder, Review
from portfolio.views.reviews import REMINDERS_PER_PAGE
from tests.factories import make_cluster, make_user
from tests.paging_checks import HTMX, check_paging

pytestmark = pytest.mark.django_db
PER = REMINDERS_PER_PAGE


@pytest.fixture
def review(coordinator):
    return Review.objects.create(
        cluster=make_cluster(coordinators=[coordinator]),
        scheduled_at=timezone.now() + dt.timedelta(days=20),
        created_by=coordinator,
    )


def _reminders(review: Review, n: int, failed: int = 0) -> None:
    due = review.scheduled_at - dt.timedelta(days=7)
    people = [make_user(first_name="Modtager", last_name=f"{i:03}") for i in range(n)]
    Reminder.objects.bulk_create(
        Reminder(
            kind=Reminder.Kind.REVIEW,
            review=review,
            recipient=person,
            due_at=due,
            next_attempt_at=due,
            status=Reminder.Status.FAILED if i >= n - failed else Reminder.Status.PENDING,
            last_error="Postkassen er fuld" if i >= n - failed else "",
        )
        for i, person in enumerate(people)
    )


def test_it_shows_the_failed_reminders_first_and_the_next_in_place(client, review, coordinator):
    _reminders(review, PER + 6, failed=2)
    client.force_login(coordinator)
    first, _more = check_paging(
        client,
        review.get_absolute_url(),
        list_id="reminder-rows",
        param="paamindelser",
        marker="Modtager ",
        per=PER,
        total=PER + 6,
    )
    rows = first[first.index('id="reminder-rows"') :]
    assert rows.index(f"Modtager {PER + 4:03}") < rows.index("Modtager 000")
    assert "Postkassen er fuld" in rows[: rows.index("Modtager 000")]


@pytest.mark.parametrize("n", [2, 2 * PER + 3])
def test_the_review_page_takes_the_same_queries_whatever_its_reminders(
    client, review, coordinator, django_assert_max_num_queries, n
):
    _reminders(review, n)
    client.force_login(coordinator)
    for query in ({}, {"paamindelser": 2}):
        with django_assert_max_num_queries(13):
            client.get(review.get_absolute_url(), query, headers=HTMX)
