"""Closing a review: a confirmation page says what will happen per initiative before
the POST that closes; a decision the initiative has overtaken is skipped, so a review
never gets stuck; the unsent reminders are cancelled."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from portfolio.models import Reminder, Review, ReviewDecision
from portfolio.reminders import send_due_reminders, sync_review_reminders
from tests.factories import make_cluster, make_initiative

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def cluster(coordinator, contract_holder):
    return make_cluster(coordinators=[coordinator], members=[contract_holder])


@pytest.fixture
def review(cluster, coordinator):
    return Review.objects.create(
        cluster=cluster, scheduled_at=timezone.now() - dt.timedelta(hours=1), created_by=coordinator
    )


def decide(client, review, initiative, decision, **extra):
    prefix = f"d{initiative.pk}"
    data = {f"{prefix}-decision": decision} | {f"{prefix}-{k}": v for k, v in extra.items()}
    return client.post(reverse("portfolio:review_decide", args=[review.pk, initiative.pk]), data)


def test_it_closes_a_review_whose_initiatives_were_anchored_and_stopped_meanwhile(
    client, review, cluster, coordinator, contract_holder
):
    """The issue's scenario: decide "scale" and "stop", then the initiatives are anchored
    and stopped from their own pages; the review must still be closable."""
    grown = make_initiative(cluster, owner=contract_holder, status="evaluating", title="Vokset")
    ended = make_initiative(cluster, status="running", title="Sluttet")
    kept = make_initiative(cluster, status="running", title="Beholdt")
    client.force_login(coordinator)
    decide(client, review, grown, "scale")
    decide(client, review, ended, "stop", stop_reason="Ingen effekt", stop_learning="Spørg før")
    decide(client, review, kept, "continue")
    assert ReviewDecision.objects.count() == 3

    client.force_login(contract_holder)
    client.post(reverse("portfolio:initiative_advance", args=[grown.pk]), {"status": "anchored"})
    client.force_login(coordinator)
    client.post(
        reverse("portfolio:initiative_stop", args=[ended.pk]),
        {"reason": "Fondet lukkede", "learning": "X"},
    )
    grown.refresh_from_db()
    ended.refresh_from_db()
    assert (grown.status, ended.status) == ("anchored", "stopped")

    page = client.get(review.get_absolute_url()).content.decode()
    assert "Indsatsen er allerede forankret" in page
    assert "Indsatsen er allerede stoppet" in page

    # Changing the decision on an overtaken initiative answers, not 404.
    response = decide(client, review, grown, "continue")
    assert response.status_code == 200
    assert "Indsatsen er allerede forankret." in response.content.decode()
    # Withdrawing it works.
    response = client.post(reverse("portfolio:review_withdraw", args=[review.pk, ended.pk]))
    assert response.status_code == 302
    assert ReviewDecision.objects.get(initiative=ended).state == "withdrawn"

    confirm = client.get(reverse("portfolio:review_close", args=[review.pk])).content.decode()
    assert "Vokset" in confirm and "Springes over: Indsatsen er allerede forankret." in confirm
    response = client.post(reverse("portfolio:review_close", args=[review.pk]))
    assert response["Location"] == reverse("portfolio:review_minutes", args=[review.pk])
    review.refresh_from_db()
    assert review.is_closed
    minutes = client.get(response["Location"]).content.decode()
    assert "Ikke gennemført: indsatsen var allerede forankret" in minutes
    assert "Sluttet" not in minutes  # the withdrawn decision is not in the minutes
    assert "Beholdt" in minutes


@time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=CPH), tick=False)
def test_it_shows_what_closing_will_do_and_that_the_meeting_is_still_ahead(
    client, cluster, coordinator
):
    review = Review.objects.create(
        cluster=cluster,
        scheduled_at=dt.datetime(2026, 12, 12, 10, tzinfo=CPH),
        created_by=coordinator,
    )
    scaled = make_initiative(cluster, status="running", title="Skal skaleres")
    stopped = make_initiative(cluster, status="running", title="Skal stoppes")
    anchored = make_initiative(cluster, status="anchored", title="Allerede forankret")
    make_initiative(cluster, status="idea", title="Uden beslutning")
    for initiative, decision in ((scaled, "scale"), (stopped, "stop"), (anchored, "continue")):
        ReviewDecision.objects.create(
            review=review,
            initiative=initiative,
            decision=decision,
            stop_reason="r",
            stop_learning="l",
            decided_by=coordinator,
        )
    client.force_login(coordinator)
    url = reverse("portfolio:review_close", args=[review.pk])
    assert f'href="{url}"' in client.get(review.get_absolute_url()).content.decode()
    page = client.get(url).content.decode()
    assert "Mødet er først den 12. december 2026 kl. 10.00." in page
    assert "Skal skaleres" in page and "Bliver skaleret" in page
    assert "Skal stoppes" in page and "Stoppes med årsag og læring" in page
    assert "Springes over: Indsatsen er allerede forankret." in page
    assert "1 aktiv indsats har ingen beslutning." in page
    assert f'<form method="post" action="{url}"' in page
    review.refresh_from_db()
    assert review.is_open  # the page alone closes nothing


def test_it_says_nothing_about_the_time_once_the_meeting_has_begun(client, review, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("portfolio:review_close", args=[review.pk])).content.decode()
    assert "Mødet er først" not in page
    assert "Alle aktive indsatser har en beslutning." in page


def test_it_names_a_decision_that_cannot_be_carried_out_and_offers_no_close(
    client, review, cluster, coordinator
):
    idea = make_initiative(cluster, status="idea", title="Bare en idé")
    # Saved before decisions were checked when made.
    ReviewDecision.objects.create(
        review=review, initiative=idea, decision="scale", decided_by=coordinator
    )
    client.force_login(coordinator)
    url = reverse("portfolio:review_close", args=[review.pk])
    page = client.get(url).content.decode()
    assert "Kan ikke gennemføres" in page and "Bare en idé" in page
    assert f'<form method="post" action="{url}"' not in page


def test_it_cancels_the_unsent_reminders_when_the_review_closes(
    client, cluster, coordinator, contract_holder
):
    review = Review.objects.create(
        cluster=cluster, scheduled_at=timezone.now() + dt.timedelta(days=3), created_by=coordinator
    )
    sync_review_reminders(review)
    sent = review.reminders.order_by("pk").first()
    Reminder.objects.filter(pk=sent.pk).update(status=Reminder.Status.SENT, sent_at=timezone.now())
    assert review.reminders.filter(status=Reminder.Status.PENDING).count() == 3
    client.force_login(coordinator)
    client.post(reverse("portfolio:review_close", args=[review.pk]))
    statuses = dict(review.reminders.values_list("pk", "status"))
    assert statuses.pop(sent.pk) == Reminder.Status.SENT
    assert set(statuses.values()) == {Reminder.Status.CANCELLED}
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Annulleret" in page and "Venter" not in page
    # Neither a later sync nor the sending pass revives them.
    sync_review_reminders(review)
    with time_machine.travel(timezone.now() + dt.timedelta(days=2, hours=23), tick=False):
        send_due_reminders()
    assert set(review.reminders.exclude(pk=sent.pk).values_list("status", flat=True)) == {
        Reminder.Status.CANCELLED
    }


def test_it_refuses_closing_to_a_reader_other_methods_and_unknown_reviews(
    client, review, coordinator, contract_holder
):
    url = reverse("portfolio:review_close", args=[review.pk])
    client.force_login(contract_holder)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    client.force_login(coordinator)
    assert client.put(url).status_code == 405
    assert client.get(reverse("portfolio:review_close", args=[review.pk + 99])).status_code == 404
    review.refresh_from_db()
    assert review.is_open


def test_it_sends_a_closed_review_back_to_its_page(client, review, coordinator):
    review.close(coordinator)
    client.force_login(coordinator)
    response = client.get(reverse("portfolio:review_close", args=[review.pk]))
    assert response["Location"] == review.get_absolute_url()
