from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dialogues.models import Dialogue, FollowUp


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    raw_id_fields = ["owner", "created_by", "done_by"]


@admin.register(Dialogue)
class DialogueAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "scheduled_at", "state", "contract_holder"]
    list_filter = ["state"]
    raw_id_fields = ["contract_holder", "director", "head_of_department", "created_by"]
    inlines = [FollowUpInline]
