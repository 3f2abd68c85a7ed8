"""Contract-holder dialogues (kontraktholderdialoger): the director, the head of
department and the contract holder talk about the unit's daily operations, its
development work and its contribution to the shared leadership work (DUS 2024-25,
"Fra kontrakter til styrket ledelsesdialog"), and agree on follow-ups.

A dialogue's preparation and notes are for its three participants, group management
and direction only (`Dialogue.can_read`); staff schedule dialogues without reading them.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from dus.history import HistoricalRecords
from dus.models import Role, Unit
from dus.validators import multi_line, single_line

# The document's three themes: (field suffix, label).
THEMES = [
    ("operations", _("The daily operations")),
    ("development", _("The development work in the area")),
    ("contribution", _("The contribution to the shared leadership and development work")),
]


def _theme_field(label) -> models.TextField:
    return models.TextField(label, max_length=4000, blank=True, validators=[multi_line])


class DialogueQuerySet(models.QuerySet):
    def with_participant(self, user) -> "DialogueQuerySet":
        """The dialogues the user takes part in."""
        return self.filter(Q(contract_holder=user) | Q(director=user) | Q(head_of_department=user))

    def listed_for(self, user) -> "DialogueQuerySet":
        """The dialogues whose date and participants the user may see in lists: all of
        them for those who schedule, else the user's own."""
        return self if Dialogue.can_schedule(user) else self.with_participant(user)

    def in_year(self, year: int) -> "DialogueQuerySet":
        """In the calendar year, local time: the list by unit and year."""
        tz = timezone.get_current_timezone()
        start = dt.datetime(year, 1, 1, tzinfo=tz)
        return self.filter(scheduled_at__gte=start, scheduled_at__lt=start.replace(year=year + 1))


class Dialogue(models.Model):
    """A contract-holder dialogue for one contract unit: scheduled by staff or group
    management, prepared by the contract holder on the document's three themes, and
    recorded afterwards in notes per theme and follow-ups."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="dialogues", verbose_name=_("unit")
    )
    scheduled_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True, validators=[single_line])
    contract_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="dialogues_as_contract_holder",
        verbose_name=_("contract holder"),
    )
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="dialogues_as_director",
        verbose_name=_("director"),
    )
    head_of_department = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="dialogues_as_head_of_department",
        verbose_name=_("head of department"),
    )
    prep_operations = _theme_field(THEMES[0][1])
    prep_development = _theme_field(THEMES[1][1])
    prep_contribution = _theme_field(THEMES[2][1])
    prepared_at = models.DateTimeField(_("prepared"), null=True, blank=True)
    notes_operations = _theme_field(THEMES[0][1])
    notes_development = _theme_field(THEMES[1][1])
    notes_contribution = _theme_field(THEMES[2][1])
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SCHEDULED
    )
    held_at = models.DateTimeField(_("notes recorded"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    # Who changed the preparation or the notes, and when.
    history = HistoricalRecords()
    objects = DialogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract-holder dialogue")
        verbose_name_plural = _("contract-holder dialogues")
        ordering = ["-scheduled_at"]
        indexes = [
            # The list by unit and year, and each unit's dialogues.
            models.Index(fields=["unit", "scheduled_at"], name="dialogue_unit_date_idx"),
            # Upcoming dialogues on the front page.
            models.Index(fields=["state", "scheduled_at"], name="dialogue_state_date_idx"),
        ]

    def __str__(self) -> str:
        when = date_format(timezone.localtime(self.scheduled_at), "SHORT_DATE_FORMAT")
        return f"{self.unit} – {when}"

    def get_absolute_url(self) -> str:
        return reverse("dialogues:dialogue_detail", args=[self.pk])

    def clean(self) -> None:
        """Only a contract unit has a contract holder, and so a dialogue."""
        super().clean()
        if self.unit_id and self.unit.kind != Unit.Kind.CONTRACT_UNIT:
            raise ValidationError(
                {
                    "unit": _(
                        "%(unit)s is not a contract unit. Contract-holder dialogues are held "
                        "with contract units only."
                    )
                    % {"unit": self.unit}
                }
            )

    @property
    def is_held(self) -> bool:
        return self.state == self.State.HELD

    @property
    def has_started(self) -> bool:
        """Notes and follow-ups are recorded from the dialogue's start."""
        return self.scheduled_at <= timezone.now()

    @property
    def participant_ids(self) -> set[int]:
        return {self.contract_holder_id, self.director_id, self.head_of_department_id}

    def is_participant(self, user) -> bool:
        return user.pk in self.participant_ids

    def can_read(self, user) -> bool:
        """The three participants, group management and direction read the dialogue;
        for everyone else it does not exist."""
        return self.is_participant(user) or user.is_group_management

    @staticmethod
    def can_schedule(user) -> bool:
        """Staff and group management (with direction) plan the dialogues."""
        return user.has_role(Role.STAFF) or user.is_group_management

    def can_prepare(self, user) -> bool:
        """The contract holder prepares, until the notes are recorded."""
        return user.pk == self.contract_holder_id and not self.is_held

    def can_record_notes(self, user) -> bool:
        """The participants, and group management who may stand in, record the notes
        and follow-ups once the dialogue has begun."""
        return self.can_read(user) and self.has_started

    def themes(self) -> list[tuple[str, str, str]]:
        """(label, preparation, notes) per theme, for reading."""
        return [
            (label, getattr(self, f"prep_{key}"), getattr(self, f"notes_{key}"))
            for key, label in THEMES
        ]

    def mark_prepared(self) -> None:
        """Set (not save) when the contract holder last saved the preparation."""
        self.prepared_at = timezone.now()

    def mark_held(self) -> None:
        """Set (not save) the dialogue as held: its notes are being recorded."""
        if not self.is_held:
            self.state = self.State.HELD
            self.held_at = timezone.now()


class FollowUpQuerySet(models.QuerySet):
    def open(self) -> "FollowUpQuerySet":
        return self.filter(done_at__isnull=True)

    def for_participant(self, user) -> "FollowUpQuerySet":
        """The follow-ups of the dialogues the user takes part in."""
        return self.filter(
            Q(dialogue__contract_holder=user)
            | Q(dialogue__director=user)
            | Q(dialogue__head_of_department=user)
        )


class FollowUp(models.Model):
    """Something agreed at a dialogue: what, who, by when; marked done when it is."""

    dialogue = models.ForeignKey(
        Dialogue,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("dialogue"),
    )
    what = models.CharField(_("what"), max_length=500, validators=[single_line])
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("who"),
    )
    due_on = models.DateField(_("by when"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )

    history = HistoricalRecords()
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        indexes = [
            # Open follow-ups on the front page, soonest first.
            models.Index(fields=["done_at", "due_on"], name="followup_open_due_idx"),
        ]

    def __str__(self) -> str:
        return self.what

    def clean(self) -> None:
        """A new follow-up cannot be due in the past; an old one may well be overdue."""
        super().clean()
        if self._state.adding and self.due_on and self.due_on < timezone.localdate():
            raise ValidationError({"due_on": _("Choose today or a later date.")})

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and self.due_on < timezone.localdate()

    def mark_done(self, by) -> None:
        """Done, by whom and when; a second click changes nothing."""
        if not self.is_done:
            self.done_at, self.done_by = timezone.now(), by
            self.save(update_fields=["done_at", "done_by"])
