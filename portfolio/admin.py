"""The portfolio in the admin, with history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from portfolio.models import Initiative, LogEntry, Reminder, Review, ReviewDecision


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "status", "cluster", "owner", "rank"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "what", "hypothesis"]
    list_select_related = ["cluster", "owner"]
    autocomplete_fields = ["owner", "unit"]
    readonly_fields = ["version"]


@admin.register(LogEntry)
class LogEntryAdmin(SimpleHistoryAdmin):
    list_display = ["initiative", "kind", "author", "created_at", "share"]
    list_filter = ["kind", "share"]
    list_select_related = ["initiative", "author"]
    search_fields = ["text"]


class DecisionInline(admin.TabularInline):
    model = ReviewDecision
    extra = 0
    raw_id_fields = ["initiative", "decided_by"]


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "scheduled_at", "state"]
    list_filter = ["state"]
    list_select_related = ["cluster"]
    inlines = [DecisionInline]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Read-only: rows are written by portfolio/reminders.py, never by hand."""

    list_display = ["kind", "recipient", "review", "due_at", "status", "attempts", "sent_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["recipient", "review__cluster"]
    search_fields = ["recipient__email", "recipient__first_name", "recipient__last_name"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
