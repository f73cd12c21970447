from typing import cast

from django.contrib import admin, messages

from trackers import services
from trackers.models import Tracker, TrackingEvent


class TrackingEventInline(admin.TabularInline):
    model = TrackingEvent
    extra = 0
    can_delete = False
    fields = [
        "occurred_at",
        "time_zone",
        "status",
        "status_detail",
        "message",
        "city",
        "state",
        "country",
        "courier",
        "superseded_at",
    ]
    readonly_fields = cast(list[str], fields)  # flat names (the stubs type `fields` as field groups)
    ordering = ["-occurred_at"]

    def get_queryset(self, request):
        # Staff see the whole history, the events of a corrected courier too (superseded_at set).
        return TrackingEvent.history.all()

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Tracker)
class TrackerAdmin(admin.ModelAdmin):
    list_display = [
        "public_id",
        "tracking_number",
        "courier",
        "organization",
        "mode",
        "status",
        "status_detail",
        "est_delivery_at",
        "last_event_at",
        "next_refresh_at",
        "active",
    ]
    list_filter = ["status", "courier", "mode", "active", "organization"]
    search_fields = ["tracking_number", "order_id", "customer_email", "public_id"]
    list_select_related = ["organization"]
    readonly_fields = [
        "public_id",
        "public_token",
        "organization",
        "mode",
        "tracking_number",
        "courier",
        "courier_detected",
        "status",
        "status_detail",
        "est_delivery_at",
        "delivered_at",
        "last_event_at",
        "last_refreshed_at",
        "refresh_failures",
        "last_error",
        "created_at",
        "updated_at",
    ]
    inlines = [TrackingEventInline]
    actions = ["refresh_now", "deactivate"]
    show_full_result_count = False  # no COUNT(*) over a large table on every page

    def has_add_permission(self, request) -> bool:
        return False  # trackers are created through the services (API, dashboard, add_tracker)

    @admin.action(description="Refresh now")
    def refresh_now(self, request, queryset):
        report = services.refresh_many(list(queryset[:500]))
        self.message_user(
            request, f"Refreshed {report.refreshed}; {report.changed} changed, {report.failed} failed.", messages.INFO
        )

    @admin.action(description="Deactivate (stop refreshing)")
    def deactivate(self, request, queryset):
        count = services.deactivate_trackers(queryset)
        self.message_user(request, f"Deactivated {count} trackers.", messages.INFO)


@admin.register(TrackingEvent)
class TrackingEventAdmin(admin.ModelAdmin):
    list_display = ["tracker", "occurred_at", "time_zone", "status", "status_detail", "message", "city", "country"]
    list_filter = ["status", "courier", ("superseded_at", admin.EmptyFieldListFilter)]
    search_fields = ["tracker__tracking_number", "tracker__public_id", "message"]
    raw_id_fields = ["tracker"]
    show_full_result_count = False

    def get_queryset(self, request):
        return TrackingEvent.history.all()

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
