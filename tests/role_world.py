"""One world of factory data seen by the roles of issue #15: a contract holder of the unit
that owns an initiative, a contract holder of another unit, the cluster's coordinator
(tovholder), group management, direction and staff; and an object of every kind their
URLs name. Built once per module (inside `module_transaction`) by the permission matrix
and the mass-assignment tests."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from dialogues.models import CalendarFeed, Dialogue, FollowUp, Gathering
from dus.models import HardProblem, Plan, Role, Track, Unit, User
from missions.models import Actor, Cluster, Membership, Mission
from portfolio.models import Initiative, LogEntry, Review, ReviewDecision, Status
from tests.factories import (
    make_cluster,
    make_dialogue,
    make_entry,
    make_gathering,
    make_initiative,
    make_mission,
    make_unit,
    make_user,
)

# The roles of the matrix, in its column order.
ANONYMOUS = "anonymous"
HOLDER = "holder"  # kontraktholder of the owning unit: owns the initiative, member of the cluster
OTHER_HOLDER = "other_holder"  # kontraktholder of another unit, member of another cluster
COORDINATOR = "coordinator"  # tovholder of the cluster (a contract holder too)
GROUP_MANAGEMENT = "group_management"
DIRECTION = "direction"
STAFF = "staff"
ROLES = (ANONYMOUS, HOLDER, OTHER_HOLDER, COORDINATOR, GROUP_MANAGEMENT, DIRECTION, STAFF)
SIGNED_IN = ROLES[1:]


@dataclass
class World:
    people: dict[str, User]
    unit: Unit  # the holder's unit, which owns the initiative
    other_unit: Unit
    plan: Plan
    track: Track
    problem: HardProblem
    mission: Mission
    other_mission: Mission
    cluster: Cluster
    other_cluster: Cluster  # the other holder's; the coordinator steers only `cluster`
    actor_membership: Membership  # an external actor in `cluster`
    other_membership: Membership  # the other holder's, in `other_cluster`
    initiative: Initiative  # running, owned by the holder in `cluster`
    stopped: Initiative  # stopped, in `cluster`
    other_initiative: Initiative  # running, in `other_cluster`
    entry: LogEntry  # the holder's learning on `initiative`, written just now, to share
    review: Review  # open, of `cluster`, with a decision on `initiative`
    other_review: Review  # open, of `other_cluster`
    dialogue: Dialogue  # the holder's, begun an hour ago, not yet held
    other_dialogue: Dialogue  # the other holder's
    follow_up: FollowUp
    planned: Gathering  # being prepared: only staff and group management see it
    published: Gathering  # its agenda published, with the holder's learning on it
    feed: CalendarFeed  # the holder's

    def __getitem__(self, role: str) -> User:
        return self.people[role]


def build_world() -> World:
    manager = make_user(
        Role.GROUP_MANAGEMENT, unit=make_unit(kind=Unit.Kind.SECRETARIAT), username="gm"
    )
    director = make_user(Role.DIRECTION, unit=make_unit(kind=Unit.Kind.DIRECTION))
    staff = make_user(Role.STAFF, unit=make_unit(kind=Unit.Kind.STAFF))
    unit, other_unit = make_unit(), make_unit()
    holder = make_user(Role.CONTRACT_HOLDER, unit=unit, username="holder")
    other_holder = make_user(Role.CONTRACT_HOLDER, unit=other_unit, username="other")
    unit.leader, other_unit.leader = holder, other_holder
    unit.save()
    other_unit.save()
    coordinator = make_user(Role.CONTRACT_HOLDER, unit=make_unit(), username="coordinator")
    people = {
        HOLDER: holder,
        OTHER_HOLDER: other_holder,
        COORDINATOR: coordinator,
        GROUP_MANAGEMENT: manager,
        DIRECTION: director,
        STAFF: staff,
    }

    mission = make_mission(sponsor=director)
    cluster = make_cluster(mission, coordinators=[coordinator], members=[holder])
    other_mission = make_mission()
    other_cluster = make_cluster(other_mission, coordinators=[manager], members=[other_holder])
    actor_membership = cluster.add_actor(
        Actor(name="Borgerforeningen", kind=Actor.Kind.ASSOCIATION, email="b@example.dk"),
        Membership.Role.EXTERNAL,
    )
    initiative = make_initiative(cluster, owner=holder, unit=unit, status=Status.RUNNING)
    stopped = make_initiative(
        cluster,
        owner=holder,
        unit=unit,
        status=Status.STOPPED,
        status_before_stop=Status.RUNNING,
        stop_reason="For dyrt.",
        stop_learning="Det kostede for meget.",
    )
    other_initiative = make_initiative(
        other_cluster, owner=other_holder, unit=other_unit, status=Status.RUNNING
    )
    entry = make_entry(initiative, kind=LogEntry.Kind.LEARNING, text="Vi lærte noget.", share=True)

    review = Review.schedule(
        cluster, timezone.now() + dt.timedelta(days=7), by=manager, participants=[holder]
    )
    ReviewDecision.objects.create(
        review=review, initiative=initiative, decision="continue", decided_by=manager
    )
    other_review = Review.schedule(other_cluster, timezone.now() + dt.timedelta(days=8), by=manager)

    dialogue = make_dialogue(
        unit,
        contract_holder=holder,
        director=director,
        head_of_department=manager,
        scheduled_at=timezone.now() - dt.timedelta(hours=1),
    )
    other_dialogue = make_dialogue(
        other_unit, contract_holder=other_holder, director=director, head_of_department=manager
    )
    follow_up = FollowUp.objects.create(
        dialogue=dialogue,
        what="Indsend handleplan",
        owner=holder,
        due_on=timezone.localdate() + dt.timedelta(days=3),
        created_by=manager,
    )

    planned = make_gathering(created_by=staff, date=timezone.localdate() + dt.timedelta(days=30))
    planned.add_free_item(title="Velkomst", duration_minutes=10, by=staff)
    planned.add_free_item(title="Pause", duration_minutes=15, by=staff)
    published = make_gathering(created_by=staff, date=timezone.localdate() + dt.timedelta(days=2))
    published.add_candidate(entry=entry, by=staff)
    published.publish(staff)

    plan = Plan.objects.current()
    return World(
        people=people,
        unit=unit,
        other_unit=other_unit,
        plan=plan,
        track=Track.objects.filter(plan=plan).first(),
        problem=HardProblem.objects.filter(plan=plan).first(),
        mission=mission,
        other_mission=other_mission,
        cluster=cluster,
        other_cluster=other_cluster,
        actor_membership=actor_membership,
        other_membership=other_cluster.memberships.get(person=other_holder),
        initiative=initiative,
        stopped=stopped,
        other_initiative=other_initiative,
        entry=entry,
        review=review,
        other_review=other_review,
        dialogue=dialogue,
        other_dialogue=other_dialogue,
        follow_up=follow_up,
        planned=planned,
        published=published,
        feed=CalendarFeed.of(holder),
    )
