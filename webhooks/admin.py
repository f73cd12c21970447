from django.contrib import admin

from webhooks.models import Event, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["public_id", "url", "organization", "mode", "enabled", "disabled_reason", "created_at"]
    list_filter = ["enabled", "mode", "organization"]
    search_fields = ["url", "public_id"]
    readonly_fields = ["public_id", "created_at", "updated_at"]
    exclude = ["secret"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["public_id", "type", "object_id", "organization", "mode", "created_at"]
    list_filter = ["type", "mode", "organization"]
    search_fields = ["public_id", "object_id"]
    raw_id_fields = ["tracker"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
