"""The organisation import: from a checked file (`dus/orgcsv.py`) to a plan of what
will be created, changed (field by field) and deactivated, and applying that plan in
one transaction.

The file is the organisation system's word on every unit and person that came from it
(those with an `external_id`): what is missing from a new file is deactivated, never
deleted, and a deactivated person's sessions end at once. The first import finds the
units and people made by hand before it, by name and by e-mail, and links them instead
of making twins. A second import of the same file plans nothing.

A plan has a fingerprint of everything it would write. The page shows a plan and sends
its fingerprint back with "Anvend"; `apply` plans the file again, under lock, and
refuses when the fingerprint differs: the file or the organisation changed since the
preview, and the person must see the new plan before it is written.
"""

import hashlib
import json
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dus.history import one_record
from dus.models import Role, Source, Unit, User
from dus.orgcsv import ParsedFile, PersonRow, Problem, UnitRow, parse

NONE = "–"


def can_import(user) -> bool:
    """Staff and administrators import the organisation."""
    return user.is_active and (user.is_superuser or user.has_role(Role.STAFF))


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Action:
    """One unit or person the plan creates, changes or deactivates."""

    name: str
    external_id: str
    line: int | None = None
    changes: list[Change] = field(default_factory=list)
    obj: Unit | User | None = None  # None: created
    row: UnitRow | PersonRow | None = None  # None: deactivated


@dataclass
class ImportPlan:
    problems: list[Problem] = field(default_factory=list)
    units_created: list[Action] = field(default_factory=list)
    units_changed: list[Action] = field(default_factory=list)
    units_deactivated: list[Action] = field(default_factory=list)
    people_created: list[Action] = field(default_factory=list)
    people_changed: list[Action] = field(default_factory=list)
    people_deactivated: list[Action] = field(default_factory=list)
    # What the writing needs beyond the actions: the unit of each file unit (matched or,
    # after writing, created), the person of each file person, and each unit's leader.
    unit_of: dict[str, Unit | None] = field(default_factory=dict)
    person_of: dict[str, User | None] = field(default_factory=dict)
    leader_of: dict[str, User | str | None] = field(default_factory=dict)
    usernames: dict[str, str] = field(default_factory=dict)

    SECTIONS = [
        "units_created",
        "units_changed",
        "units_deactivated",
        "people_created",
        "people_changed",
        "people_deactivated",
    ]

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in self.SECTIONS)

    @property
    def fingerprint(self) -> str:
        """A hash of everything the plan would write, with the state it was read at: two
        plans with one fingerprint write the same."""
        content = [
            [
                name,
                [
                    [
                        a.external_id,
                        a.obj.pk if a.obj else None,
                        [[c.label, c.before, c.after] for c in a.changes],
                        asdict(a.row) if a.row else None,  # what a created row will hold
                    ]
                    for a in getattr(self, name)
                ],
            ]
            for name in self.SECTIONS
        ]
        data = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()


class ImportRefused(Exception):
    """The plan cannot be applied; `plan` holds the problems or the new plan."""

    def __init__(self, plan: ImportPlan, message: str = "") -> None:
        super().__init__(message)
        self.plan = plan
        self.message = message


PLAN_CHANGED = gettext_lazy(
    "The file or the organisation in the portal has changed since the preview, so nothing "
    "was saved. Here is the new preview: check it, and apply it if it is right."
)


def split_name(name: str) -> tuple[str, str]:
    """First names and last name, as the organisation system's one name column holds them."""
    first, _space, last = name.rpartition(" ")
    return (first, last) if first else (last, "")


def build_plan(parsed: ParsedFile) -> ImportPlan:
    """What applying the file would do to the portal as it is now."""
    plan = ImportPlan(problems=list(parsed.problems))
    if plan.problems:
        return plan
    emails = {row.email.lower() for row in parsed.people} | {
        row.leader_email.lower() for row in parsed.units if row.leader_email
    }
    by_email = defaultdict(list)
    for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails):
        by_email[user.email_lower].append(user)
    _match_units(plan, parsed)
    _match_people(plan, parsed, by_email)
    _plan_units(plan, parsed, by_email)
    _plan_people(plan, parsed)
    _plan_deactivations(plan)
    _check_names(plan, parsed)
    plan.problems.sort(key=lambda p: p.line or 0)
    return plan


def _match_units(plan: ImportPlan, parsed: ParsedFile) -> None:
    """Each file unit's unit in the portal: by external id, or else the one unit made by
    hand under that name (and no other file unit of that name)."""
    linked = Unit.objects.filter(external_id__in=[r.external_id for r in parsed.units])
    linked = {unit.external_id: unit for unit in linked.select_related("parent", "leader")}
    unlinked = defaultdict(list)
    for unit in Unit.objects.filter(external_id=None, is_active=True).select_related(
        "parent", "leader"
    ):
        unlinked[unit.name].append(unit)
    names = defaultdict(int)
    for row in parsed.units:
        names[row.name] += 1
    for row in parsed.units:
        unit = linked.get(row.external_id)
        if unit is None and names[row.name] == 1 and len(unlinked[row.name]) == 1:
            unit = unlinked[row.name][0]
        plan.unit_of[row.external_id] = unit


def _match_people(plan: ImportPlan, parsed: ParsedFile, by_email: dict) -> None:
    """Each file person's person in the portal: by external id, or else the one person
    without one who has the same e-mail address."""
    linked = User.objects.filter(external_id__in=[r.external_id for r in parsed.people])
    linked = {user.external_id: user for user in linked.select_related("unit")}
    taken = set(
        User.objects.filter(
            username__in=[r.email.lower()[:150] for r in parsed.people]
        ).values_list("username", flat=True)
    )
    for row in parsed.people:
        user = linked.get(row.external_id)
        if user is None:
            unlinked = [u for u in by_email[row.email.lower()] if u.external_id is None]
            if len(unlinked) > 1:
                plan.problems.append(
                    Problem(
                        row.line,
                        _(
                            "%(count)s people in the portal have the e-mail address %(email)s; "
                            "give them different addresses in the administration first."
                        )
                        % {"count": len(unlinked), "email": row.email},
                    )
                )
            user = unlinked[0] if len(unlinked) == 1 else None
        plan.person_of[row.external_id] = user
        if user is None:
            username = row.email.lower()[:150]
            if username in taken:
                username = f"org-{row.external_id}"[:150]
            plan.usernames[row.external_id] = username


def _plan_units(plan: ImportPlan, parsed: ParsedFile, by_email: dict) -> None:
    units = {row.external_id: row for row in parsed.units}
    people = {row.email.lower(): row for row in parsed.people}
    for row in parsed.units:
        unit = plan.unit_of[row.external_id]
        leader = _leader(plan, row, people, by_email)
        plan.leader_of[row.external_id] = leader
        parent = plan.unit_of.get(row.parent_id) if row.parent_id else None
        parent_name = units[row.parent_id].name if row.parent_id else NONE
        if unit is None:
            plan.units_created.append(Action(row.name, row.external_id, row.line, row=row))
            continue
        changes = []
        if unit.external_id != row.external_id:
            changes.append(Change(_("External id"), unit.external_id or NONE, row.external_id))
        if unit.name != row.name:
            changes.append(Change(_("Name"), unit.name, row.name))
        if unit.kind != row.kind:
            changes.append(
                Change(_("Kind"), unit.get_kind_display(), str(Unit.Kind(row.kind).label))
            )
        if (parent is None and row.parent_id) or unit.parent_id != (parent.pk if parent else None):
            changes.append(Change(_("Parent unit"), str(unit.parent or NONE), parent_name))
        leader_pk = leader.pk if isinstance(leader, User) else None
        if isinstance(leader, str) or unit.leader_id != leader_pk:
            changes.append(
                Change(_("Leader"), str(unit.leader or NONE), _leader_name(leader, people))
            )
        if not unit.is_active:
            changes.append(Change(_("Active"), _("No"), _("Yes")))
        if changes:
            action = Action(row.name, row.external_id, row.line, changes, unit, row)
            plan.units_changed.append(action)


def _leader(plan: ImportPlan, row: UnitRow, people: dict, by_email: dict) -> User | str | None:
    """The unit's leader: a person of the file (their person in the portal, or their
    external id when they are new), or else the one active person in the portal with that
    e-mail who is not managed by the import."""
    if not row.leader_email:
        return None
    email = row.leader_email.lower()
    if email in people:
        person = people[email]
        return plan.person_of.get(person.external_id) or person.external_id
    found = [u for u in by_email[email] if u.is_active and u.external_id is None]
    if len(found) != 1:
        plan.problems.append(
            Problem(
                row.line,
                _("No person in the file or the portal has the leader's e-mail %(email)s.")
                % {"email": row.leader_email}
                if not found
                else _("Several people in the portal have the leader's e-mail %(email)s.")
                % {"email": row.leader_email},
            )
        )
        return None
    return found[0]


def _leader_name(leader: User | str | None, people: dict) -> str:
    if isinstance(leader, User):
        return str(leader)
    if isinstance(leader, str):
        return next(p.name for p in people.values() if p.external_id == leader)
    return NONE


def _plan_people(plan: ImportPlan, parsed: ParsedFile) -> None:
    unit_names = {row.external_id: row.name for row in parsed.units}
    for row in parsed.people:
        user = plan.person_of[row.external_id]
        if user is None:
            plan.people_created.append(Action(row.name, row.external_id, row.line, row=row))
            continue
        unit = plan.unit_of[row.unit_id]
        changes = []
        if user.external_id != row.external_id:
            changes.append(Change(_("External id"), user.external_id or NONE, row.external_id))
        if user.get_full_name() != row.name:
            changes.append(Change(_("Name"), user.get_full_name() or NONE, row.name))
        if user.email != row.email:
            changes.append(Change(_("E-mail"), user.email or NONE, row.email))
        if unit is None or user.unit_id != unit.pk:
            changes.append(Change(_("Unit"), str(user.unit or NONE), unit_names[row.unit_id]))
        if user.unit_source != Source.ORGANISATION_IMPORT:
            changes.append(
                Change(
                    _("Unit comes from"),
                    user.get_unit_source_display(),
                    str(Source.ORGANISATION_IMPORT.label),
                )
            )
        if not user.is_active:
            changes.append(Change(_("Active"), _("No"), _("Yes")))
        if changes:
            action = Action(row.name, row.external_id, row.line, changes, user, row)
            plan.people_changed.append(action)


def _plan_deactivations(plan: ImportPlan) -> None:
    """The imported units and people that the file no longer has."""
    kept_units = [u.pk for u in plan.unit_of.values() if u]
    for unit in Unit.objects.active().exclude(external_id=None).exclude(pk__in=kept_units):
        plan.units_deactivated.append(Action(unit.name, unit.external_id, obj=unit))
    kept_people = [u.pk for u in plan.person_of.values() if u]
    gone = User.objects.filter(is_active=True).exclude(external_id=None).exclude(pk__in=kept_people)
    for user in gone.select_related("unit"):
        plan.people_deactivated.append(Action(str(user), user.external_id, obj=user))


def _check_names(plan: ImportPlan, parsed: ParsedFile) -> None:
    """Two active units may not share a name under one parent (the database refuses it):
    among the file's units, and between them and the units the import leaves alone."""
    deactivated = {a.obj.pk for a in plan.units_deactivated}
    in_file = {u.pk for u in plan.unit_of.values() if u}

    def parent_key(row: UnitRow):
        parent = plan.unit_of.get(row.parent_id) if row.parent_id else None
        return parent.pk if parent else (row.parent_id or None)

    taken = {}
    for unit in Unit.objects.active().exclude(pk__in=deactivated | in_file):
        taken[(unit.parent_id, unit.name)] = _("a unit in the portal that is not in the file")
    for row in parsed.units:
        key = (parent_key(row), row.name)
        if key in taken:
            plan.problems.append(
                Problem(
                    row.line,
                    _("The parent unit already has a unit named »%(name)s«: %(other)s.")
                    % {"name": row.name, "other": taken[key]},
                )
            )
        else:
            taken[key] = _("line %(line)s") % {"line": row.line}


def plan_file(data: bytes) -> ImportPlan:
    return build_plan(parse(data))


def apply(data: bytes, by: User | None, fingerprint: str | None = None) -> ImportPlan:
    """Plan the file again under lock and write the plan in one transaction. Raises
    ImportRefused when the file has problems, or when `fingerprint` is given and the
    plan is no longer the one previewed."""
    parsed = parse(data)
    try:
        with transaction.atomic():
            _lock(parsed)
            plan = build_plan(parsed)
            if plan.problems:
                raise ImportRefused(plan)
            if fingerprint is not None and plan.fingerprint != fingerprint:
                raise ImportRefused(plan, str(PLAN_CHANGED))
            _write(plan, by)
    except IntegrityError as error:
        # A change the plan cannot foresee, e.g. two units that swap names under one parent.
        message = _("The database refused the import, so nothing was saved: %(error)s")
        problem = Problem(None, message % {"error": error})
        raise ImportRefused(ImportPlan(problems=[problem])) from error
    return plan


def _lock(parsed: ParsedFile) -> None:
    """Hold the rows the plan reads until it is written: every unit, and the people the
    import manages or may link, so that a change made meanwhile waits or is seen."""
    list(Unit.objects.select_for_update().values_list("pk", flat=True))
    emails = [row.email.lower() for row in parsed.people]
    people = User.objects.annotate(email_lower=Lower("email")).filter(
        Q(external_id__isnull=False) | Q(email_lower__in=emails)
    )
    list(people.select_for_update().values_list("pk", flat=True))


def _save(obj, by: User | None) -> None:
    obj._history_user = by  # read by django-simple-history, also outside a request
    obj.save()


def _write(plan: ImportPlan, by: User | None) -> None:
    """Write the plan. A unit whose leader the import creates is saved before its leader
    (who needs the unit) and again after: one history record for both saves."""
    with ExitStack() as stack:
        _write_all(plan, by, stack)
    end_sessions([a.obj.pk for a in plan.people_deactivated])


def _write_all(plan: ImportPlan, by: User | None, stack: ExitStack) -> None:
    for action in plan.units_deactivated:
        action.obj.is_active = False
        _save(action.obj, by)
    for action in plan.people_deactivated:
        action.obj.is_active = False
        _save(action.obj, by)
    later = []  # units whose leader is a person the import creates below
    written = plan.units_created + plan.units_changed
    rows = {action.row.external_id: action.row for action in written}
    for action in sorted(written, key=lambda a: _depth(rows, a.row)):
        row = action.row
        unit = action.obj or Unit()
        unit.external_id, unit.name, unit.kind = row.external_id, row.name, row.kind
        unit.parent = plan.unit_of[row.parent_id] if row.parent_id else None
        unit.is_active = True
        leader = plan.leader_of[row.external_id]
        unit.leader = leader if isinstance(leader, User) else None
        if isinstance(leader, str):
            later.append((unit, leader))
            stack.enter_context(one_record(unit))
        _save(unit, by)
        plan.unit_of[row.external_id] = unit
    for action in plan.people_created + plan.people_changed:
        row = action.row
        user = action.obj or User(username=plan.usernames[row.external_id])
        if action.obj is None:
            user.set_unusable_password()  # they sign in with the identity provider
        user.external_id, user.email = row.external_id, row.email
        user.first_name, user.last_name = split_name(row.name)
        user.unit = plan.unit_of[row.unit_id]
        user.unit_source = Source.ORGANISATION_IMPORT
        user.is_active = True
        _save(user, by)
        plan.person_of[row.external_id] = user
    for unit, external_id in later:
        unit.leader = plan.person_of[external_id]
        _save(unit, by)


def _depth(rows: dict[str, UnitRow], row: UnitRow) -> int:
    """How many of a unit's ancestors are written too: parents are written before children."""
    depth, parent = 0, row.parent_id
    while parent in rows:
        depth, parent = depth + 1, rows[parent].parent_id
    return depth


def end_sessions(user_ids: list[int]) -> None:
    """Delete the sessions of these people, so a deactivated person is signed out now.

    Django already refuses an inactive person on their next request (ModelBackend's
    get_user); this also removes the rows. Sessions are in the database (SESSION_ENGINE)
    and keyed by a random id, so each live one is read to find its person: an import
    that deactivates someone reads them all once."""
    if not user_ids or settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return
    wanted = {str(pk) for pk in user_ids}
    live = Session.objects.filter(expire_date__gt=timezone.now())
    ended = [s.pk for s in live.iterator() if s.get_decoded().get(SESSION_KEY) in wanted]
    Session.objects.filter(pk__in=ended).delete()
