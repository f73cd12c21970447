"""Request and response shapes of the native webhooks and deliveries API (the OpenAPI document).

The responses are built by webhooks.representation and subscriptions; the Shapes describe them."""

from __future__ import annotations

from rest_framework import serializers

from api.shapes import Choice, Shape, page_of
from events.models import EventType
from webhooks.models import DeliveryStatus


class SubscriptionSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="https (plain http only where the server allows it)")
    secret = serializers.CharField(
        required=False, allow_blank=True, write_only=True, help_text="Write-only; an empty string clears it"
    )
    enabled = serializers.BooleanField(required=False, default=True)
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=EventType.values), required=False, help_text="Empty: every event type"
    )
    description = serializers.CharField(required=False, allow_blank=True, max_length=200)


WEBHOOK = Shape(
    "Webhook",
    {
        "id": ("str", "whk_…"),
        "object": "str",
        "mode": Choice(("test", "live")),
        "url": "url",
        "enabled": "bool",
        "has_secret": "bool",
        "event_types": ["str"],
        "description": "str",
        "disabled_reason": "str",
        "created_at": "datetime",
        "updated_at": "datetime",
    },
)
WEBHOOK_PAGE = page_of(WEBHOOK)
ATTEMPT = Shape(
    "DeliveryAttempt",
    {
        "number": "int",
        "status_code": "int?",
        "error": "str?",
        "message": "str",
        "latency_ms": "int",
        "response_excerpt": "str",
        "created_at": "datetime",
    },
)
DELIVERY = Shape(
    "Delivery",
    {
        "id": ("str", "dlv_…"),
        "object": "str",
        "event": ("str", "evt_…"),
        "event_type": "str",
        "webhook": ("str", "whk_…"),
        "url": "url",
        "status": ("str", "One of: " + ", ".join(DeliveryStatus.values)),
        "attempts": "int",
        "max_attempts": "int",
        "next_attempt_at": "datetime?",
        "last_status_code": "int?",
        "last_error": "str",
        "created_at": "datetime",
        "updated_at": "datetime",
        "attempt_log": [ATTEMPT],
    },
)
DELIVERY_PAGE = page_of(DELIVERY)
