"""The pages around reminders: moving a review, the reminders on the review page,
"Mine indstillinger", and members changes that update the reminders."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from missions.models import Membership
from portfolio.models import Reminder, Review
from portfolio.reminders import sync_review_reminders
from tests.factories import make_cluster, make_user

pytestmark = pytest.mark.django_db
Status = Reminder.Status


@pytest.fixture
def cluster(coordinator, contract_holder):
    return make_cluster(coordinators=[coordinator], members=[contract_holder])


@pytest.fixture
def review(cluster, coordinator):
    return Review.objects.create(
        cluster=cluster,
        scheduled_at=timezone.now() + dt.timedelta(days=20),
        created_by=coordinator,
        place="Rådhuset",
    )


def test_it_moves_a_review_and_its_reminders(client, review, coordinator):
    sync_review_reminders(review)
    old_dues = set(Reminder.objects.values_list("due_at", flat=True))
    client.force_login(coordinator)
    url = reverse("portfolio:review_reschedule", args=[review.pk])
    assert 'value="Rådhuset"' in client.get(url).content.decode()
    day = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(url, {"date": day.isoformat(), "time": "14:15", "place": "Biblioteket"})
    assert response["Location"] == review.get_absolute_url()
    review.refresh_from_db()
    assert timezone.localtime(review.scheduled_at).strftime("%H:%M") == "14:15"
    assert review.place == "Biblioteket"
    dues = set(Reminder.objects.values_list("due_at", flat=True))
    assert dues and not dues & old_dues
    review.cluster.refresh_from_db()
    assert review.cluster.next_review_on == day


@pytest.mark.parametrize(
    "data", [{"date": "", "time": "10:00"}, {"date": "2027-02-30", "time": "10:00"}]
)
def test_it_refuses_to_move_a_review_to_a_bad_date(client, review, coordinator, data):
    before = review.scheduled_at
    client.force_login(coordinator)
    response = client.post(reverse("portfolio:review_reschedule", args=[review.pk]), data)
    assert response.status_code == 200
    assert 'class="form-error-message"' in response.content.decode()
    review.refresh_from_db()
    assert review.scheduled_at == before


def test_it_refuses_moving_to_a_member_and_other_methods(client, review, contract_holder):
    client.force_login(contract_holder)
    url = reverse("portfolio:review_reschedule", args=[review.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"date": "2027-01-01", "time": "10:00"}).status_code == 403
    assert client.put(url).status_code == 405


def test_it_does_not_move_a_closed_review(client, review, group_manager):
    Review.objects.filter(pk=review.pk).update(state=Review.State.CLOSED)
    client.force_login(group_manager)
    url = reverse("portfolio:review_reschedule", args=[review.pk])
    response = client.post(url, {"date": "2027-01-01", "time": "10:00"})
    assert response["Location"] == review.get_absolute_url()
    review.refresh_from_db()
    assert review.scheduled_at.year != 2027


def test_it_shows_the_coordinator_which_reminders_went_out_and_which_failed(
    client, review, coordinator, contract_holder
):
    sync_review_reminders(review)
    sent, failed = Reminder.objects.filter(due_at=Reminder.objects.first().due_at).order_by("pk")
    Reminder.objects.filter(pk=sent.pk).update(status=Status.SENT, sent_at=timezone.now())
    Reminder.objects.filter(pk=failed.pk).update(
        status=Status.FAILED, attempts=5, last_error="SMTPRecipientsRefused: 550 No such user"
    )
    client.force_login(coordinator)
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Påmindelser" in page
    assert "Sendt" in page and "Fejlet" in page
    assert "5 forsøg: SMTPRecipientsRefused: 550 No such user" in page
    assert reverse("portfolio:review_reschedule", args=[review.pk]) in page


def test_it_shows_a_recipient_without_an_email_as_not_sent(client, review, coordinator):
    Membership.objects.create(
        cluster=review.cluster, person=make_user(username="x", email=""), role="member"
    )
    sync_review_reminders(review)
    client.force_login(coordinator)
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Personen har ingen e-mailadresse." in page


def test_it_hides_the_reminders_from_a_reader(client, review, contract_holder):
    sync_review_reminders(review)
    client.force_login(contract_holder)
    assert 'id="reminders-heading"' not in client.get(review.get_absolute_url()).content.decode()


def test_it_says_when_a_review_has_nobody_to_remind(client, group_manager):
    review = Review.objects.create(
        cluster=make_cluster(),
        scheduled_at=timezone.now() + dt.timedelta(days=3),
        created_by=group_manager,
    )
    client.force_login(group_manager)
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Vurderingen har ingen medlemmer: der sendes ingenting." in page


def test_it_plans_reminders_when_a_review_is_scheduled(
    client, cluster, coordinator, contract_holder
):
    client.force_login(coordinator)
    day = timezone.localdate() + dt.timedelta(days=20)
    client.post(
        reverse("portfolio:review_create", args=[cluster.pk]),
        {"date": day.isoformat(), "time": "10:00", "participants": [coordinator.pk]},
    )
    assert Reminder.objects.filter(status=Status.PENDING).count() == 4


def test_it_updates_the_reminders_when_members_come_and_go(
    client, review, coordinator, django_capture_on_commit_callbacks
):
    # The reminders follow once the change is committed (missions.hooks).
    sync_review_reminders(review)
    newcomer = make_user(username="ny")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("missions:member_add", args=[review.cluster.pk]),
            {"person": newcomer.pk, "role": "member"},
        )
    assert Reminder.objects.filter(recipient=newcomer).count() == 2
    membership = review.cluster.memberships.current().get(person=newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("missions:member_remove", args=[review.cluster.pk, membership.pk]))
    assert not Reminder.objects.filter(recipient=newcomer).exists()


def test_it_leaves_the_reminders_alone_until_the_members_change_is_committed(
    client, review, coordinator, django_capture_on_commit_callbacks
):
    newcomer = make_user(username="ny")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(
            reverse("missions:member_add", args=[review.cluster.pk]),
            {"person": newcomer.pk, "role": "member"},
        )
        assert not Reminder.objects.filter(recipient=newcomer).exists()
    assert len(callbacks) == 1


def test_it_turns_the_weekly_digest_off_and_on(client, group_manager):
    client.force_login(group_manager)
    url = reverse("frame:my_settings")
    assert url == "/mine-indstillinger/"
    page = client.get(url).content.decode()
    assert "Send mig det ugentlige overblik" in page and "checked" in page
    assert client.post(url, {})["Location"] == url
    group_manager.refresh_from_db()
    assert group_manager.weekly_digest is False
    client.post(url, {"weekly_digest": "on"})
    group_manager.refresh_from_db()
    assert group_manager.weekly_digest is True


def test_it_refuses_other_methods_on_the_settings_page(client, outsider):
    client.force_login(outsider)
    assert client.put(reverse("frame:my_settings")).status_code == 405


def test_it_fills_the_move_form_with_the_current_date_in_iso_format(client, coordinator):
    """Browsers accept only yyyy-mm-dd and HH:MM in date and time inputs."""
    cluster = make_cluster(coordinators=[coordinator])
    when = timezone.make_aware(dt.datetime(2026, 12, 11, 9, 30))
    review = Review.objects.create(cluster=cluster, scheduled_at=when, created_by=coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("portfolio:review_reschedule", args=[review.pk])).content.decode()
    assert 'value="2026-12-11"' in page and 'value="09:30"' in page
