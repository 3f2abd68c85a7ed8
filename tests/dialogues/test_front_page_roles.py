"""The front page (Overblik) serves whoever signs in: a section for each role the
person holds, most personal first, each with its own items only, read fresh on every
request, in a constant number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dus.models import HardProblem, Role
from portfolio.models import Initiative, Review
from tests.factories import (
    make_cluster,
    make_entry,
    make_gathering,
    make_initiative,
    make_mission,
    make_unit,
    make_user,
)

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)
SECTIONS = {
    "mine": 'id="mine-heading"',
    "clusters": 'id="my-clusters-heading"',
    "sharing": 'id="sharing-heading"',
    "programme": 'id="programme-heading"',
}
NO_CLUSTER = "Du er endnu ikke medlem af en klynge."


def _page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("frame:overview"))
    assert response.status_code == 200
    return response.content.decode()


def _sections(page: str) -> list[str]:
    """The role sections on the page, in the order they appear."""
    found = [(page.index(marker), name) for name, marker in SECTIONS.items() if marker in page]
    return [name for _at, name in sorted(found)]


def _review(cluster, when, state=Review.State.SCHEDULED, **kwargs):
    review = Review.schedule(cluster, when, by=make_user(), **kwargs)
    if state == Review.State.CLOSED:
        review.close(make_user(Role.GROUP_MANAGEMENT))
    return review


def _make_stale(*initiatives) -> None:
    Initiative.objects.filter(pk__in=[i.pk for i in initiatives]).update(
        created_at=timezone.now() - 90 * DAY
    )


@pytest.fixture
def work(contract_holder, coordinator):
    """A cluster the coordinator coordinates, with the contract holder as a member: a
    review held 30 days ago and one in ten days; the contract holder's initiatives,
    one without news since the held review, and someone else's."""
    now = timezone.now()
    cluster = make_cluster(
        name="Trivselsklyngen", coordinators=[coordinator], members=[contract_holder]
    )
    _review(cluster, now - 30 * DAY, Review.State.CLOSED)
    coming = _review(cluster, now + 10 * DAY, place="Rådhuset")
    quiet = make_initiative(cluster, owner=contract_holder, title="Fredagscafé", status="running")
    make_entry(quiet, created_at=now - 40 * DAY)
    busy = make_initiative(cluster, owner=contract_holder, title="Lektiehjælp", status="running")
    make_entry(busy, created_at=now - 2 * DAY, text="Lad eleverne vælge tid.", share=True)
    other = make_initiative(cluster, title="Andens indsats", status="running")
    make_entry(other, created_at=now - 50 * DAY, text="Andens læring.", share=True)
    return {"cluster": cluster, "coming": coming, "quiet": quiet, "busy": busy, "other": other}


def test_it_shows_a_contract_holder_their_own_work_first(client, contract_holder, work):
    page = _page(client, contract_holder)
    assert _sections(page) == ["mine", "clusters"]
    needing = page[page.index('id="front-needing"') : page.index('id="front-flagged"')]
    assert "Fredagscafé" in needing and f"{work['quiet'].get_absolute_url()}#logbook" in needing
    assert "Lektiehjælp" not in needing and "Andens indsats" not in needing
    flagged = page[page.index('id="front-flagged"') : page.index('id="front-next-review"')]
    assert "Lad eleverne vælge tid." in flagged and "Andens læring." not in flagged
    assert f"owner={contract_holder.pk}&amp;ledertraef=to_share" in flagged
    next_review = page[page.index('id="front-next-review"') :]
    assert work["coming"].get_absolute_url() in next_review and "Rådhuset" in next_review
    assert "Trivselsklyngen" in page and "Du koordinerer" not in page


def test_it_says_what_to_do_when_a_contract_holder_has_nothing_waiting(client, contract_holder):
    page = _page(client, contract_holder)
    assert _sections(page) == ["mine", "clusters"]
    assert "Alle dine indsatser har et notat i logbogen siden klyngens seneste vurdering." in page
    assert "Ingen af din læring venter på et Ledertræf." in page
    assert "Der er ikke planlagt en porteføljevurdering i dine klynger." in page
    assert NO_CLUSTER in page and reverse("missions:mission_list") in page


def test_it_shows_a_coordinator_their_clusters_first_marked_with_review_and_stale_work(
    client, coordinator, work
):
    member_of = make_cluster(name="Aaa-klyngen", members=[coordinator])  # first by name
    _make_stale(work["quiet"], work["other"])
    page = _page(client, coordinator)
    assert _sections(page) == ["mine", "clusters"]  # a contract holder who coordinates
    clusters = page[page.index(SECTIONS["clusters"]) :]
    assert clusters.index("Trivselsklyngen") < clusters.index("Aaa-klyngen")
    assert clusters.count("Du koordinerer") == 1
    coordinated = clusters[: clusters.index(member_of.get_absolute_url())]
    assert "Du koordinerer" in coordinated
    next_on = timezone.localdate(work["coming"].scheduled_at)
    assert f"Næste vurdering: {next_on.day}." in coordinated
    # Stale: no entry for 45 days (STALE_DAYS); Fredagscafé's last is 40 days old.
    assert "1 indsats står stille" in coordinated
    assert f"?cluster={work['cluster'].pk}#panel-stale" in coordinated
    assert "Andens indsats" in coordinated
    assert "Fredagscafé" not in coordinated and "Lektiehjælp" not in coordinated
    own = clusters[clusters.index(member_of.get_absolute_url()) :]
    assert "Ingen vurdering planlagt" in own and "intet står stille" in own


def test_it_marks_a_coordinated_clusters_overdue_review(client, coordinator):
    cluster = make_cluster(name="Forsinket", coordinators=[coordinator])
    _review(cluster, timezone.now() - 3 * DAY)
    page = _page(client, coordinator)
    assert "Vurdering overskredet" in page


@pytest.mark.parametrize("role", [Role.GROUP_MANAGEMENT, Role.DIRECTION])
def test_it_shows_group_management_and_direction_the_programme(client, role):
    person = make_user(role)
    problem = HardProblem.objects.get(number=7)
    mission = make_mission(title="Alle børn trives", problems=[problem])
    empty_mission = make_mission(title="Mission uden indsatser", problems=[problem])
    make_cluster(mission=empty_mission)
    cluster = make_cluster(mission=mission, name="Trivselsklyngen")
    busy = make_unit(name="Travl Skole", capacity_hours=10)
    make_unit(name="Rolig Skole", capacity_hours=100)
    initiative = make_initiative(cluster, status="running", unit=busy, effort_hours=20)
    initiative.problems.set([problem])
    overdue = _review(cluster, timezone.now() - 5 * DAY)
    _review(make_cluster(name="Klynge i rute"), timezone.now() + 5 * DAY)
    page = _page(client, person)
    assert _sections(page) == ["programme"]
    assert NO_CLUSTER not in page
    programme = page[page.index(SECTIONS["programme"]) :]
    tracks = programme[programme.index('id="front-tracks"') : programme.index('id="front-gaps"')]
    assert f"?track={mission.track.pk}" in tracks and "1 aktiv af 1" in tracks
    gaps = programme[programme.index('id="front-gaps"') : programme.index('id="front-capacity"')]
    assert "Mangel på arbejdskraft" in gaps and "Mission uden indsatser" in gaps
    assert "Øget mistrivsel og ny udsathed" not in gaps and "Alle børn trives" not in gaps
    capacity = programme[
        programme.index('id="front-capacity"') : programme.index('id="front-overdue"')
    ]
    assert "Travl Skole" in capacity and f"?unit={busy.pk}&amp;status=active" in capacity
    assert "Rolig Skole" not in capacity
    reviews = programme[programme.index('id="front-overdue"') :]
    assert overdue.get_absolute_url() in reviews and "Klynge i rute" not in reviews
    assert reverse("portfolio:dashboard") in programme


def test_it_shows_staff_the_learning_waiting_for_ledertraef(client, staff_member, work):
    shared = make_entry(work["other"], text="Allerede delt.", share=True)
    shared.shared_at = timezone.now()
    shared.save()
    gathering = make_gathering(date=timezone.localdate() + 14 * DAY, title="Forårets Ledertræf")
    page = _page(client, staff_member)
    assert _sections(page) == ["clusters", "sharing"]
    sharing = page[page.index(SECTIONS["sharing"]) :]
    assert "Lad eleverne vælge tid." in sharing and "Andens læring." in sharing
    assert "Allerede delt." not in sharing
    assert "ledertraef=to_share" in sharing
    assert gathering.get_absolute_url() in sharing


def test_it_tells_someone_without_memberships_what_to_do(client, outsider, work):
    page = _page(client, outsider)
    assert _sections(page) == ["clusters"]
    assert NO_CLUSTER in page and "bed dens tovholder om at tilføje dig" in page
    for private in ["Fredagscafé", "Lad eleverne vælge tid.", "Andens læring."]:
        assert private not in page
    assert 'id="tracks-heading"' in page  # the strategic frame stays


def test_it_shows_every_section_of_a_person_with_several_roles_most_personal_first(
    client, contract_holder, work
):
    contract_holder.groups.add(*make_user(Role.STAFF, Role.GROUP_MANAGEMENT).groups.all())
    work["cluster"].add_person(make_user(), "member")
    page = _page(client, contract_holder)
    assert _sections(page) == ["mine", "clusters", "sharing", "programme"]


def test_it_bounds_each_list_with_a_count_and_a_link_to_the_rest(client, contract_holder):
    cluster = make_cluster(members=[contract_holder])
    _review(cluster, timezone.now() + 3 * DAY)
    for n in range(8):
        make_initiative(cluster, owner=contract_holder, title=f"Indsats nummer {n}")
    page = _page(client, contract_holder)
    needing = page[page.index('id="front-needing"') : page.index('id="front-flagged"')]
    assert needing.count("Indsats nummer") == 5
    assert '<span class="dus-count">8</span>' in needing and "og 3 mere" in needing
    assert reverse("portfolio:my_initiatives") in needing


def test_it_shows_a_new_entry_and_a_closed_review_on_the_next_read(
    client, contract_holder, group_manager, work
):
    page = _page(client, contract_holder)
    assert (
        "Fredagscafé" in page[page.index('id="front-needing"') : page.index('id="front-flagged"')]
    )
    client.post(
        reverse("portfolio:entry_add", args=[work["quiet"].pk]),
        {"kind": "progress", "text": "Caféen er flyttet til biblioteket."},
    )
    page = _page(client, contract_holder)
    assert (
        "Fredagscafé"
        not in page[page.index('id="front-needing"') : page.index('id="front-flagged"')]
    )

    overdue = _review(make_cluster(name="Sen klynge"), timezone.now() - 2 * DAY)
    page = _page(client, group_manager)
    assert overdue.get_absolute_url() in page[page.index('id="front-overdue"') :]
    overdue.close(group_manager)
    page = _page(client, group_manager)
    assert overdue.get_absolute_url() not in page[page.index('id="front-overdue"') :]
    assert "Ingen porteføljevurdering er overskredet." in page


def _data(n: int, person) -> None:
    """n clusters with reviews, stale and waiting initiatives, flagged learnings, units
    over capacity; the person coordinates them and owns work in them."""
    now = timezone.now()
    for i in range(n):
        cluster = make_cluster(coordinators=[person])
        _review(cluster, now - 20 * DAY, Review.State.CLOSED)
        _review(cluster, now + (i + 1) * DAY)
        _review(make_cluster(members=[person]), now - (i + 1) * DAY)  # overdue
        unit = make_unit(capacity_hours=1)
        for j in range(3):
            initiative = make_initiative(
                cluster, owner=person if j else None, unit=unit, effort_hours=5
            )
            initiative.problems.set(HardProblem.objects.filter(number=3))
            make_entry(initiative, created_at=now - 60 * DAY, share=True)
            _make_stale(initiative)
    make_gathering(date=timezone.localdate() + 7 * DAY)


@pytest.mark.parametrize("n", [1, 12])
def test_it_reads_the_page_in_constant_queries_for_every_role(
    client, contract_holder, n, django_assert_max_num_queries
):
    contract_holder.groups.add(*make_user(Role.STAFF, Role.GROUP_MANAGEMENT).groups.all())
    _data(n, contract_holder)
    client.force_login(contract_holder)
    # Session, user, roles, the header's unit; plan and frame (4); mine (5), clusters
    # (3), dialogues (1), sharing (3), programme (8); counts only when a list is full.
    with django_assert_max_num_queries(28):
        page = client.get(reverse("frame:overview")).content.decode()
    assert _sections(page) == ["mine", "clusters", "sharing", "programme"]
    assert page.count("Du koordinerer") == n
