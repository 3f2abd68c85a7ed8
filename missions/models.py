"""Missions in the development tracks, and the mission clusters formed around them.

A mission belongs to one track and addresses one or more hard problems; a
cluster is the cross-organisational group (staff and external actors) that
builds a portfolio of initiatives for it.
"""

import json

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dus.history import HistoricalRecords
from dus.models import HardProblem, StrategyTrack, Track
from dus.validators import multi_line, single_line


class MissionQuerySet(models.QuerySet):
    def active(self) -> "MissionQuerySet":
        return self.filter(status=Mission.Status.ACTIVE)


class Mission(models.Model):
    """A concrete mission in one track, focused on citizens, businesses and society."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", pgettext_lazy("mission", "Closed")

    track = models.ForeignKey(
        Track, on_delete=models.PROTECT, related_name="missions", verbose_name=_("track")
    )
    title = models.CharField(_("title"), max_length=200, validators=[single_line])
    statement = models.TextField(
        _("mission statement"),
        max_length=2000,
        help_text=_("What the mission is, in a few lines."),
        validators=[multi_line],
    )
    ambition = models.TextField(
        _("ambition"),
        max_length=4000,
        help_text=_("What change for citizens, businesses or society, and how we will see it."),
        validators=[multi_line],
    )
    problems = models.ManyToManyField(
        HardProblem, related_name="missions", verbose_name=_("hard problems")
    )
    strategy_tracks = models.ManyToManyField(
        StrategyTrack, related_name="missions", blank=True, verbose_name=_("strategy tracks")
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsored_missions",
        verbose_name=_("sponsor in group management"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Optimistic locking: a form carries the version it was read at.
    version = models.PositiveIntegerField(_("version"), default=1)

    # The title, statement and ambition for the portal's search, kept by a trigger on
    # PostgreSQL (migration 0004); empty and unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(
        m2m_fields=[problems, strategy_tracks], excluded_fields=["search_vector"]
    )
    objects = MissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["track__number", "title"]
        constraints = [
            models.UniqueConstraint(fields=["track", "title"], name="mission_unique_title_in_track")
        ]
        indexes = [
            # The mission list groups by track and filters on status.
            models.Index(fields=["track", "status"], name="mission_track_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("missions:mission_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def close(self) -> None:
        """Close the mission. It is never deleted: it stays readable, with its
        clusters and history, so the path can be read later."""
        with transaction.atomic():
            self.status = self.Status.CLOSED
            self.version = models.F("version") + 1
            self.save()
        self.refresh_from_db()


class ClusterQuerySet(models.QuerySet):
    def with_member(self, user) -> "ClusterQuerySet":
        """The clusters the user is a current member of."""
        return self.filter(memberships__person=user, memberships__ended_at__isnull=True).distinct()

    def coordinated_first(self, user) -> "ClusterQuerySet":
        """Annotate `coordinated` (whether the user is a current coordinator of the
        cluster) and put those clusters first, then by name."""
        return self.annotate(
            coordinated=Exists(
                Membership.objects.current().filter(
                    cluster=OuterRef("pk"), person=user, role=Membership.Role.COORDINATOR
                )
            )
        ).order_by("-coordinated", "name")


class Cluster(models.Model):
    """A mission cluster (missionsklynge): the group that builds one mission's portfolio."""

    mission = models.ForeignKey(
        Mission, on_delete=models.PROTECT, related_name="clusters", verbose_name=_("mission")
    )
    name = models.CharField(_("name"), max_length=200, validators=[single_line])
    purpose = models.TextField(_("purpose"), max_length=4000, validators=[multi_line])
    review_cadence_weeks = models.PositiveSmallIntegerField(
        _("review cadence (weeks)"),
        default=8,
        help_text=_("How often the portfolio is reviewed, in weeks (1–52)."),
    )
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    # The name and purpose for the portal's search, kept by a trigger on PostgreSQL
    # (migration 0004); empty and unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector"])
    objects = ClusterQuerySet.as_manager()

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "name"], name="cluster_unique_name"),
            models.CheckConstraint(
                condition=Q(review_cadence_weeks__gte=1, review_cadence_weeks__lte=52),
                name="cluster_cadence_1_to_52_weeks",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("missions:cluster_detail", args=[self.pk])

    def can_steer(self, user) -> bool:
        """Steer the cluster: edit it and its members, prioritise its portfolio, stop and
        scale initiatives, hold its reviews. Group management (and direction) steer every
        cluster; a coordinator steers their own. The one place of this rule."""
        return user.is_group_management or self.is_coordinator(user)

    def is_coordinator(self, user) -> bool:
        """Asked several times per request (buttons, checks): answered once per user."""
        cache = self.__dict__.setdefault("_coordinator_cache", {})
        if user.pk not in cache:
            cache[user.pk] = (
                self.memberships.current()
                .filter(person=user, role=Membership.Role.COORDINATOR)
                .exists()
            )
        return cache[user.pk]

    def add_person(self, person, role: str) -> "Membership":
        """Add a colleague. A person is a member of a cluster at most once."""
        self.__dict__.pop("_coordinator_cache", None)
        with transaction.atomic():
            if self.memberships.current().filter(person=person).exists():
                raise ValidationError(
                    _("%(name)s is already a member of the cluster.") % {"name": person},
                    code="duplicate",
                )
            return self.memberships.create(person=person, role=role)

    def add_actor(self, actor: "Actor", role: str) -> "Membership":
        """Add an external actor (a citizen, association, business ...)."""
        with transaction.atomic():
            actor.save()
            return self.memberships.create(actor=actor, role=role)

    def set_role(self, membership: "Membership", role: str, expected: str | None = None) -> None:
        """Change a member's role; the cluster keeps at least one coordinator.

        `expected` is the role the person saw: if someone else changed it since, the
        change is refused rather than silently overwriting theirs.
        """
        self.__dict__.pop("_coordinator_cache", None)
        with transaction.atomic():
            locked = self._lock_membership(membership)
            if expected is not None and locked.role != expected:
                raise ValidationError(
                    _(
                        "Someone else changed %(name)s's role while you were looking. The "
                        "role shown now is the current one; change it again if needed."
                    )
                    % {"name": locked.name},
                    code="conflict",
                )
            if locked.role == Membership.Role.COORDINATOR and role != locked.role:
                self._keep_a_coordinator(locked)
            locked.role = role
            locked.save()

    def end_membership(self, membership: "Membership") -> None:
        """Take a member out of the cluster. The membership is kept, ended, so the
        cluster's history of who took part stays countable."""
        self.__dict__.pop("_coordinator_cache", None)
        with transaction.atomic():
            locked = self._lock_membership(membership)
            if locked.role == Membership.Role.COORDINATOR:
                self._keep_a_coordinator(locked)
            locked.ended_at = timezone.now()
            locked.save()

    def _lock_membership(self, membership: "Membership") -> "Membership":
        return Membership.objects.select_for_update().get(
            pk=membership.pk, cluster=self, ended_at__isnull=True
        )

    def _keep_a_coordinator(self, leaving: "Membership") -> None:
        others = (
            self.memberships.current()
            .select_for_update()
            .filter(role=Membership.Role.COORDINATOR)
            .exclude(pk=leaving.pk)
        )
        if not others.exists():
            raise ValidationError(
                _(
                    "The cluster must have at least one coordinator. Make someone else "
                    "coordinator first."
                ),
                code="last_coordinator",
            )


class Actor(models.Model):
    """An external member of a cluster: a citizen, association, business... They do not sign in."""

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Citizen")
        ASSOCIATION = "association", _("Association")
        BUSINESS = "business", _("Business")
        EDUCATION = "education", _("Educational institution")
        AUTHORITY = "authority", _("Public authority")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, validators=[single_line])
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, validators=[single_line]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    email = models.EmailField(_("e-mail"), blank=True, validators=[single_line])
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[single_line])
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("external actor")
        verbose_name_plural = _("external actors")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def anonymise(self, by) -> None:
        """Erase an external actor's personal data (GDPR art. 17), also after their
        memberships ended, keeping the actor and its memberships so that participation
        can still be counted.

        The memberships' history refers to the actor, so it shows the anonymised name.
        The admin's log keeps names as text: its entries about the actor, its memberships
        and their clusters are rewritten in the same transaction, and one more records
        who erased the data (without it)."""
        with transaction.atomic():
            before = Actor.objects.select_for_update().get(pk=self.pk)
            self.name = _("Anonymised actor %(number)s") % {"number": self.pk}
            self.email = self.phone = ""
            # A citizen's organisation can point to the person; an association's cannot.
            citizen = before.kind == self.Kind.CITIZEN
            self.organisation = "" if citizen else before.organisation
            self.anonymised_at = timezone.now()
            self.save(update_fields=["name", "email", "phone", "organisation", "anonymised_at"])
            self._scrub_admin_log(
                {str(before): str(self), before.name: self.name, before.email: "", before.phone: ""}
            )
            LogEntry.objects.log_actions(
                by.pk, [self], CHANGE, str(_("Personal data removed (GDPR art. 17)."))
            )

    def _scrub_admin_log(self, replacements: dict[str, str]) -> None:
        """Replace the actor's old texts in the admin's log entries that can hold them."""
        memberships = list(self.memberships.values_list("pk", "cluster_id"))
        types = ContentType.objects.get_for_models(Actor, Membership, Cluster)
        entries = LogEntry.objects.filter(
            Q(content_type=types[Actor], object_id=str(self.pk))
            | Q(content_type=types[Membership], object_id__in=[str(m) for m, _c in memberships])
            | Q(content_type=types[Cluster], object_id__in=[str(c) for _m, c in memberships])
        )
        # The longest first, so that "name (organisation)" goes as a whole.
        ordered = sorted(
            (item for item in replacements.items() if item[0]), key=lambda i: -len(i[0])
        )

        def scrub(value):
            if isinstance(value, str):
                for old, new in ordered:
                    value = value.replace(old, new)
                return value
            if isinstance(value, list):
                return [scrub(item) for item in value]
            if isinstance(value, dict):
                return {key: scrub(item) for key, item in value.items()}
            return value

        for entry in entries:
            if entry.content_type_id == types[Actor].id:
                entry.object_repr = str(self)[:200]
            entry.object_repr = scrub(entry.object_repr)
            try:  # the admin writes JSON (non-ASCII escaped); older entries plain text
                entry.change_message = json.dumps(scrub(json.loads(entry.change_message)))
            except ValueError:
                entry.change_message = scrub(entry.change_message)
        LogEntry.objects.bulk_update(entries, ["object_repr", "change_message"])


class MembershipQuerySet(models.QuerySet):
    def current(self) -> "MembershipQuerySet":
        return self.filter(ended_at__isnull=True)

    def in_role_order(self) -> "MembershipQuerySet":
        """Coordinators first, then sponsors, members and external participants."""
        order = Case(
            *(When(role=role, then=Value(i)) for i, role in enumerate(ROLE_ORDER)),
            default=Value(len(ROLE_ORDER)),
        )
        return self.order_by(order, "id")


class Membership(models.Model):
    """A person's or an external actor's place in a cluster, with a role."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        MEMBER = "member", _("Member")
        SPONSOR = "sponsor", _("Sponsor")
        EXTERNAL = "external", _("External participant")

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cluster")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("colleague"),
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("external actor"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(actor__isnull=True))
                | (Q(person__isnull=True) & Q(actor__isnull=False)),
                name="membership_person_xor_actor",
            ),
            # At most once at a time; an ended membership stays as history.
            models.UniqueConstraint(
                fields=["cluster", "person"],
                condition=Q(ended_at__isnull=True),
                name="membership_unique_person_per_cluster",
            ),
            models.UniqueConstraint(
                fields=["cluster", "actor"],
                condition=Q(ended_at__isnull=True),
                name="membership_unique_actor_per_cluster",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.actor} – {self.get_role_display()}"

    @property
    def name(self) -> str:
        return str(self.person) if self.person_id else self.actor.name


ROLE_ORDER = [
    Membership.Role.COORDINATOR,
    Membership.Role.SPONSOR,
    Membership.Role.MEMBER,
    Membership.Role.EXTERNAL,
]
