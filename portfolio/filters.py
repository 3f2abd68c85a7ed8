"""The filters of initiative lists and the dashboard (django-filter)."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from dus.models import HardProblem, Track, Unit, User
from missions.models import Cluster, Mission
from portfolio.models import Initiative, Status

# Sort keys of initiative lists: (order_by, label).
SORTS = {
    "rank": (["cluster__name", "rank"], _("Cluster and priority")),
    "title": (["title"], _("Title")),
    "status": (["status", "title"], _("Status")),
    "-effort": (["-effort_hours", "title"], _("Most hours")),
    "-updated": (["-updated_at"], _("Latest changed")),
}


class InitiativeFilter(django_filters.FilterSet):
    track = django_filters.ModelChoiceFilter(
        field_name="cluster__mission__track", queryset=Track.objects.all(), label=_("Track")
    )
    mission = django_filters.ModelChoiceFilter(
        field_name="cluster__mission", queryset=Mission.objects.all(), label=_("Mission")
    )
    cluster = django_filters.ModelChoiceFilter(queryset=Cluster.objects.all(), label=_("Cluster"))
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), label=_("Unit"))
    problem = django_filters.ModelChoiceFilter(
        field_name="problems", queryset=HardProblem.objects.all(), label=_("Hard problem")
    )
    status = django_filters.ChoiceFilter(
        choices=[("active", _("Active (not ended)")), *Status.choices],
        method="filter_status",
        label=_("Status"),
    )
    kind = django_filters.ChoiceFilter(choices=Initiative.Kind.choices, label=_("Kind"))
    owner = django_filters.ModelChoiceFilter(
        queryset=User.objects.filter(Exists(Initiative.objects.filter(owner=OuterRef("pk")))),
        label=_("Owner"),
    )

    class Meta:
        model = Initiative
        fields = ["track", "mission", "cluster", "unit", "problem", "status", "kind", "owner"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"
            if hasattr(field, "empty_label"):
                # Every choice field puts this one empty choice first, itself.
                field.empty_label = _("All")

    def filter_status(self, queryset, name, value):
        if value == "active":
            return queryset.active()
        return queryset.filter(status=value)

    @property
    def qs(self):
        """The filtered initiatives, or none when a filter value is not valid."""
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs

    @property
    def active_filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "")}
