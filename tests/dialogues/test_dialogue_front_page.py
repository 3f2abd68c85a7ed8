"""The front page shows the participants of a dialogue their upcoming dialogues and
the open follow-ups of their dialogues, and nothing of them to anyone else."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import FollowUp
from tests.factories import make_dialogue, make_user

pytestmark = pytest.mark.django_db


def test_it_shows_upcoming_dialogues_and_open_follow_ups_to_the_participants(
    client, dialogue, held_dialogue, contract_holder, director, outsider
):
    upcoming = make_dialogue(
        unit=contract_holder.unit,
        contract_holder=contract_holder,
        director=director,
        place="Biblioteket",
    )
    FollowUp.objects.create(
        dialogue=held_dialogue,
        what="Indsend handleplan",
        owner=contract_holder,
        due_on=timezone.localdate() - dt.timedelta(days=2),
        created_by=director,
    )
    FollowUp.objects.create(
        dialogue=held_dialogue,
        what="Allerede gjort",
        owner=contract_holder,
        due_on=timezone.localdate(),
        created_by=director,
        done_at=timezone.now(),
    )
    for user in [contract_holder, director]:
        client.force_login(user)
        page = client.get(reverse("frame:overview")).content.decode()
        assert "Mine dialoger" in page
        assert upcoming.get_absolute_url() in page and "Biblioteket" in page
        assert "Indsend handleplan" in page and "Overskredet" in page
        assert "Allerede gjort" not in page
        assert 'id="tracks-heading"' in page  # the page keeps its content
    client.force_login(outsider)
    page = client.get(reverse("frame:overview")).content.decode()
    assert "Mine dialoger" not in page and "Indsend handleplan" not in page


def test_it_keeps_the_front_page_query_count_with_dialogues(
    client, contract_holder, director, django_assert_max_num_queries
):
    for _n in range(10):
        dialogue = make_dialogue(contract_holder=contract_holder, director=director)
        FollowUp.objects.create(
            dialogue=dialogue,
            what="Noget",
            owner=make_user(),
            due_on=timezone.localdate(),
            created_by=director,
        )
    client.force_login(contract_holder)
    # 12 for the front page of someone with a unit, 2 for their dialogues and follow-ups.
    with django_assert_max_num_queries(14):
        assert client.get(reverse("frame:overview")).status_code == 200
