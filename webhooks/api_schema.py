"""Request and response shapes of the native webhooks and deliveries API (the OpenAPI document).

The responses are built by webhooks.representation and subscriptions; the Shapes describe them."""

from __future__ import annotations

from api.shapes import Choice, Field, Shape, page_of, request
from events.models import EventType
from webhooks.models import DeliveryStatus

SubscriptionSerializer = request(
    "Subscription",
    {
        "url": ("url", "https (plain http only where the server allows it)"),
        "secret": Field(
            "str", "Write-only; an empty string clears it", options={"allow_blank": True, "write_only": True}
        ),
        "enabled": Field("bool", options={"default": True}),
        "event_types": ([Choice(tuple(EventType.values))], "Empty: every event type"),
        "description": Field("str", options={"allow_blank": True, "max_length": 200}),
    },
    required=("url",),
)
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
