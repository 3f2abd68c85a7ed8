"""An initiative's decisions at reviews (the newest review first) and the initiatives
started from it (the newest first), each a page at a time."""

import datetime as dt

import pytest
from django.utils import timezone

from portfolio.models import Initiative, Review, ReviewDecision
from portfolio.views.initiatives import DECISIONS_PAGE, SPREAD_PAGE
from tests.factories import make_cluster, make_initiative, make_initiatives, make_user
from tests.paging_checks import HTMX, check_paging

pytestmark = pytest.mark.django_db


def _decided(initiative: Initiative, n: int) -> None:
    """`n` reviews of the initiative's cluster, a week apart, each deciding on it."""
    by = initiative.owner
    now = timezone.now()
    reviews = Review.objects.bulk_create(
        Review(cluster=initiative.cluster, scheduled_at=now - dt.timedelta(weeks=i), created_by=by)
        for i in range(n)
    )
    ReviewDecision.objects.bulk_create(
        ReviewDecision(
            review=review,
            initiative=initiative,
            decision="continue",
            rationale=f"Begrundelse nr. {i:03}",
            decided_by=by,
        )
        for i, review in enumerate(reviews)
    )


def _spread(initiative: Initiative, n: int) -> None:
    make_initiatives(make_cluster(), n, title="Udbredt", inspired_by=initiative)


@pytest.fixture
def initiative():
    return make_initiative(title="Lektiecafé")


def test_it_shows_the_newest_decisions_and_the_next_in_place(client, initiative, contract_holder):
    _decided(initiative, DECISIONS_PAGE + 3)
    client.force_login(contract_holder)
    first, more = check_paging(
        client,
        initiative.get_absolute_url(),
        list_id="decision-list",
        param="beslutninger",
        marker="Begrundelse nr. ",
        per=DECISIONS_PAGE,
        total=DECISIONS_PAGE + 3,
    )
    assert first.index("Begrundelse nr. 000") < first.index("Begrundelse nr. 001")
    assert f"Begrundelse nr. {DECISIONS_PAGE:03}" in more and "<h1>" not in more


def test_it_shows_the_newest_spread_and_the_next_in_place(client, initiative, contract_holder):
    _spread(initiative, SPREAD_PAGE + 2)
    client.force_login(contract_holder)
    _first, more = check_paging(
        client,
        initiative.get_absolute_url(),
        list_id="spread-rows",
        param="udbredelse",
        marker=">Udbredt ",
        per=SPREAD_PAGE,
        total=SPREAD_PAGE + 2,
    )
    assert "<h1>" not in more


@pytest.mark.parametrize("n", [2, 2 * SPREAD_PAGE + 3])
def test_the_initiative_page_takes_the_same_queries_whatever_its_decisions_and_spread(
    client, initiative, django_assert_max_num_queries, n
):
    _decided(initiative, n)
    _spread(initiative, n)
    client.force_login(make_user())
    with django_assert_max_num_queries(15):
        client.get(initiative.get_absolute_url())
    for list_id, param in (("decision-list", "beslutninger"), ("spread-rows", "udbredelse")):
        with django_assert_max_num_queries(7):
            client.get(
                initiative.get_absolute_url(), {param: 2}, headers=HTMX | {"HX-Target": list_id}
            )
