"""The Ledertræf builder's pool of candidates, a page of each kind at a time."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dus.models import Track
from portfolio.models import Initiative, LogEntry
from tests.factories import make_cluster, make_gathering, make_initiative, make_mission

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def _pool(learnings: int, closed: int, cluster=None) -> Initiative:
    """`learnings` flagged entries (number 1 the oldest) and `closed` scaled initiatives."""
    initiative = make_initiative(cluster, status="running")
    now = timezone.now()
    LogEntry.objects.bulk_create(
        LogEntry(
            initiative=initiative,
            author=initiative.owner,
            kind="learning",
            share=True,
            text=f"Læring nummer {n}.",
            created_at=now - dt.timedelta(hours=learnings - n),
        )
        for n in range(1, learnings + 1)
    )
    Initiative.objects.bulk_create(
        Initiative(
            cluster=initiative.cluster,
            owner=initiative.owner,
            created_by=initiative.owner,
            title=f"Skaleret {n}",
            what="x",
            hypothesis="y",
            status="scaled",
            rank=n + 1,
            status_changed_at=now - dt.timedelta(hours=closed - n),
        )
        for n in range(1, closed + 1)
    )
    return initiative


def _learnings(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"Læring nummer (\d+)\.", html)]


@pytest.fixture
def gathering(staff_member):
    return make_gathering(created_by=staff_member)


def test_it_shows_the_newest_candidates_of_each_kind_and_counts_them_all(
    client, gathering, staff_member
):
    _pool(45, 30)
    client.force_login(staff_member)
    html = client.get(gathering.get_absolute_url()).content.decode()
    assert _learnings(html) == list(range(45, 25, -1))
    assert html.count('name="initiative" value=') == 20
    assert '<span class="dus-count">75</span>' in html
    assert "Viser 20 af 45" in html and "Viser 20 af 30" in html
    assert f'href="{gathering.get_absolute_url()}?laeringer=2"' in html
    assert f'href="{gathering.get_absolute_url()}?indsatser=2"' in html


def test_the_next_candidates_plain_and_by_htmx_keep_the_filter(client, gathering, staff_member):
    mission = make_mission(track=Track.objects.get(number=2))
    _pool(45, 0, cluster=make_cluster(mission=mission))
    _pool(5, 0)  # in track 1: filtered out
    client.force_login(staff_member)
    track = mission.track.pk
    plain = client.get(gathering.get_absolute_url(), {"track": track, "laeringer": 2}).text
    assert _learnings(plain) == list(range(25, 5, -1))
    assert f"?track={track}&amp;laeringer=3" in plain
    more = client.get(
        gathering.get_absolute_url(),
        {"track": track, "laeringer": 3},
        headers={**HTMX, "HX-Target": "pool-entries"},
    ).text
    assert _learnings(more) == list(range(5, 0, -1))
    assert "<h1>" not in more and more.count("data-dus-focus") == 1


def test_adding_a_candidate_answers_with_first_pages_linking_to_the_builder(
    client, gathering, staff_member
):
    _pool(30, 0)
    client.force_login(staff_member)
    entry = LogEntry.objects.get(text="Læring nummer 3.")
    response = client.post(
        reverse("dialogues:gathering_add", args=[gathering.pk]),
        {"entry": entry.pk, "filters": "track=1"},
        headers=HTMX,
    )
    assert "Viser 20 af 29" in response.text
    assert f'href="{gathering.get_absolute_url()}?track=1&amp;laeringer=2"' in response.text


@pytest.mark.parametrize("size", [3, 300])
def test_the_builder_and_its_next_candidates_take_the_same_queries(
    client, gathering, staff_member, django_assert_max_num_queries, size
):
    _pool(size, size)
    client.force_login(staff_member)
    with django_assert_max_num_queries(16):
        client.get(gathering.get_absolute_url())
    with django_assert_max_num_queries(16):
        client.get(
            gathering.get_absolute_url(),
            {"indsatser": 2},
            headers={**HTMX, "HX-Target": "pool-initiatives"},
        )
