"""Missions, clusters, actors and memberships in the admin, with their history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from missions.models import Actor, Cluster, Membership, Mission


@admin.register(Mission)
class MissionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "track", "status", "sponsor"]
    list_filter = ["track", "status"]
    search_fields = ["title", "statement"]
    list_select_related = ["track", "sponsor"]
    filter_horizontal = ["problems", "strategy_tracks"]
    readonly_fields = ["version"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person", "actor"]


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin):
    list_display = ["name", "mission", "review_cadence_weeks", "next_review_on"]
    list_select_related = ["mission"]
    search_fields = ["name", "purpose"]
    inlines = [MembershipInline]
    # next_review_on follows the cluster's reviews (portfolio's Review methods).
    readonly_fields = ["version", "next_review_on"]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "kind", "anonymised_at"]
    list_filter = ["kind"]
    search_fields = ["name", "organisation"]
