"""Admin for staff: settings, templates and opt-outs; the send log read-only, addresses masked."""

from __future__ import annotations

from django.contrib import admin

from notifications.models import MessageTemplate, Notification, NotificationSettings, Suppression


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    list_display = ["organization", "mode", "email_enabled", "sms_enabled", "milestones", "updated_at"]
    list_filter = ["mode", "email_enabled", "sms_enabled"]


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["organization", "channel", "language", "subject", "updated_at"]
    list_filter = ["channel", "language"]


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    list_display = ["tracker", "channel", "source", "created_at"]
    list_filter = ["channel", "source"]
    raw_id_fields = ["tracker"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The send log. The recipient is shown masked and is not searchable: staff need outcomes, not addresses."""

    list_display = [
        "public_id",
        "organization",
        "mode",
        "channel",
        "milestone",
        "to",
        "status",
        "attempts",
        "created_at",
    ]
    list_filter = ["status", "channel", "kind", "mode"]
    search_fields = ["public_id", "tracker__public_id", "tracker__tracking_number"]
    LOG_FIELDS = (
        "public_id",
        "organization",
        "mode",
        "tracker",
        "channel",
        "kind",
        "milestone",
        "to",
        "language",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "provider_id",
        "event_id",
        "created_at",
        "sent_at",
    )
    fields = readonly_fields = LOG_FIELDS
    list_select_related = ["organization"]

    @admin.display(description="To")
    def to(self, obj: Notification) -> str:
        return obj.masked_recipient

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
