"""A review of a long portfolio: its list of initiatives a page at a time, decisions in
place on any page, and the counts (and "Afslut vurdering") of every active initiative."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from portfolio.models import Initiative, Review, ReviewDecision
from portfolio.views.reviews import REVIEW_PER_PAGE
from tests.factories import make_cluster, make_initiatives

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
PER = REVIEW_PER_PAGE


@pytest.fixture
def cluster(coordinator):
    return make_cluster(coordinators=[coordinator])


@pytest.fixture
def review(cluster, coordinator):
    return Review.objects.create(
        cluster=cluster, scheduled_at=timezone.now() - dt.timedelta(hours=1), created_by=coordinator
    )


def _decide(review, initiatives, by, decision="continue"):
    ReviewDecision.objects.bulk_create(
        ReviewDecision(review=review, initiative=i, decision=decision, decided_by=by)
        for i in initiatives
    )


def test_it_lists_a_page_and_counts_the_decisions_of_all(client, review, cluster, coordinator):
    made = make_initiatives(cluster, PER * 2 + 4)
    _decide(review, made[-3:], coordinator)  # decided on beyond the first page
    client.force_login(coordinator)
    page = client.get(review.get_absolute_url()).content.decode()
    assert page.count('class="dus-review-item"') == PER
    counts = f"3 af {PER * 2 + 4} aktive indsatser har en beslutning. {PER * 2 + 1} mangler endnu."
    assert counts in page
    assert f'href="{review.get_absolute_url()}?side=2"' in page

    plain = client.get(review.get_absolute_url(), {"side": 3}).content.decode()
    assert plain.count('class="dus-review-item"') == 4
    assert plain.count("Beslutning:") == 3

    more = client.get(
        review.get_absolute_url(), {"side": 2}, headers=HTMX | {"HX-Target": "review-items"}
    ).content.decode()
    assert more.count('class="dus-review-item"') == PER
    first = more.split(f'id="initiative-{made[PER].pk}"')[1].split(">")[0]
    assert first.endswith('tabindex="-1" data-dus-focus')


def test_it_decides_on_an_initiative_of_a_later_page(client, review, cluster, coordinator):
    made = make_initiatives(cluster, PER + 5)
    target = made[PER + 2]
    client.force_login(coordinator)
    url = reverse("portfolio:review_decide", args=[review.pk, target.pk])
    data = {f"d{target.pk}-decision": "adjust"}
    response = client.post(url, data, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="initiative-{target.pk}"')
    assert html.count('class="dus-review-item"') == 1
    assert 'id="decision-counts" class="dus-meta" hx-swap-oob="true"' in html
    assert f"1 af {PER + 5} aktive indsatser har en beslutning." in html
    # Without JavaScript: back to the page that shows it.
    withdraw = reverse("portfolio:review_withdraw", args=[review.pk, target.pk])
    response = client.post(withdraw)
    assert response["Location"] == f"{review.get_absolute_url()}?side=2#initiative-{target.pk}"
    # A refused decision without JavaScript: the page that shows it, with the error.
    response = client.post(url, {f"d{target.pk}-decision": "stop"})
    page = response.content.decode()
    assert f'id="initiative-{target.pk}"' in page and "form-error-message" in page


def test_closing_says_how_many_have_no_decision_and_pages_the_decisions(
    client, review, cluster, coordinator
):
    made = make_initiatives(cluster, PER * 2 + 10)
    _decide(review, made[: PER * 2 + 1], coordinator)
    # A blocking decision far down the list still blocks closing.
    planned = made[PER * 2]
    Initiative.objects.filter(pk=planned.pk).update(status="planned")
    ReviewDecision.objects.filter(initiative=planned).update(decision="scale")
    client.force_login(coordinator)
    url = reverse("portfolio:review_close", args=[review.pk])
    page = client.get(url).content.decode()
    assert "9 aktive indsatser har ingen beslutning." in page
    assert page.count("<tr") == 1 + PER * 2  # the heading and the first page
    assert f'href="{url}?side=2"' in page
    assert "Kan ikke gennemføres" not in page  # not on this page ...
    assert 'class="alert alert-error"' in page  # ... but counted
    more = client.get(url, {"side": 2}, headers=HTMX | {"HX-Target": "close-rows"})
    assert "Kan ikke gennemføres" in more.content.decode()
    assert more.content.decode().count("data-dus-focus") == 1


@pytest.mark.parametrize("n", [5, 60])
def test_it_shows_the_review_in_constant_queries(
    client, review, cluster, coordinator, n, django_assert_max_num_queries
):
    made = make_initiatives(cluster, n)
    _decide(review, made[::2], coordinator)
    client.force_login(coordinator)
    with django_assert_max_num_queries(15):
        assert client.get(review.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("portfolio:review_close", args=[review.pk])).status_code == 200
    target = made[-1]
    with django_assert_max_num_queries(16):
        response = client.post(
            reverse("portfolio:review_decide", args=[review.pk, target.pk]),
            {f"d{target.pk}-decision": "adjust"},
            headers=HTMX,
        )
    assert response.status_code == 200


def test_it_names_the_first_participants_and_counts_the_rest(client, review, coordinator):
    from portfolio.views.reviews import PARTICIPANTS_SHOWN
    from tests.factories import make_user

    people = [make_user(first_name=f"Deltager{i:03d}", last_name="Holm") for i in range(25)]
    review.participants.set(people)
    client.force_login(coordinator)
    page = client.get(review.get_absolute_url()).content.decode()
    facts = page.split('class="dus-facts"')[1].split("</dl>")[0]
    assert facts.count("Holm") == PARTICIPANTS_SHOWN
    assert "Deltager000 Holm" in facts and "Deltager019 Holm" in facts
    assert "Deltager020" not in facts
    minutes = reverse("portfolio:review_minutes", args=[review.pk])
    assert f'og <a href="{minutes}">5 deltagere mere (se referatet)</a>' in facts
    # The minutes name every participant.
    assert client.get(minutes).content.decode().count("Holm") == 25

    review.participants.set(people[:3])
    page = client.get(review.get_absolute_url()).content.decode()
    facts = page.split('class="dus-facts"')[1].split("</dl>")[0]
    assert facts.count("Holm") == 3 and "se referatet" not in facts
