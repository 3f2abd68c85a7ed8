"""Forms of the portfolio: logging an initiative, the logbook, stopping, reviews."""

import datetime as dt

from django import forms
from django.conf import settings
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dus.forms import DesignSystemFormMixin, OneTimeFormMixin, VersionedFormMixin
from dus.history import one_record
from dus.models import MAX_CAPACITY_HOURS, HardProblem, Unit, User
from dus.validators import multi_line
from missions.models import Cluster, Membership
from portfolio.models import MAX_EFFORT_HOURS, Initiative, LogEntry, Review, ReviewDecision
from portfolio.models.initiatives import NOT_A_MEMBER


def clusters_for_logging(user):
    """The clusters the user may add initiatives to, the user's own first: members
    add to their clusters, group management and direction to any."""
    mine = Membership.objects.current().filter(cluster=OuterRef("pk"), person=user)
    clusters = Cluster.objects.select_related("mission").annotate(is_mine=Exists(mine))
    if not user.is_group_management:
        clusters = clusters.filter(is_mine=True)
    order = Case(When(is_mine=True, then=Value(0)), default=Value(1), output_field=IntegerField())
    return clusters.order_by(order, "name")


class InitiativeForm(DesignSystemFormMixin, VersionedFormMixin, OneTimeFormMixin, forms.ModelForm):
    """Four fields to log a trial action in a minute; everything else can wait."""

    QUICK = ["title", "cluster", "what", "hypothesis"]

    class Meta:
        model = Initiative
        fields = [
            "title",
            "cluster",
            "what",
            "hypothesis",
            "kind",
            "problems",
            "owner",
            "unit",
            "starts_on",
            "ends_on",
            "effort_hours",
            "challenges_rules",
            "challenged_rule",
            "partners",
        ]
        widgets = {
            "what": forms.Textarea(attrs={"rows": 3}),
            "hypothesis": forms.Textarea(
                attrs={"rows": 2, "placeholder": _("We believe that … will lead to …")}
            ),
            "problems": forms.CheckboxSelectMultiple,
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "effort_hours": forms.NumberInput(attrs={"min": 0, "max": MAX_EFFORT_HOURS}),
        }
        labels = {"what": _("What are you trying?")}
        help_texts = {
            "problems": _("Leave empty to use the mission's hard problems."),
            "owner": _("Leave empty to be the owner yourself."),
            "unit": _("Leave empty to use your own unit."),
        }

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # Owner and unit may be left empty: they then keep their value, or default to
        # the user and the user's unit.
        self._owner_id = self.instance.owner_id
        self._unit_id = self.instance.unit_id
        self.fields["kind"].required = False
        if self.instance.pk:
            del self.fields["cluster"]
        else:
            self.fields["cluster"].queryset = clusters_for_logging(user)
            self.fields["cluster"].empty_label = _("Choose a cluster")
            self.fields["cluster"].error_messages["invalid_choice"] = _(
                "You cannot add initiatives to that cluster. Choose one of your clusters."
            )
        self.fields["problems"].queryset = HardProblem.objects.select_related("plan")
        self.fields["owner"].required = False
        self.fields["owner"].queryset = User.objects.filter(is_active=True).select_related("unit")
        self.fields["owner"].empty_label = _("Me")
        # An inactive unit is offered only to the initiative that already has it.
        self.fields["unit"].queryset = Unit.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.unit_id)
        )
        self.fields["unit"].empty_label = _("My unit")
        self.fields["effort_hours"].error_messages["max_value"] = _(
            "At most %(limit_value)s hours a month: that is more than a full-time job."
        )

    def clean_effort_hours(self):
        hours = self.cleaned_data["effort_hours"]
        if hours is not None and hours < 0:
            raise forms.ValidationError(_("The effort cannot be negative."))
        return hours

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The expected end cannot be before the start."))
        if cleaned.get("challenges_rules") and not cleaned.get("challenged_rule", "").strip():
            self.add_error(
                "challenged_rule", _("Say which rule or frame the initiative challenges.")
            )
        return cleaned

    def save(self, commit: bool = True):
        initiative = self.instance
        if not initiative.pk:
            initiative.created_by = self.user
            initiative.rank = Initiative.objects.next_rank(initiative.cluster)
        if not initiative.kind:
            initiative.kind = Initiative.Kind.TRIAL
        if self.cleaned_data.get("owner") is None:
            initiative.owner_id = self._owner_id or self.user.pk
        if self.cleaned_data.get("unit") is None:
            initiative.unit_id = self._unit_id or initiative.owner.unit_id
        with one_record(initiative):  # with the mission's problems when none were chosen
            saved = super().save(commit=commit)
            if commit and not self.cleaned_data.get("problems"):
                saved.problems.set(saved.cluster.mission.problems.all())
        return saved


class AdoptForm(DesignSystemFormMixin, OneTimeFormMixin, forms.ModelForm):
    """ "Vi vil også prøve det": a new initiative started from another, pre-filled from it,
    in one of the clusters where the user is a current member."""

    class Meta:
        model = Initiative
        fields = ["cluster", "title", "kind", "what", "hypothesis", "problems"]
        widgets = {
            "what": forms.Textarea(attrs={"rows": 4}),
            "hypothesis": forms.Textarea(attrs={"rows": 3}),
            "problems": forms.CheckboxSelectMultiple,
        }
        labels = {"what": _("What are you trying?")}
        help_texts = {"cluster": _("One of the clusters you are a member of.")}

    def __init__(self, *args, user: User, original: Initiative, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "title": original.title,
                "kind": original.kind,
                "what": original.what,
                "hypothesis": original.hypothesis,
                "problems": [p.pk for p in original.problems.all()],
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = Cluster.objects.with_member(user).order_by("name")
        self.fields["cluster"].empty_label = _("Choose a cluster")
        self.fields["cluster"].error_messages["invalid_choice"] = NOT_A_MEMBER
        self.fields["problems"].queryset = HardProblem.objects.select_related("plan")


class LogEntryForm(DesignSystemFormMixin, OneTimeFormMixin, forms.ModelForm):
    class Meta:
        model = LogEntry
        fields = ["kind", "text", "share"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"share": _("Share at Ledertræf")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget = forms.RadioSelect(choices=LogEntry.Kind.choices)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write what happened."))
        return text


class StopForm(DesignSystemFormMixin, forms.Form):
    # Initiative.stop_reason and .stop_learning's limit and rule.
    reason = forms.CharField(
        label=_("Why is it stopped?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        validators=[multi_line],
    )
    learning = forms.CharField(
        label=_("What did we learn?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        validators=[multi_line],
    )


class ReviewTimeForm(DesignSystemFormMixin, forms.ModelForm):
    """When and where a review is: rescheduling it ("Flyt vurderingen") edits just this,
    and scheduling one (ReviewForm) adds the participants."""

    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(
        label=_("Time"),
        initial=dt.time(9, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    class Meta:
        model = Review
        fields = ["place"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            local = timezone.localtime(self.instance.scheduled_at)
            self.initial.update(date=local.date(), time=local.time().replace(second=0))

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < timezone.localdate() - dt.timedelta(days=365):
            raise forms.ValidationError(_("Choose a date within the last year or later."))
        return date

    @property
    def scheduled_at(self) -> dt.datetime:
        """The chosen date and time (local), for Review.schedule and .reschedule."""
        return timezone.make_aware(
            dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        )


class ReviewForm(OneTimeFormMixin, ReviewTimeForm):
    """Schedule a portfolio review; participants default to the cluster's members."""

    class Meta:
        model = Review
        fields = ["place", "participants"]
        widgets = {"participants": forms.CheckboxSelectMultiple}

    def __init__(self, *args, cluster: Cluster, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        members = User.objects.filter(
            memberships__cluster=cluster, memberships__ended_at__isnull=True
        ).distinct()
        self.fields["participants"].queryset = members
        if not self.is_bound and not self.instance.pk:
            self.initial["participants"] = list(members.values_list("pk", flat=True))


class ReviewAnswersForm(DesignSystemFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Review
        fields = ["relevant_answer", "capacity_answer", "room_answer"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}


class ReviewCancelForm(DesignSystemFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the review cancelled?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        validators=[multi_line],
    )


class DecisionForm(DesignSystemFormMixin, forms.ModelForm):
    """The review's decision on one initiative, checked against the initiative's
    lifecycle when it is made (Initiative.decision_refusal)."""

    class Meta:
        model = ReviewDecision
        fields = ["decision", "rationale", "stop_reason", "stop_learning"]
        widgets = {
            "rationale": forms.Textarea(attrs={"rows": 2}),
            "stop_reason": forms.Textarea(attrs={"rows": 2}),
            "stop_learning": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "stop_reason": _("If stopped: why?"),
            "stop_learning": _("If stopped: what did we learn?"),
        }

    def __init__(self, *args, initiative: Initiative, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        self.fields["decision"].widget = forms.RadioSelect(choices=ReviewDecision.Decision.choices)

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision and (refusal := self.initiative.decision_refusal(decision)):
            self.add_error("decision", refusal)
        if cleaned.get("decision") == ReviewDecision.Decision.STOP:
            for name in ("stop_reason", "stop_learning"):
                if not cleaned.get(name, "").strip():
                    self.add_error(name, _("A stop needs a reason and what was learned."))
        return cleaned


CAPACITY_INVALID = _("Give the capacity as a whole number of hours from 1 to 10,000.")
CAPACITY_CHANGED = _(
    "Someone else changed the capacity to %(hours)s hours while you were editing. Your "
    "figure has not been saved; it is still in the field. Save again to keep it."
)
CAPACITY_CLEARED = _(
    "Someone else emptied the capacity (the default of %(hours)s hours applies) while you "
    "were editing. Your figure has not been saved; it is still in the field. Save again to "
    "keep it."
)


class CapacityForm(DesignSystemFormMixin, forms.ModelForm):
    """One unit's capacity for development, set by group management; its bounds
    are the validators of `Unit.capacity_hours`.

    The page sends back the capacity it showed (`read_hours`), so that a page read before
    someone else's save does not undo it: a unit left as the page showed it is not saved,
    and a unit changed on the page that someone else changed meanwhile is refused next to
    its field. A form sent without it (an older page) saves what differs from the database.
    It is read leniently, not as a field: the person never sees it to correct it."""

    class Meta:
        model = Unit
        fields = ["capacity_hours"]
        widgets = {"capacity_hours": forms.NumberInput(attrs={"class": "dus-cap-input"})}
        help_texts = {"capacity_hours": ""}  # the empty field shows the default instead
        error_messages = {
            "capacity_hours": dict.fromkeys(("invalid", "min_value", "max_value"), CAPACITY_INVALID)
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["capacity_hours"].widget.attrs.update(
            {"min": 1, "max": MAX_CAPACITY_HOURS, "placeholder": settings.DEFAULT_CAPACITY_HOURS}
        )
        # As the database has it now: what the page shows, and sends back as read_hours.
        self.stored_hours = self.instance.capacity_hours

    def clean_capacity_hours(self):
        # ASCII digits only, as everywhere a number is typed: int() reads "٣" as 3 and
        # "1.0" as 1.
        raw = (self["capacity_hours"].data or "").strip()
        if raw and not (raw.isascii() and raw.isdecimal()):
            raise forms.ValidationError(CAPACITY_INVALID, code="invalid")
        return self.cleaned_data["capacity_hours"]

    def clean(self):
        cleaned = super().clean()
        sent, read = self._read()
        if (
            sent
            and "capacity_hours" in cleaned
            and self.stored_hours != read
            and cleaned["capacity_hours"] not in (read, self.stored_hours)
        ):
            if self.stored_hours is None:
                message, hours = CAPACITY_CLEARED, settings.DEFAULT_CAPACITY_HOURS
            else:
                message, hours = CAPACITY_CHANGED, self.stored_hours
            self.add_error(
                "capacity_hours",
                forms.ValidationError(message, code="conflict", params={"hours": hours}),
            )
        return cleaned

    def has_changed(self) -> bool:
        """To be saved: changed on the page (when it says what it showed), and not what
        the database has already."""
        sent, read = self._read()
        if not sent:
            return super().has_changed()
        try:
            typed = self.fields["capacity_hours"].to_python(self["capacity_hours"].data)
        except forms.ValidationError:
            return True
        return typed not in (read, self.stored_hours)

    @property
    def read_hours_name(self) -> str:
        return self.add_prefix("read_hours")

    def is_conflict(self) -> bool:
        return any(e.code == "conflict" for e in self.errors.as_data().get("capacity_hours", []))

    def _read(self) -> tuple[bool, int | None]:
        """Whether the page sent the capacity it showed, and that capacity (None: empty).
        Anything but a number or nothing is as if it sent none."""
        raw = self.data.get(self.read_hours_name) if self.is_bound else None
        if raw is None:
            return False, None
        raw = raw.strip()
        if not raw:
            return True, None
        if raw.isascii() and raw.isdecimal() and len(raw) <= 6:
            return True, int(raw)
        return False, None


class BaseCapacityFormSet(forms.BaseModelFormSet):
    def clean(self) -> None:
        super().clean()
        if any("id" in form.errors for form in self.forms):
            raise forms.ValidationError(
                _("A unit in the form is no longer there. Load the page again."),
                code="unknown_unit",
            )


# Editing only: a formset sent with more forms than units creates nothing.
CapacityFormSet = forms.modelformset_factory(
    Unit, form=CapacityForm, formset=BaseCapacityFormSet, extra=0, edit_only=True
)
