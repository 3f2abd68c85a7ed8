"""Forms for missions, clusters and their members."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from dus.forms import DesignSystemFormMixin, OneTimeFormMixin, VersionedFormMixin
from dus.models import HardProblem, Plan, Role, StrategyTrack, Track, User
from missions.models import Actor, Cluster, Membership, Mission


class MissionForm(DesignSystemFormMixin, VersionedFormMixin, OneTimeFormMixin, forms.ModelForm):
    class Meta:
        model = Mission
        fields = [
            "title",
            "track",
            "statement",
            "ambition",
            "problems",
            "strategy_tracks",
            "sponsor",
            "status",
        ]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 3}),
            "ambition": forms.Textarea(attrs={"rows": 5}),
            "problems": forms.CheckboxSelectMultiple,
            "strategy_tracks": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "problems": {"required": _("Choose at least one hard problem.")},
        }

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = Track.objects.filter(plan=plan)
        self.fields["track"].empty_label = _("Choose a track")
        self.fields["problems"].queryset = HardProblem.objects.filter(plan=plan)
        self.fields["strategy_tracks"].queryset = StrategyTrack.objects.filter(plan=plan)
        self.fields["sponsor"].queryset = User.objects.filter(
            is_active=True, groups__name__in=[Role.GROUP_MANAGEMENT, Role.DIRECTION]
        ).distinct()
        self.fields["sponsor"].empty_label = _("No sponsor yet")


class ClusterForm(DesignSystemFormMixin, VersionedFormMixin, OneTimeFormMixin, forms.ModelForm):
    class Meta:
        model = Cluster
        # No next_review_on: the portfolio's reviews keep it (Review.schedule and friends).
        fields = ["name", "purpose", "review_cadence_weeks"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "review_cadence_weeks": forms.NumberInput(attrs={"min": 1, "max": 52}),
        }

    def __init__(self, *args, creating: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if creating:
            # The first coordinators are chosen with the cluster; later ones are members.
            self.fields["coordinators"] = forms.ModelMultipleChoiceField(
                label=_("Coordinators"),
                queryset=User.objects.filter(is_active=True).select_related("unit"),
                help_text=_("Hold Ctrl (Cmd on a Mac) to choose more than one."),
                error_messages={"required": _("Choose at least one coordinator.")},
            )
            self.fields["coordinators"].widget.attrs["class"] = "form-select dus-multi"

    name_taken_message = _("The mission already has a cluster with that name. Choose another name.")

    def name_taken(self) -> bool:
        """Whether another cluster of the mission has the name; the form has no `mission`
        field, so the model's unique check would skip it: the view sets the instance's."""
        return (
            Cluster.objects.filter(mission=self.instance.mission_id, name=self.cleaned_data["name"])
            .exclude(pk=self.instance.pk)
            .exists()
        )

    def clean_name(self) -> str:
        if self.name_taken():
            raise forms.ValidationError(self.name_taken_message, code="unique")
        return self.cleaned_data["name"]

    def clean_review_cadence_weeks(self) -> int:
        weeks = self.cleaned_data["review_cadence_weeks"]
        if not 1 <= weeks <= 52:
            raise forms.ValidationError(_("Give a number of weeks from 1 to 52."))
        return weeks


class AddPersonForm(forms.Form):
    """Add a colleague to a cluster (chosen from the search results)."""

    person = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True),
        error_messages={"invalid_choice": _("That colleague cannot be found.")},
    )
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.MEMBER)


class ActorForm(DesignSystemFormMixin, OneTimeFormMixin, forms.ModelForm):
    """Add an external actor (not a user of the portal) to a cluster."""

    role = forms.ChoiceField(
        label=_("Role in the cluster"),
        choices=Membership.Role.choices,
        initial=Membership.Role.EXTERNAL,
    )

    class Meta:
        model = Actor
        fields = ["name", "organisation", "kind", "email", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, prefix="actor", **kwargs)
        self.fields["kind"].choices = [("", _("Choose a kind")), *Actor.Kind.choices]

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not re.fullmatch(r"\+?[0-9 ]{8,20}", phone):
            raise forms.ValidationError(_("Write the phone number with digits, e.g. 87 94 70 00."))
        return phone


class RoleForm(forms.Form):
    """Change a member's role; `current_role` is the role the form was read with."""

    role = forms.ChoiceField(choices=Membership.Role.choices)
    current_role = forms.ChoiceField(choices=Membership.Role.choices)
