"""Forms for gatherings and their agendas."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from dialogues.models import AgendaItem, Gathering
from dus.forms import DesignSystemFormMixin, OneTimeFormMixin, VersionedFormMixin
from dus.models import HardProblem, Track, User
from dus.people import PersonField


class GatheringForm(OneTimeFormMixin, DesignSystemFormMixin, VersionedFormMixin, forms.ModelForm):
    """Create a gathering (once, with a token) or change its time, place or theme
    (versioned: of two saves from the same version one wins)."""

    class Meta:
        model = Gathering
        fields = ["kind", "title", "date", "starts_at", "ends_at", "place"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class AgendaItemForm(DesignSystemFormMixin, forms.ModelForm):
    """A free item, or the title, duration and presenter of any item. The presenter is
    typed, with suggestions (dialogues:presenter_suggestions): any active person, and no
    list of them all on the builder."""

    presenter = PersonField(
        people=User.objects.filter(is_active=True),
        suggestions="dialogues:presenter_suggestions",
        label=capfirst(_("presenter")),
        required=False,
    )

    class Meta:
        model = AgendaItem
        fields = ["title", "duration_minutes", "presenter"]
        widgets = {"duration_minutes": forms.NumberInput(attrs={"min": 1, "max": 240})}
        help_texts = {"title": _("For example Velkomst, Pause, Workshop or Opsamling.")}


class OutcomeForm(DesignSystemFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["outcome", "next_try"]
        widgets = {
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "next_try": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "outcome": _("What was said and decided."),
            "next_try": _("The units or people who will try it in their own work."),
        }


# Editing the agenda's items only: a formset sent with more forms than items (or with
# INITIAL_FORMS lowered) creates nothing.
OutcomeFormSet = forms.modelformset_factory(AgendaItem, form=OutcomeForm, extra=0, edit_only=True)


class PoolFilterForm(DesignSystemFormMixin, forms.Form):
    """The candidate pool's filters: the current plan's tracks and hard problems."""

    track = forms.ModelChoiceField(
        label=_("Development track"), queryset=Track.objects.all(), required=False
    )
    problem = forms.ModelChoiceField(
        label=_("Hard problem"), queryset=HardProblem.objects.all(), required=False
    )

    def __init__(self, *args, plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = Track.objects.filter(plan=plan)
        self.fields["problem"].queryset = HardProblem.objects.filter(plan=plan)
