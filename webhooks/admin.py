"""Admin for staff: subscriptions, the event outbox, deliveries with their attempt log and a retry action."""

from __future__ import annotations

from typing import cast

from django.contrib import admin, messages

from core.errors import ServiceError
from events.models import Event
from webhooks import services
from webhooks.models import Delivery, DeliveryAttempt, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["public_id", "url", "organization", "mode", "format", "enabled", "disabled_reason", "created_at"]
    list_filter = ["enabled", "mode", "organization"]
    search_fields = ["url", "public_id"]
    readonly_fields = ["public_id", "failing_since", "created_at", "updated_at"]
    exclude = ["secret"]
    actions = ["send_test"]

    @admin.action(description="Send a test event")
    def send_test(self, request, queryset):
        for sub in queryset:
            delivery = services.send_test(sub)
            level = messages.SUCCESS if delivery.status == "succeeded" else messages.WARNING
            self.message_user(request, f"{sub.url}: {delivery.status} {delivery.last_error}".strip(), level)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class DeliveryInline(ReadOnlyInline):
    model = Delivery
    fields = ["public_id", "subscription", "status", "attempts", "next_attempt_at", "last_status_code", "last_error"]
    readonly_fields = cast(list[str], fields)  # flat names (the stubs type `fields` as field groups)


class AttemptInline(ReadOnlyInline):
    model = DeliveryAttempt
    show_change_link = False
    fields = ["number", "status_code", "error", "message", "latency_ms", "response_excerpt", "created_at"]
    readonly_fields = cast(list[str], fields)  # flat names (the stubs type `fields` as field groups)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["public_id", "type", "subject_id", "organization", "mode", "created_at"]
    list_filter = ["type", "mode", "organization"]
    search_fields = ["public_id", "subject_id"]
    list_select_related = ["organization"]
    show_full_result_count = False
    inlines = [DeliveryInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["public_id", "event", "subscription", "status", "attempts", "last_status_code", "next_attempt_at"]
    list_filter = ["status", "subscription__mode"]
    search_fields = ["public_id", "event__public_id", "subscription__public_id", "subscription__url"]
    list_select_related = ["event", "subscription"]
    show_full_result_count = False
    inlines = [AttemptInline]
    actions = ["retry"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Retry now")
    def retry(self, request, queryset):
        done = 0
        for delivery in queryset[:100]:
            try:
                services.retry_delivery(delivery)
                done += 1
            except ServiceError as exc:
                self.message_user(request, f"{delivery.public_id}: {exc.message}", messages.WARNING)
        if done:
            self.message_user(request, f"{done} delivery(ies) retried.", messages.SUCCESS)
