"""Forms of the dialogues app: scheduling a contract-holder dialogue, its preparation
and notes, and its follow-ups."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dialogues.models import Dialogue, FollowUp
from dus.forms import DesignSystemFormMixin, OneTimeFormMixin, VersionedFormMixin
from dus.models import Role, Unit, User
from portfolio.forms import ReviewTimeForm


def _people_with(*roles: str):
    return User.objects.filter(groups__name__in=roles, is_active=True).distinct()


class DialogueForm(OneTimeFormMixin, ReviewTimeForm):
    """Schedule a dialogue: when, where, and the three who take part. The contract
    holder defaults to the unit's leader."""

    class Meta:
        model = Dialogue
        fields = ["unit", "place", "contract_holder", "director", "head_of_department"]
        help_texts = {"contract_holder": _("Leave empty to invite the unit's leader.")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Every active unit is accepted here, so that another kind is refused by the model
        # with a message saying why; the list offers the active contract units only.
        self.fields["unit"].queryset = Unit.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.unit_id)
        )
        self.fields["unit"].widget.choices = [("", _("Choose a contract unit"))] + [
            (unit.pk, unit.name)
            for unit in Unit.objects.active().filter(kind=Unit.Kind.CONTRACT_UNIT)
        ]
        self.fields["contract_holder"].required = False
        self.fields["contract_holder"].queryset = _people_with(Role.CONTRACT_HOLDER)
        self.fields["director"].queryset = _people_with(Role.DIRECTION)
        self.fields["head_of_department"].queryset = _people_with(
            Role.GROUP_MANAGEMENT, Role.DIRECTION
        )

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("unit")
        if unit and not cleaned.get("contract_holder"):
            if unit.leader_id is None:
                self.add_error(
                    "contract_holder",
                    _("The unit has no leader in the portal: choose the contract holder."),
                )
            else:
                cleaned["contract_holder"] = unit.leader
        return cleaned


class PreparationForm(DesignSystemFormMixin, VersionedFormMixin, forms.ModelForm):
    """The contract holder's preparation on the document's three themes."""

    class Meta:
        model = Dialogue
        fields = ["prep_operations", "prep_development", "prep_contribution"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}
        help_texts = {
            "prep_operations": _("How is the daily operation going? What takes up your time?"),
            "prep_development": _(
                "What are you developing in your area, and what have you learned?"
            ),
            "prep_contribution": _(
                "How do you and your unit take part in the clusters and the shared work?"
            ),
        }

    def save(self, commit: bool = True):
        self.instance.mark_prepared()
        return super().save(commit=commit)


class NotesForm(DesignSystemFormMixin, VersionedFormMixin, forms.ModelForm):
    """What was said per theme; saving it marks the dialogue as held."""

    class Meta:
        model = Dialogue
        fields = ["notes_operations", "notes_development", "notes_contribution"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}

    def save(self, commit: bool = True):
        self.instance.mark_held()
        return super().save(commit=commit)


class FollowUpForm(DesignSystemFormMixin, OneTimeFormMixin, forms.ModelForm):
    """A follow-up: what, who (one of the three participants), by when."""

    class Meta:
        model = FollowUp
        fields = ["what", "owner", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        error_messages = {"owner": {"required": _("Choose who follows up.")}}

    def __init__(self, *args, dialogue: Dialogue, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.dialogue = dialogue
        self.fields["owner"].queryset = User.objects.filter(pk__in=dialogue.participant_ids)
        self.fields["owner"].empty_label = _("Choose a person")
