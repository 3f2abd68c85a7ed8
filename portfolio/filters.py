"""The filters of initiative lists and the dashboard (django-filter)."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dus.input import parse_int
from dus.models import HardProblem, Track, Unit, User
from dus.people import named as owners_named
from missions.models import Cluster, Mission
from portfolio.models import Initiative, Status

# The field each filter's options show (their __str__).
LABELS = {
    "track": "title",
    "mission": "title",
    "cluster": "name",
    "unit": "name",
    "problem": "title",
}
SUGGESTIONS = 10  # owners suggested as the user types

# Sort keys of initiative lists: (order_by, label).
SORTS = {
    "rank": (["cluster__name", "rank"], _("Cluster and priority")),
    "title": (["title"], _("Title")),
    "status": (["status", "title"], _("Status")),
    "-effort": (["-effort_hours", "title"], _("Most hours")),
    "-updated": (["-updated_at"], _("Latest changed")),
}


def owners(text: str, limit: int = SUGGESTIONS):
    """The first people owning an initiative whose name has every word of the text."""
    return (
        User.objects.filter(owners_named(text))
        .filter(Exists(Initiative.objects.filter(owner=OuterRef("pk"))))
        .only("first_name", "last_name", "username")
        .order_by("first_name", "last_name", "pk")[:limit]
    )


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
    # A text field with suggestions (portfolio:owner_suggestions), not a list of every
    # owner: a person's id (the links from the dashboard) or words of their name.
    owner = django_filters.CharFilter(method="filter_owner", max_length=150, label=_("Owner"))

    class Meta:
        model = Initiative
        fields = ["track", "mission", "cluster", "unit", "problem", "status", "kind", "owner"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"
            if hasattr(field, "empty_label"):
                # The choice field adds this empty choice itself, once: "Alle", not the
                # "I alt" (total) of a table's last column.
                field.empty_label = pgettext_lazy("filter: no filter", "All")
        self.form.fields["owner"].widget.attrs["class"] = "form-input"
        # The options need only each object's id and name (long lists: 200 clusters).
        # select_options reads just the ids and labels (2,000 clusters at ten times the data).
        for name, label in LABELS.items():
            self.form.fields[name].queryset = self.form.fields[name].queryset.only(label)
            self.form.fields[name].label_field = label

    def filter_owner(self, queryset, name, value):
        if value.isdecimal():  # a person's id (links), else words of a name
            pk = parse_int(value)
            return queryset.filter(owner_id=pk) if pk else queryset.none()
        return queryset.filter(owners_named(value, "owner__"))

    @cached_property
    def owner_text(self) -> str:
        """What the owner field shows: the name of a person given by id, else the text."""
        value = str(self.form["owner"].value() or "")
        if value.isdecimal() and (pk := parse_int(value)):
            person = User.objects.only("first_name", "last_name", "username").filter(pk=pk).first()
            return str(person) if person else value
        return value

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
