"""History a page at a time: the record just after a page still counts for its last row."""

import pytest

from tests.factories import make_cluster, make_initiative, make_mission, make_user

pytestmark = pytest.mark.django_db
HTMX_MORE = {"HX-Request": "true", "HX-Target": "history-rows"}


def _retitled(obj, times: int, field: str = "title"):
    for n in range(times):
        setattr(obj, field, f"Titel {n}")
        obj.save()
    return obj


def test_the_last_row_of_a_page_is_compared_with_the_record_after_it(client, group_manager):
    mission = _retitled(make_mission(), 25)  # created (and problems set), 25 changes
    client.force_login(group_manager)
    first = client.get(mission.get_absolute_url()).context["history"]
    assert first.total == 27
    rows = list(first)
    assert len(rows) == 20 and [str(c) for c in rows[-1].changes] == ["titel"]
    second = client.get(mission.get_absolute_url(), {"historik": 2}).context["history"]
    assert [str(row.action) for row in second][-1] == "Oprettet"
    assert [[str(c) for c in row.changes] for row in second][:5] == [["titel"]] * 5


def test_the_next_page_of_history_is_plain_and_by_htmx(client, group_manager, coordinator):
    cluster = make_cluster(coordinators=[coordinator])
    initiative = _retitled(make_initiative(cluster), 30)
    client.force_login(group_manager)
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "Viser 20 af 31" in html
    assert f'href="{initiative.get_absolute_url()}?historik=2"' in html
    plain = client.get(initiative.get_absolute_url(), {"historik": 2}).content.decode()
    assert "Viser 21–31 af 31" in plain and "<h1>" in plain
    more = client.get(initiative.get_absolute_url(), {"historik": 2}, headers=HTMX_MORE)
    html = more.content.decode()
    assert "<h1>" not in html and html.count("<tr") == 12  # the head and 11 rows
    assert html.count('tabindex="-1" data-dus-focus') == 1


def test_a_cluster_history_merges_its_own_changes_and_its_members(client, group_manager):
    cluster = _retitled(make_cluster(), 15, field="name")
    for n in range(15):
        cluster.memberships.create(person=make_user(first_name=f"Medlem{n}"), role="member")
    client.force_login(group_manager)
    shown = client.get(cluster.get_absolute_url()).context["history"]()
    assert shown.total == 31
    newest = [str(row.action) for row in shown]
    assert newest[0].startswith("Medlem14 ") and len(newest) == 20
    rest = client.get(cluster.get_absolute_url(), {"historik": 2}).context["history"]()
    older = [str(row.action) for row in rest]
    assert len(older) == 11 and older[-1] == "Oprettet"
    assert not set(newest) & set(older[:-1]) - {"Ændret"}


@pytest.mark.parametrize("changes", [2, 200])
def test_pages_of_history_take_the_same_queries(
    client, group_manager, django_assert_max_num_queries, changes
):
    mission = _retitled(make_mission(), changes)
    client.force_login(group_manager)
    with django_assert_max_num_queries(14):
        client.get(mission.get_absolute_url(), {"historik": 3})
