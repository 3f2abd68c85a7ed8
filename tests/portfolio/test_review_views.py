"""Portfolio reviews in the browser's forms: schedule, answer, decide, close, minutes."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from portfolio.models import Review, ReviewDecision
from tests.factories import make_cluster, make_initiative

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def cluster(coordinator, contract_holder):
    return make_cluster(
        coordinators=[coordinator], members=[contract_holder], review_cadence_weeks=8
    )


@pytest.fixture
def review(cluster, coordinator):
    return Review.objects.create(
        cluster=cluster, scheduled_at=timezone.now() + dt.timedelta(days=7), created_by=coordinator
    )


def test_it_schedules_a_review_with_the_members_as_participants(
    client, cluster, coordinator, contract_holder
):
    client.force_login(coordinator)
    url = reverse("portfolio:review_create", args=[cluster.pk])
    page = client.get(url).content.decode()
    assert page.count("checked") == 2  # both members are preselected
    day = timezone.localdate() + dt.timedelta(days=10)
    response = client.post(
        url,
        {
            "date": day.isoformat(),
            "time": "13:30",
            "place": "Rådhuset",
            "participants": [coordinator.pk, contract_holder.pk],
        },
    )
    review = Review.objects.get()
    assert response["Location"] == review.get_absolute_url()
    assert timezone.localtime(review.scheduled_at).strftime("%H:%M") == "13:30"
    assert set(review.participants.all()) == {coordinator, contract_holder}
    cluster.refresh_from_db()
    assert cluster.next_review_on == day


@pytest.mark.parametrize(
    "data",
    [
        {"date": "", "time": "10:00"},
        {"date": "2026-13-40", "time": "10:00"},
        {"date": "2020-01-01", "time": "10:00"},
        {"date": "2027-01-01", "time": "25:00"},
    ],
)
def test_it_refuses_a_bad_date_or_time(client, cluster, coordinator, data):
    client.force_login(coordinator)
    response = client.post(reverse("portfolio:review_create", args=[cluster.pk]), data)
    assert response.status_code == 200
    assert 'class="form-error-message"' in response.content.decode()
    assert not Review.objects.exists()


def test_it_refuses_scheduling_to_a_member(client, cluster, contract_holder):
    client.force_login(contract_holder)
    assert client.get(reverse("portfolio:review_create", args=[cluster.pk])).status_code == 403


def test_it_shows_the_portfolio_with_latest_entries_and_the_three_questions(
    client, review, cluster, contract_holder
):
    make_initiative(cluster, title="Fredagscafé", status="running")
    client.force_login(contract_holder)
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Fredagscafé" in page
    for question in ("Er indsatserne relevante?", "Kan vi holde til det som organisation?"):
        assert question in page
    assert reverse("portfolio:review_close", args=[review.pk]) not in page  # a reader


def test_it_records_a_decision_in_place(client, review, cluster, coordinator):
    initiative = make_initiative(cluster, status="running")
    client.force_login(coordinator)
    url = reverse("portfolio:review_decide", args=[review.pk, initiative.pk])
    prefix = f"d{initiative.pk}"
    response = client.post(
        url, {f"{prefix}-decision": "continue", f"{prefix}-rationale": "Lovende"}, headers=HTMX
    )
    assert response.content.decode().lstrip().startswith(f'<li id="initiative-{initiative.pk}"')
    decision = ReviewDecision.objects.get()
    assert (decision.decision, decision.rationale) == ("continue", "Lovende")
    # Changing it updates the same row.
    client.post(url, {f"{prefix}-decision": "adjust"})
    assert ReviewDecision.objects.get().decision == "adjust"


def test_it_refuses_a_stop_decision_without_reason_and_learning(
    client, review, cluster, coordinator
):
    initiative = make_initiative(cluster, status="running")
    client.force_login(coordinator)
    prefix = f"d{initiative.pk}"
    response = client.post(
        reverse("portfolio:review_decide", args=[review.pk, initiative.pk]),
        {f"{prefix}-decision": "stop"},
    )
    assert response.status_code == 200
    assert response.content.decode().count('class="form-error-message"') >= 2
    assert not ReviewDecision.objects.exists()


def test_it_refuses_a_decision_on_an_initiative_outside_the_portfolio(client, review, coordinator):
    foreign = make_initiative(make_cluster(), status="running")
    client.force_login(coordinator)
    response = client.post(
        reverse("portfolio:review_decide", args=[review.pk, foreign.pk]),
        {f"d{foreign.pk}-decision": "stop"},
    )
    assert response.status_code == 404
    assert not ReviewDecision.objects.exists()


def test_it_closes_the_review_and_shows_the_minutes(client, review, cluster, coordinator):
    keep = make_initiative(cluster, status="running", title="Behold")
    end = make_initiative(cluster, status="running", title="Stop den")
    ReviewDecision.objects.create(
        review=review, initiative=keep, decision="continue", decided_by=coordinator
    )
    ReviewDecision.objects.create(
        review=review,
        initiative=end,
        decision="stop",
        stop_reason="Ingen effekt",
        stop_learning="Lærte meget",
        decided_by=coordinator,
    )
    client.force_login(coordinator)
    assert client.put(reverse("portfolio:review_close", args=[review.pk])).status_code == 405
    response = client.post(reverse("portfolio:review_close", args=[review.pk]))
    assert response["Location"] == reverse("portfolio:review_minutes", args=[review.pk])
    end.refresh_from_db()
    assert end.status == "stopped" and end.stop_learning == "Lærte meget"
    minutes = client.get(response["Location"]).content.decode()
    assert "Stop den" in minutes and "Lærte meget" in minutes
    # Locked: no more answers or decisions.
    client.post(
        reverse("portfolio:review_answers", args=[review.pk]),
        {"relevant_answer": "x", "read_version": 2},
    )
    review.refresh_from_db()
    assert review.relevant_answer == ""


def test_it_closes_nothing_when_a_decision_cannot_be_applied(client, review, cluster, coordinator):
    ok = make_initiative(cluster, status="running")
    idea = make_initiative(cluster, status="idea")
    ReviewDecision.objects.create(
        review=review,
        initiative=ok,
        decision="stop",
        stop_reason="r",
        stop_learning="l",
        decided_by=coordinator,
    )
    ReviewDecision.objects.create(
        review=review, initiative=idea, decision="scale", decided_by=coordinator
    )
    client.force_login(coordinator)
    response = client.post(reverse("portfolio:review_close", args=[review.pk]), follow=True)
    assert "ingen beslutninger er gennemført" in response.content.decode().lower()
    ok.refresh_from_db()
    review.refresh_from_db()
    assert ok.status == "running" and not review.is_closed


def test_it_saves_the_answers_with_optimistic_locking(client, review, coordinator, group_manager):
    url = reverse("portfolio:review_answers", args=[review.pk])
    client.force_login(coordinator)
    assert client.post(url, {"relevant_answer": "Ja", "read_version": 1}).status_code == 302
    client.force_login(group_manager)
    response = client.post(url, {"relevant_answer": "Nej", "read_version": 1})
    assert response.status_code == 409
    review.refresh_from_db()
    assert review.relevant_answer == "Ja"


def test_it_shows_the_review_in_constant_queries(
    client, review, cluster, coordinator, django_assert_max_num_queries
):
    for n in range(25):
        make_initiative(cluster, status="running", title=f"I{n}")
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        assert client.get(review.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_it_refuses_scaling_a_planned_initiative_beside_the_decision(
    client, review, cluster, coordinator, headers
):
    initiative = make_initiative(cluster, status="planned", title="Planen")
    client.force_login(coordinator)
    prefix = f"d{initiative.pk}"
    response = client.post(
        reverse("portfolio:review_decide", args=[review.pk, initiative.pk]),
        {f"{prefix}-decision": "scale"},
        headers=headers,
    )
    assert response.status_code == 200
    page = response.content.decode()
    error = page.index("Kun en indsats, der er i gang eller under evaluering, kan skaleres")
    assert page.rindex(f'name="{prefix}-decision"') > error > page.index("<legend")
    assert not ReviewDecision.objects.exists()


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_it_withdraws_a_decision(client, review, cluster, coordinator, headers):
    initiative = make_initiative(cluster, status="running", title="Fortryd")
    decision = ReviewDecision.objects.create(
        review=review, initiative=initiative, decision="scale", decided_by=coordinator
    )
    client.force_login(coordinator)
    url = reverse("portfolio:review_withdraw", args=[review.pk, initiative.pk])
    assert url in client.get(review.get_absolute_url()).content.decode()
    response = client.post(url, headers=headers)
    if headers:
        assert response.content.decode().lstrip().startswith(f'<li id="initiative-{initiative.pk}"')
        assert "Beslutning:" not in response.content.decode()
    else:
        assert response["Location"].endswith(f"#initiative-{initiative.pk}")
    decision.refresh_from_db()
    assert decision.state == "withdrawn"
    assert "Beslutning:" not in client.get(review.get_absolute_url()).content.decode()
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Der er endnu ikke truffet nogen beslutning om den ved en vurdering." in page
    # Deciding again takes the same row up again.
    client.post(
        reverse("portfolio:review_decide", args=[review.pk, initiative.pk]),
        {f"d{initiative.pk}-decision": "continue"},
    )
    decision.refresh_from_db()
    assert (decision.state, decision.decision) == ("decided", "continue")


def test_it_refuses_withdrawing_to_a_reader_other_methods_and_without_a_decision(
    client, review, cluster, coordinator, contract_holder
):
    initiative = make_initiative(cluster, status="running")
    ReviewDecision.objects.create(
        review=review, initiative=initiative, decision="scale", decided_by=coordinator
    )
    undecided = make_initiative(cluster, status="running")
    url = reverse("portfolio:review_withdraw", args=[review.pk, initiative.pk])
    client.force_login(contract_holder)
    assert client.post(url).status_code == 403
    client.force_login(coordinator)
    assert client.get(url).status_code == 405
    assert (
        client.post(
            reverse("portfolio:review_withdraw", args=[review.pk, undecided.pk])
        ).status_code
        == 404
    )
    assert ReviewDecision.objects.get().state == "decided"
