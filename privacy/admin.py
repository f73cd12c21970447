from django.contrib import admin

from privacy.models import AuditEntry, PrivacySettings


@admin.register(PrivacySettings)
class PrivacySettingsAdmin(admin.ModelAdmin):
    list_display = ["organization", "retention_days", "updated_at"]
    raw_id_fields = ["organization"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence, so nobody edits or deletes it here."""

    list_display = ["created_at", "organization", "actor_label", "source", "action", "target"]
    list_filter = ["source", "action"]
    search_fields = ["actor_label", "action", "target"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
