"""The strategic frame (plan, strategy tracks, development tracks, hard problems)
and the organisation (units, people, roles).

The frame is reference data seeded from the DUS 2024-25 document; a later DUS is
a new Plan with its own tracks and problems.
"""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from dus.history import HistoricalRecords
from dus.validators import multi_line, single_line


class Role(models.TextChoices):
    """The roles of DOMAIN.md, kept as Django groups named by their code names."""

    DIRECTION = "direction", _("Direction")
    GROUP_MANAGEMENT = "group_management", _("Group management")
    CONTRACT_HOLDER = "contract_holder", _("Contract holder")
    STAFF = "staff", _("Staff")


class Source(models.TextChoices):
    """Where a person's role or unit comes from, shown on "Mine indstillinger"."""

    IDENTITY_PROVIDER = "identity_provider", _("the identity provider's groups")
    ORGANISATION_IMPORT = "organisation_import", _("the organisation import")
    ADMIN = "admin", _("set by hand in the administration")


class PlanQuerySet(models.QuerySet):
    def current(self) -> "Plan | None":
        """The plan in force today, or else the most recent one that has started (plans
        follow each other, so that is the latest start up to today)."""
        return self.filter(starts_on__lte=timezone.localdate()).order_by("-starts_on").first()

    def period(self) -> tuple[dt.date, dt.date] | None:
        """From the first plan's start to the last plan's end, or None without plans."""
        span = self.aggregate(first=models.Min("starts_on"), last=models.Max("ends_on"))
        return (span["first"], span["last"]) if span["first"] else None


class Plan(models.Model):
    """One period of the executive's development tracks, e.g. DUS 2024-25."""

    title = models.CharField(_("title"), max_length=100, unique=True, validators=[single_line])
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    vision = models.CharField(_("vision"), max_length=300, validators=[single_line])
    summary = models.TextField(_("summary"), max_length=4000, blank=True, validators=[multi_line])
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="plan_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class FrameItem(models.Model):
    """Common shape of the numbered items of a plan's frame."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200, validators=[single_line])
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(
        _("description"), max_length=4000, blank=True, validators=[multi_line]
    )

    class Meta:
        abstract = True
        ordering = ["plan", "number"]

    def __str__(self) -> str:
        return self.title


class StrategyTrack(FrameItem):
    """A strategy track of the city council's development policy (Udviklingspolitikken)."""

    class Meta(FrameItem.Meta):
        verbose_name = _("strategy track")
        verbose_name_plural = _("strategy tracks")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="strategytrack_unique_number"),
            models.UniqueConstraint(fields=["plan", "slug"], name="strategytrack_unique_slug"),
        ]


class Track(FrameItem):
    """A development track (udviklingsspor) of the plan; missions belong to one."""

    class Meta(FrameItem.Meta):
        verbose_name = _("development track")
        verbose_name_plural = _("development tracks")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="track_unique_number"),
            models.UniqueConstraint(fields=["plan", "slug"], name="track_unique_slug"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("frame:track_detail", args=[self.plan.slug, self.slug])


class HardProblem(FrameItem):
    """A shared hard problem (fælles svært problem).

    Some are worked on through other plans (the climate action plan, strategic
    planning); that is recorded here, but initiatives may still address them,
    since the document says the problems are entangled.
    """

    addressed_elsewhere = models.BooleanField(_("addressed in other plans"), default=False)
    elsewhere_note = models.CharField(
        _("where it is addressed"), max_length=300, blank=True, validators=[single_line]
    )

    class Meta(FrameItem.Meta):
        verbose_name = _("hard problem")
        verbose_name_plural = _("hard problems")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="hardproblem_unique_number"),
            models.UniqueConstraint(fields=["plan", "slug"], name="hardproblem_unique_slug"),
            models.CheckConstraint(
                condition=models.Q(addressed_elsewhere=False) | ~models.Q(elsewhere_note=""),
                name="hardproblem_elsewhere_has_note",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("frame:problem_detail", args=[self.plan.slug, self.slug])


# The most hours a month a unit can give to development: a bound against typing slips.
MAX_CAPACITY_HOURS = 10_000


class UnitQuerySet(models.QuerySet):
    def active(self):
        """The units offered where a new choice is made; an inactive unit (gone from the
        organisation import) stays on the records that already name it."""
        return self.filter(is_active=True)


# Ids from the organisation system: long enough for any UUID or URN, short enough to index.
EXTERNAL_ID_LENGTH = 255


def external_id_field(help_text: str) -> models.CharField:
    """The id of a unit or person in the organisation system: unique where set."""
    return models.CharField(
        _("external id"),
        max_length=EXTERNAL_ID_LENGTH,
        unique=True,
        null=True,
        blank=True,
        validators=[single_line],
        help_text=help_text,
    )


class Unit(models.Model):
    """An organisational unit: a contract unit with a contract holder, or a support unit.

    Units with an `external_id` come from the organisation import (`dus/orgimport.py`),
    which deactivates those missing from a new file instead of deleting them."""

    class Kind(models.TextChoices):
        CONTRACT_UNIT = "contract_unit", _("Contract unit")
        SECRETARIAT = "secretariat", _("Secretariat")
        STAFF = "staff", _("Staff unit")
        DIRECTION = "direction", _("Direction")

    # Unique among the active units under one parent (see Meta): a real organisation has
    # an "Administration" under several parents.
    name = models.CharField(_("name"), max_length=200, validators=[single_line])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    capacity_hours = models.PositiveIntegerField(
        _("capacity for development (hours per month)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY_HOURS)],
        help_text=_("Leave empty to use the portal's default."),
    )
    leader = models.ForeignKey(
        "User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_units",
        verbose_name=_("leader"),
    )
    external_id = external_id_field(
        _("The unit's id in the organisation system; set by the organisation import.")
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("An inactive unit is no longer offered, but stays on what already names it."),
    )

    history = HistoricalRecords()

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            # Two units may share a name under different parents; under one parent (or at
            # the top) a name is one unit, so a picker never shows two alike side by side.
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=models.Q(is_active=True),
                name="unit_unique_name_in_parent",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(is_active=True, parent__isnull=True),
                name="unit_unique_top_level_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def threshold_hours(self) -> int:
        """Hours a month of active initiatives the unit can bear before it stands out
        as over capacity: its own capacity, or the portal's default."""
        return self.capacity_hours or settings.DEFAULT_CAPACITY_HOURS


class UserHistory(HistoricalRecords):
    """The history of a person, without the password hash and without a record for each
    sign-in (Django saves `last_login` alone then): a record says who changed the person."""

    def post_save(self, instance, created, using=None, **kwargs):
        if kwargs.get("update_fields") == frozenset({"last_login"}):
            return
        super().post_save(instance, created, using=using, **kwargs)


class User(AbstractUser):
    """A person who signs in: a leader or employee of the municipality.

    People with an `external_id` come from the organisation import; a person missing from
    a new file is deactivated (`is_active=False`): they can no longer sign in, and the
    import ends their sessions."""

    # AbstractUser's name and e-mail fields, with the portal's rule for text.
    first_name = models.CharField(
        _("first name"), max_length=150, blank=True, validators=[single_line]
    )
    last_name = models.CharField(
        _("last name"), max_length=150, blank=True, validators=[single_line]
    )
    email = models.EmailField(_("email address"), blank=True, validators=[single_line])
    job_title = models.CharField(
        _("job title"), max_length=200, blank=True, validators=[single_line]
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("unit"),
    )
    weekly_digest = models.BooleanField(
        _("weekly digest"),
        default=True,
        help_text=_(
            "Group management: an e-mail on Monday mornings with stale initiatives and "
            "overdue reviews."
        ),
    )
    # Signing in with the identity provider (dus/oidc.py). Null, not "", where there is
    # none, so that the people without one do not collide on the unique index.
    idp_subject = models.CharField(
        _("identity provider's id"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        validators=[single_line],
        help_text=_(
            "The identity provider's stable id for the person (the token's oid, else sub), "
            "set at their first sign-in with their work account."
        ),
    )
    idp_roles = models.JSONField(
        _("roles from the identity provider"),
        default=list,
        blank=True,
        help_text=_("The roles that the identity provider's groups granted at the last sign-in."),
    )
    external_id = external_id_field(
        _("The person's id in the organisation system; set by the organisation import.")
    )
    unit_source = models.CharField(
        _("unit comes from"), max_length=30, choices=Source.choices, default=Source.ADMIN
    )

    history = UserHistory(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The user's roles, read once per request object."""
        if not self.is_active:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_names.intersection(roles))

    @property
    def is_group_management(self) -> bool:
        """Group management or direction: the people who decide across portfolios."""
        return self.has_role(Role.GROUP_MANAGEMENT, Role.DIRECTION)

    def set_idp_roles(self, granted: Iterable[str]) -> None:
        """Give the person the roles the identity provider's groups grant now, and take
        away those it granted before and grants no more, so that a person removed from a
        group loses its role at their next sign-in. A role set by hand in the
        administration (a role group not in `idp_roles`) is left alone, also when the
        groups grant it too: it stays the administrator's to take away."""
        granted = set(granted) & set(Role.values)
        current = set(self.groups.values_list("name", flat=True))
        previous = set(self.idp_roles) & current
        by_hand = current - previous
        with transaction.atomic():
            if previous - granted:
                self.groups.remove(*Group.objects.filter(name__in=previous - granted))
            for name in sorted(granted - current):
                self.groups.add(Group.objects.get_or_create(name=name)[0])
            if self.idp_roles != sorted(granted - by_hand):
                self.idp_roles = sorted(granted - by_hand)
                self.save(update_fields=["idp_roles"])
        self.__dict__.pop("role_names", None)

    def role_sources(self) -> list[tuple[str, str]]:
        """Each of the person's roles, in the order of `Role`, with where it comes from:
        the identity provider's groups, or set by hand in the administration."""
        from_idp = set(self.idp_roles)
        return [
            (role.label, (Source.IDENTITY_PROVIDER if role in from_idp else Source.ADMIN).label)
            for role in Role
            if role in self.role_names
        ]


class Submission(models.Model):
    """A create form that was carried out: its one-time token, and where its result is.

    A second submission of the same form (a double click, the browser's "send again")
    finds this row and leads to the first result instead of making a duplicate; a twin
    sent at the same moment fails on the unique constraint. Written in the same
    transaction as what the form creates (`OneTimeFormMixin.save_once`)."""

    token = models.UUIDField(_("token"))
    # The address the form was sent to: one page may show one token in several forms
    # ("Mine indsatser" has a logbook form per initiative).
    action = models.CharField(_("address"), max_length=200, validators=[single_line])
    user = models.ForeignKey(User, on_delete=models.CASCADE, verbose_name=_("person"))
    result_url = models.CharField(_("result"), max_length=300, blank=True, validators=[single_line])
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        constraints = [
            # Also the index that finds an earlier submission of a form.
            models.UniqueConstraint(fields=["token", "action"], name="submission_unique_token")
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.token}"
