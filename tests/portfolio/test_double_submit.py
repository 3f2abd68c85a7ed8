"""A create form sent twice (a double click, the browser's "send again") makes one
initiative, review or logbook entry; the second answer leads to the first result."""

import json
import re
import uuid

import pytest
from django.urls import reverse

from portfolio.forms import InitiativeForm
from portfolio.models import Initiative, LogEntry, Review
from tests.factories import make_cluster, make_initiative

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
ALREADY_SENT = "Formularen var allerede sendt – her er resultatet."


def token_on(page: str, name: str = "submission") -> dict:
    """The form's one-time token as posted data (nothing when the page has none)."""
    found = re.search(rf'name="{name}" value="([^"]+)"', page)
    return {name: found.group(1)} if found else {}


@pytest.fixture
def cluster(coordinator, contract_holder):
    return make_cluster(coordinators=[coordinator], members=[contract_holder])


def test_it_logs_a_trial_action_sent_twice_once(client, cluster, contract_holder):
    client.force_login(contract_holder)
    url = reverse("portfolio:initiative_create")
    data = {"title": "Fredagscafé", "cluster": cluster.pk, "what": "W", "hypothesis": "H"}
    data |= token_on(client.get(url, {"klynge": cluster.pk}).content.decode())
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    initiative = Initiative.objects.get()
    assert first["Location"] == initiative.get_absolute_url()
    assert second.redirect_chain == [(initiative.get_absolute_url(), 302)]
    assert ALREADY_SENT in second.content.decode()


def test_it_gives_each_form_a_fresh_token(client, cluster, contract_holder):
    client.force_login(contract_holder)
    url = reverse("portfolio:initiative_create")
    data = {"title": "Fredagscafé", "cluster": cluster.pk, "what": "W", "hypothesis": "H"}
    client.post(url, data | token_on(client.get(url).content.decode()))
    client.post(url, data | token_on(client.get(url).content.decode()))
    assert Initiative.objects.count() == 2


def test_it_keeps_the_token_of_a_refused_form_usable(client, cluster, contract_holder):
    client.force_login(contract_holder)
    url = reverse("portfolio:initiative_create")
    data = {"title": "", "cluster": cluster.pk, "what": "W", "hypothesis": "H"}
    refused = client.post(url, data | token_on(client.get(url).content.decode()))
    assert refused.status_code == 200
    data = {**data, "title": "Fredagscafé"} | token_on(refused.content.decode())
    assert client.post(url, data).status_code == 302
    assert Initiative.objects.get().title == "Fredagscafé"


def test_it_creates_as_before_without_a_token(client, cluster, contract_holder):
    client.force_login(contract_holder)
    data = {"title": "Fredagscafé", "cluster": cluster.pk, "what": "W", "hypothesis": "H"}
    client.post(reverse("portfolio:initiative_create"), data)
    client.post(reverse("portfolio:initiative_create"), {**data, "submission": "not-a-token"})
    assert Initiative.objects.count() == 2


def test_it_makes_nothing_for_a_twin_sent_at_the_same_moment(rf, cluster, contract_holder):
    """Both twins passed the check for an earlier submission; the second to save fails
    on the token's unique constraint, and everything it made is undone."""
    from dus.models import Submission

    data = {
        "title": "Fredagscafé",
        "cluster": cluster.pk,
        "what": "W",
        "hypothesis": "H",
        "submission": str(uuid.uuid4()),
    }
    request = rf.post(reverse("portfolio:initiative_create"), data)
    request.user = contract_holder
    results = []
    for _twin in range(2):
        form = InitiativeForm(data, user=contract_holder)
        assert form.is_valid()
        results.append(form.save_once(request, form.save))
    first = Initiative.objects.get()
    assert results == [first, None]
    assert form.first_result(request) == first.get_absolute_url()
    assert Submission.objects.get().user == contract_holder


def test_it_schedules_a_review_sent_twice_once(client, cluster, coordinator):
    client.force_login(coordinator)
    url = reverse("portfolio:review_create", args=[cluster.pk])
    data = {"date": "2027-01-04", "time": "10:00", "participants": [coordinator.pk]}
    data |= token_on(client.get(url).content.decode())
    client.post(url, data)
    second = client.post(url, data, follow=True)
    review = Review.objects.get()
    assert second.redirect_chain == [(review.get_absolute_url(), 302)]
    assert ALREADY_SENT in second.content.decode()


@pytest.mark.parametrize("target", ["row", "logbook", None])
def test_it_adds_a_logbook_entry_sent_twice_once(client, contract_holder, cluster, target):
    initiative = make_initiative(cluster, owner=contract_holder, status="running")
    client.force_login(contract_holder)
    page_url = (
        reverse("portfolio:my_initiatives") if target == "row" else initiative.get_absolute_url()
    )
    data = {"kind": "progress", "text": "Første møde"}
    data |= token_on(client.get(page_url).content.decode())
    headers = {}
    if target:
        headers = {**HTMX, "HX-Target": f"row-{initiative.pk}" if target == "row" else "logbook"}
    url = reverse("portfolio:entry_add", args=[initiative.pk])
    first = client.post(url, data, headers=headers)
    second = client.post(url, data, headers=headers, follow=not target)
    assert LogEntry.objects.count() == 1
    if target:
        assert first.status_code == second.status_code == 200
        assert "Første møde" in second.content.decode()
        assert json.loads(second["HX-Trigger"])["dus:announce"]["message"] == ALREADY_SENT
    else:
        assert ALREADY_SENT in second.content.decode()


def test_it_gives_each_initiative_on_my_page_its_own_logbook(client, contract_holder, cluster):
    """One token on the page, sent to two initiatives' logbooks: two entries."""
    one = make_initiative(cluster, owner=contract_holder, status="running")
    two = make_initiative(cluster, owner=contract_holder, status="running")
    client.force_login(contract_holder)
    data = {"kind": "progress", "text": "Første møde"}
    data |= token_on(client.get(reverse("portfolio:my_initiatives")).content.decode())
    for initiative in (one, two):
        client.post(reverse("portfolio:entry_add", args=[initiative.pk]), data)
    assert LogEntry.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_makes_one_initiative_for_twins_sent_at_the_same_moment(frame, contract_holder):
    import threading

    from django.db import connection
    from django.test import Client

    cluster = make_cluster(members=[contract_holder])
    data = {
        "title": "Fredagscafé",
        "cluster": cluster.pk,
        "what": "W",
        "hypothesis": "H",
        "submission": str(uuid.uuid4()),
    }
    start = threading.Barrier(4)
    answers, errors = [], []

    def twin():
        client = Client()
        client.force_login(contract_holder)
        try:
            start.wait()
            answers.append(client.post(reverse("portfolio:initiative_create"), data))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=twin) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    initiative = Initiative.objects.get()
    assert [answer["Location"] for answer in answers] == [initiative.get_absolute_url()] * 4
