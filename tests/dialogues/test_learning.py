"""Læring: every learning in one list (logbook, stopped initiatives, review decisions),
its filters and counts, and the dashboard's learning panel that links to it."""

import copy
import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from dus.models import HardProblem, Track
from portfolio import metrics
from portfolio.filters import InitiativeFilter
from portfolio.models import Initiative, Review, ReviewDecision
from tests.factories import (
    make_cluster,
    make_contract_holder,
    make_entry,
    make_group_manager,
    make_initiative,
    make_mission,
    make_unit,
)

pytestmark = pytest.mark.django_db
URL = "/laering/"


@pytest.fixture
def world(_world):
    """Mission A (track 1, problem 3) with four logbook learnings and a carried-out
    decision's learning; mission B (track 2, problem 4) with a stopped initiative whose
    learning a carried-out decision also wrote; and what is not learning."""
    return copy.deepcopy(_world)


@pytest.fixture
def contract_holder(world):
    return world["contract_holder"]


@pytest.fixture
def group_manager(world):
    return world["group_manager"]


@pytest.fixture(scope="module")
def _world(module_transaction):
    """The world, made once for the module (as in tests/portfolio/test_dashboard.py), with
    the `contract_holder` and `group_manager` of tests/conftest.py."""
    contract_holder, group_manager = make_contract_holder(), make_group_manager()
    p3, p4 = HardProblem.objects.get(number=3), HardProblem.objects.get(number=4)
    school, centre = make_unit(name="Skolen"), make_unit(name="Centret")
    a = make_mission(title="Mission A", track=Track.objects.get(number=1), problems=[p3])
    b = make_mission(title="Mission B", track=Track.objects.get(number=2), problems=[p4])
    ca, cb = make_cluster(mission=a, name="Klynge A"), make_cluster(mission=b, name="Klynge B")
    running = make_initiative(ca, owner=contract_holder, unit=school, status="running")
    running.problems.set([p3])
    make_entry(running, text="Læring uden flag", kind="learning")
    make_entry(running, text="Del denne læring", kind="learning", share=True)
    make_entry(running, text="Fremskridt med flag", kind="progress", share=True)
    make_entry(running, text="Allerede delt", kind="learning", share=True, shared_at=timezone.now())
    make_entry(running, text="Bare fremskridt", kind="progress")  # not learning
    stopped = make_initiative(
        cb,
        owner=contract_holder,
        unit=centre,
        status="stopped",
        stop_reason="For dyrt",
        stop_learning="Stoplæring om frivillige",
        stopped_at=timezone.now(),
    )
    stopped.problems.set([p4])
    reopened = make_initiative(ca, owner=contract_holder, unit=school, status="running")
    reopened.problems.set([p3])
    review = Review.objects.create(
        cluster=ca, scheduled_at=timezone.now() - dt.timedelta(days=2), created_by=group_manager
    )
    review_b = Review.objects.create(
        cluster=cb, scheduled_at=timezone.now() - dt.timedelta(days=2), created_by=group_manager
    )
    applied = {"decision": "stop", "stop_reason": "r", "decided_by": group_manager}
    # Carried out, then the initiative was reopened: the decision keeps its learning.
    ReviewDecision.objects.create(
        review=review,
        initiative=reopened,
        stop_learning="Beslutningslæring om vagtplaner",
        state="applied",
        **applied,
    )
    # Carried out and still stopped: the same learning as the initiative's, listed once.
    ReviewDecision.objects.create(
        review=review_b,
        initiative=stopped,
        stop_learning="Stoplæring om frivillige",
        state="applied",
        **applied,
    )
    # Decided but not carried out: not a learning yet.
    other = make_initiative(ca, owner=contract_holder, unit=school)
    ReviewDecision.objects.create(
        review=review, initiative=other, stop_learning="Endnu ikke", state="decided", **applied
    )
    return {
        "contract_holder": contract_holder,
        "group_manager": group_manager,
        "running": running,
        "a": a,
        "b": b,
        "ca": ca,
        "cb": cb,
        "p3": p3,
        "p4": p4,
        "centre": centre,
    }


def texts(response) -> set[str]:
    return {learning.text for learning in response.context["learnings"]}


def count(response) -> int:
    return response.context["page"].paginator.count


def test_it_lists_the_three_kinds_of_learning_once_each(client, world, outsider):
    client.force_login(outsider)  # anyone signed in reads
    response = client.get(URL)
    assert response.status_code == 200
    assert texts(response) == {
        "Læring uden flag",
        "Del denne læring",
        "Fremskridt med flag",
        "Allerede delt",
        "Stoplæring om frivillige",
        "Beslutningslæring om vagtplaner",
    }
    assert count(response) == 6
    content = response.content.decode()
    assert "Delt på Ledertræf" in content
    assert "Til Ledertræf, endnu ikke delt" in content


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"ledertraef": "to_share"}, {"Del denne læring", "Fremskridt med flag"}),
        ({"ledertraef": "shared"}, {"Allerede delt"}),
        (
            {"ledertraef": "not_shared"},
            {
                "Læring uden flag",
                "Del denne læring",
                "Fremskridt med flag",
                "Stoplæring om frivillige",
                "Beslutningslæring om vagtplaner",
            },
        ),
        ({"source": "stop"}, {"Stoplæring om frivillige"}),
        ({"source": "decision"}, {"Beslutningslæring om vagtplaner"}),
        ({"q": "frivillige"}, {"Stoplæring om frivillige"}),
        ({"q": "vagtplaner"}, {"Beslutningslæring om vagtplaner"}),
    ],
)
def test_it_filters_by_sharing_kind_and_search(client, world, outsider, params, expected):
    client.force_login(outsider)
    response = client.get(URL, params)
    assert texts(response) == expected
    assert count(response) == len(expected)


@pytest.mark.parametrize("name", ["track", "problem", "mission", "cluster", "unit"])
def test_it_filters_by_the_initiatives_frame(client, world, outsider, name):
    value = {
        "track": Track.objects.get(number=2).pk,
        "problem": world["p4"].pk,
        "mission": world["b"].pk,
        "cluster": world["cb"].pk,
        "unit": world["centre"].pk,
    }[name]
    client.force_login(outsider)
    response = client.get(URL, {name: value})
    assert texts(response) == {"Stoplæring om frivillige"}
    assert count(response) == 1


def test_it_answers_a_bad_filter_value_with_a_message_and_nothing(client, world, outsider):
    client.force_login(outsider)
    response = client.get(URL, {"cluster": "999999", "ledertraef": "nonsense"})
    assert response.status_code == 200
    assert count(response) == 0
    assert "En filterværdi er ikke gyldig" in response.content.decode()


def test_it_pages_by_25_and_the_links_keep_the_filters(client, world, outsider):
    running = world["running"]
    for n in range(30):
        make_entry(running, text=f"Flag {n}", kind="learning", share=True)
    client.force_login(outsider)
    response = client.get(URL, {"ledertraef": "to_share", "cluster": world["ca"].pk})
    assert count(response) == 32
    assert len(response.context["learnings"]) == 25
    content = unescape(response.content.decode())
    assert f"?ledertraef=to_share&cluster={world['ca'].pk}&side=2" in content
    second = client.get(URL, {"ledertraef": "to_share", "cluster": world["ca"].pk, "side": 2})
    assert len(second.context["learnings"]) == 7


def test_it_refuses_post(client, outsider):
    client.force_login(outsider)
    assert client.post(URL).status_code == 405


def test_it_is_in_the_main_menu(client, outsider):
    client.force_login(outsider)
    assert f'href="{reverse("dialogues:learning_list")}"' in client.get("/").content.decode()


@pytest.mark.parametrize("extra", [0, 60])
def test_it_reads_the_page_in_a_fixed_number_of_queries(
    client, world, outsider, django_assert_max_num_queries, extra
):
    running = world["running"]
    for n in range(extra):
        make_entry(running, text=f"Læring {n}", kind="learning", share=n % 2 == 0)
    client.force_login(outsider)
    with django_assert_max_num_queries(11):
        client.get(URL)
    with django_assert_max_num_queries(11):
        client.get(URL, {"q": "læring", "problem": world["p3"].pk, "ledertraef": "to_share"})


@pytest.mark.parametrize("extra", [1, 30])
def test_it_links_shared_learnings_to_their_gathering_in_constant_queries(
    client, world, outsider, django_assert_num_queries, extra
):
    from dialogues.models import AgendaItem
    from tests.factories import make_gathering

    held = make_gathering(title="Forårets Ledertræf", state="held")
    for n in range(extra):
        entry = make_entry(
            world["running"],
            text=f"Delt læring {n}",
            kind="learning",
            share=True,
            shared_at=held.start,
        )
        AgendaItem.objects.create(
            gathering=held, kind="learning", entry=entry, title="Punkt", position=n + 1
        )
    client.force_login(outsider)
    client.get(URL, {"ledertraef": "shared"})  # the session, warmed up
    with django_assert_num_queries(QUERIES_WITH_GATHERINGS):
        content = client.get(URL, {"ledertraef": "shared"}).content.decode()
    link = f'<a href="{held.get_absolute_url()}">Delt på Ledertræf: Forårets Ledertræf'
    assert content.count(link) == min(extra, 25)
    if extra == 1:  # shared, but on no gathering's agenda: the date only
        assert "Delt på Ledertræf " in content.split("Allerede delt")[1]


# The same for 1 and 30 shared learnings: the gatherings in one query for the page.
QUERIES_WITH_GATHERINGS = 10  # no list of owners since the owner filter is a text field


# The dashboard's panel ----------------------------------------------------------


def panel_link(content: str) -> str:
    return unescape(re.search(r'href="(/laering/\?[^"]*)"', content).group(1))


@pytest.mark.parametrize("filtered", [False, True])
def test_it_links_the_dashboard_panel_to_the_same_learnings(client, world, group_manager, filtered):
    running = world["running"]
    for n in range(23):  # more than the panel lists
        make_entry(running, text=f"Flag {n}", share=True)
    params = {"cluster": world["ca"].pk, "status": "running"} if filtered else {}
    client.force_login(group_manager)
    content = client.get(reverse("portfolio:dashboard"), params).content.decode()
    link = panel_link(content)
    assert "ledertraef=to_share" in link
    if filtered:
        assert f"cluster={world['ca'].pk}" in link and "status=running" in link
    filters = InitiativeFilter(params or None, queryset=Initiative.objects.all())
    _listed, panel_count = metrics.learning(filters.qs, filtered=filtered)
    assert panel_count == 25
    page = client.get(link)
    assert count(page) == panel_count
    assert f"Se alle {panel_count} læringer" in content


def test_it_counts_what_the_panel_counts_when_a_filter_leaves_nothing(client, world, group_manager):
    client.force_login(group_manager)
    content = client.get(reverse("portfolio:dashboard"), {"cluster": world["cb"].pk}).content
    link = panel_link(content.decode())
    assert count(client.get(link)) == 0
