"""The audit trail of every write path of dialogues and gatherings, driven through its view
as the person who does it: one history record per object changed, naming them
(tests/audit.py). Moving an agenda item renumbers the others: each gets its record."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Adoption, AgendaItem, Dialogue, FollowUp, Gathering
from dus.models import HardProblem
from dus.people import label
from portfolio.models import Initiative
from tests.audit import audited
from tests.factories import make_cluster, make_dialogue, make_entry, make_gathering, make_initiative

pytestmark = pytest.mark.django_db


THEMES = ["operations", "development", "contribution"]


def _url(name, obj):
    return reverse(f"dialogues:{name}", args=[obj.pk])


@pytest.fixture
def gathering(staff_member):
    return make_gathering(created_by=staff_member)


def test_it_records_a_scheduled_dialogue(client, staff_member, contract_holder, director):
    client.force_login(staff_member)
    data = {
        "unit": contract_holder.unit.pk,
        "date": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
        "time": "13:00",
        "place": "Skolens mødelokale",
        "director": director.pk,
        "head_of_department": director.pk,
    }
    with audited(staff_member) as audit:
        client.post(reverse("dialogues:dialogue_create"), data)
    assert audit.changed == {("dialogues.dialogue", Dialogue.objects.get().pk): "+"}


def test_it_records_preparation_notes_and_follow_ups(client, contract_holder, group_manager):
    dialogue = make_dialogue(
        contract_holder.unit,
        head_of_department=group_manager,
        scheduled_at=timezone.now() - dt.timedelta(hours=1),
    )
    key = ("dialogues.dialogue", dialogue.pk)
    client.force_login(contract_holder)
    data = {f"prep_{theme}": "Travlt" for theme in THEMES} | {"read_version": dialogue.version}
    with audited(contract_holder) as audit:
        client.post(_url("dialogue_prepare", dialogue), data)
    assert audit.changed == {key: "~"}
    client.force_login(group_manager)
    dialogue.refresh_from_db()
    data = {f"notes_{theme}": "Godt" for theme in THEMES} | {"read_version": dialogue.version}
    with audited(group_manager) as audit:
        client.post(_url("dialogue_notes", dialogue), data)
    assert audit.changed == {key: "~"}
    data = {"what": "Send planen", "owner": contract_holder.pk, "due_on": "2027-01-10"}
    with audited(group_manager) as audit:
        client.post(_url("follow_up_create", dialogue), data)
    follow_up = FollowUp.objects.get()
    assert audit.changed == {("dialogues.followup", follow_up.pk): "+"}
    with audited(group_manager) as audit:
        client.post(_url("follow_up_done", follow_up))
    assert audit.changed == {("dialogues.followup", follow_up.pk): "~"}


def test_it_records_a_gathering_created_and_changed(client, staff_member):
    client.force_login(staff_member)
    data = {
        "kind": "ledertraef",
        "title": "Læring fra klyngerne",
        "date": "2026-05-07",
        "starts_at": "13:00",
        "ends_at": "16:00",
        "place": "Rådhuset",
    }
    with audited(staff_member) as audit:
        client.post(reverse("dialogues:gathering_create"), data)
    gathering = Gathering.objects.get()
    assert audit.changed == {("dialogues.gathering", gathering.pk): "+"}
    data |= {"place": "Biblioteket", "read_version": gathering.version}
    with audited(staff_member) as audit:
        client.post(_url("gathering_edit", gathering), data)
    assert audit.changed == {("dialogues.gathering", gathering.pk): "~"}


def test_it_records_each_change_of_the_agenda(client, gathering, staff_member, coordinator):
    entry = make_entry(make_initiative(), kind="learning", share=True)
    initiative = make_initiative(status="scaled")
    client.force_login(staff_member)
    with audited(staff_member) as audit:
        client.post(_url("gathering_add", gathering), {"entry": entry.pk})
    first = AgendaItem.objects.get()
    assert audit.changed == {("dialogues.agendaitem", first.pk): "+"}
    with audited(staff_member) as audit:
        client.post(_url("gathering_add", gathering), {"initiative": initiative.pk})
    assert audit.labels == {"dialogues.agendaitem": 1}
    with audited(staff_member) as audit:
        client.post(
            _url("gathering_add_free", gathering),
            {"free-title": "Pause", "free-duration_minutes": "15"},
        )
    assert audit.labels == {"dialogues.agendaitem": 1}
    a, b, c = gathering.agenda()
    with audited(staff_member) as audit:
        client.post(_url("gathering_move", gathering), {"move": f"{c.pk}:up"})
    assert audit.changed == {
        ("dialogues.agendaitem", c.pk): "~",
        ("dialogues.agendaitem", b.pk): "~",
    }
    with audited(staff_member) as audit:
        client.post(_url("gathering_reorder", gathering), {"order": [c.pk, b.pk, a.pk]})
    assert audit.labels == {"dialogues.agendaitem": 3}  # from a, c, b
    with audited(staff_member) as audit:
        client.post(
            _url("gathering_item_edit", b),
            {"title": "Workshop", "duration_minutes": "45", "presenter": label(coordinator)},
        )
    assert audit.changed == {("dialogues.agendaitem", b.pk): "~"}
    with audited(staff_member) as audit:  # c, b, a: taking c off moves b and a up
        client.post(_url("gathering_remove", c))
    assert audit.changed == {
        ("dialogues.agendaitem", c.pk): "-",
        ("dialogues.agendaitem", b.pk): "~",
        ("dialogues.agendaitem", a.pk): "~",
    }


def test_it_records_publishing_outcomes_holding_and_the_learnings_shared(
    client, gathering, staff_member
):
    entries = [make_entry(make_initiative(), kind="learning", share=True) for _ in range(2)]
    items = [gathering.add_candidate(entry=entry, by=staff_member) for entry in entries]
    client.force_login(staff_member)
    key = ("dialogues.gathering", gathering.pk)
    with audited(staff_member) as audit:
        client.post(_url("gathering_publish", gathering))
    assert audit.changed == {key: "~"}
    data = {"outcome-TOTAL_FORMS": "2", "outcome-INITIAL_FORMS": "2"}
    for n, item in enumerate(items):
        data |= {f"outcome-{n}-id": item.pk, f"outcome-{n}-outcome": f"Udbytte {n}"}
    with audited(staff_member) as audit:
        client.post(_url("gathering_outcomes", gathering), data)
    assert audit.changed == {("dialogues.agendaitem", item.pk): "~" for item in items}
    with audited(staff_member) as audit:
        client.post(_url("gathering_held", gathering))
    assert audit.changed == {
        key: "~",
        **{("portfolio.logentry", entry.pk): "~" for entry in entries},
    }


def test_it_records_an_initiative_started_from_an_agenda_item(
    client, staff_member, contract_holder
):
    original = make_initiative(status="scaled")
    gathering = make_gathering(created_by=staff_member)
    item = gathering.add_candidate(initiative=original, by=staff_member)
    gathering.publish(staff_member)
    home = make_cluster(members=[contract_holder])
    client.force_login(contract_holder)
    data = {
        "cluster": home.pk,
        "title": "Også hos os",
        "kind": "trial",
        "what": "W",
        "hypothesis": "H",
        "problems": [HardProblem.objects.get(number=4).pk],
    }
    with audited(contract_holder) as audit:
        response = client.post(_url("gathering_adopt", item), data)
    assert response.status_code == 302
    adopted = Initiative.objects.get(inspired_by=original)
    assert audit.changed == {
        ("portfolio.initiative", adopted.pk): "+",
        ("dialogues.adoption", Adoption.objects.get().pk): "+",
    }
