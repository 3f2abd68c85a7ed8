"""The admin, in Danish through the verbose names."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from dus.audit import can_export
from dus.models import HardProblem, Plan, Source, StrategyTrack, Track, Unit, User

admin.site.site_header = _("DUS-portalen administration")
admin.site.site_title = "DUS-portalen"


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_on", "ends_on"]
    prepopulated_fields = {"slug": ["title"]}


class FrameItemAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "plan"]
    list_display_links = ["title"]
    list_filter = ["plan"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}


admin.site.register(StrategyTrack, FrameItemAdmin)
admin.site.register(Track, FrameItemAdmin)


@admin.register(HardProblem)
class HardProblemAdmin(FrameItemAdmin):
    list_display = ["number", "title", "addressed_elsewhere", "plan"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "leader", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "external_id"]
    list_select_related = ["parent", "leader"]
    autocomplete_fields = ["parent", "leader"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Organisation"), {"fields": ("job_title", "unit", "unit_source", "external_id")}),
        # Set at the first sign-in with a work account; an administrator may clear the id
        # (to link the person again by e-mail) or fill it in from the identity provider.
        (_("Identity provider"), {"fields": ("idp_subject", "idp_roles")}),
    )
    readonly_fields = ["unit_source", "idp_roles"]
    list_display = ["username", "first_name", "last_name", "unit", "is_active"]
    list_select_related = ["unit"]
    list_filter = [*BaseUserAdmin.list_filter, "unit__kind"]
    autocomplete_fields = ["unit"]
    search_fields = [*BaseUserAdmin.search_fields, "external_id"]
    actions = ["export_audit_trail"]

    def save_model(self, request, obj, form, change) -> None:
        """A unit chosen here is set by hand, until the next organisation import."""
        if "unit" in form.changed_data:
            obj.unit_source = Source.ADMIN
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Export audit trail (CSV)"))
    def export_audit_trail(self, request, queryset):
        """The person's audit trail (dus/audit.py), for their request for access: one
        person at a time. The download's view checks the permission again."""
        if not can_export(request.user):
            self.message_user(
                request, _("Only an administrator exports an audit trail."), messages.ERROR
            )
            return None
        if queryset.count() != 1:
            self.message_user(request, _("Choose one person."), messages.WARNING)
            return None
        return redirect("frame:audit_trail_export_csv", pk=queryset.get().pk)
