"""The portfolio in the admin, with history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from portfolio.models import Initiative, LogEntry, Review, ReviewDecision


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
