"""Request and response shapes of the native webhooks and deliveries API (the OpenAPI document).

The responses are built by webhooks.representation and subscriptions; the Shapes describe them."""

from __future__ import annotations

from api.shapes import Choice, Field, Shape, page_of, request
from events.models import EventType
from webhooks.models import DeliveryStatus

FORMAT_HELP = (
    "`native` (default) or a dialect's name (`aftership`, `easypost`, `packagex`, `packy`, `tracktry`): the body, "
    "event names and signature scheme of every delivery"
)
HEADERS_HELP = "Extra headers sent with every delivery, name to value (at most 10; never signature or hop-by-hop ones)"

SubscriptionSerializer = request(
    "Subscription",
    {
        "url": ("url", "https (plain http only where the server allows it)"),
        "secret": Field(
            "str",
            "Write-only; generated (whsec_…) when absent on create; an empty string clears it",
            options={"allow_blank": True, "write_only": True},
        ),
        "unsigned": Field("bool", "true: no secret, deliveries are not signed (a deliberate choice)"),
        "format": Field("str", FORMAT_HELP, options={"default": "native"}),
        "custom_headers": Field("object", HEADERS_HELP),
        "enabled": Field("bool", options={"default": True}),
        "event_types": ([Choice(tuple(EventType.values))], "Empty: every event type"),
        "description": Field("str", options={"allow_blank": True, "max_length": 200}),
    },
    required=("url",),
)
WEBHOOK_HEALTH = Shape(
    "WebhookHealth",
    {
        "failing_since": ("datetime?", "The first failed delivery since the last success", None),
        "last_success_at": ("datetime?", "The last 2xx answer (to within a few seconds)", "2026-03-01T12:00:05Z"),
        "pending_deliveries": ("int", "Deliveries waiting to be sent or retried", 0),
    },
)
WEBHOOK = Shape(
    "Webhook",
    {
        "id": ("str", "whk_…", "whk_5RtYp0LmZ2xQa8WcK3Nb7VsE"),
        "object": ("str", "", "webhook"),
        "mode": (Choice(("test", "live")), "", "test"),
        "url": ("url", "", "https://example.com/hooks"),
        "enabled": ("bool", "", True),
        "has_secret": ("bool", "", True),
        "format": ("str", FORMAT_HELP, "native"),
        "event_types": (["str"], "", []),
        "custom_headers": Field("object", HEADERS_HELP, example={}),
        "description": ("str", "", "Order system"),
        "disabled_reason": ("str", "", ""),
        "health": WEBHOOK_HEALTH,
        "created_at": ("datetime", "", "2026-03-01T12:00:00Z"),
        "updated_at": ("datetime", "", "2026-03-01T12:00:00Z"),
    },
)
WEBHOOK_PAGE = page_of(WEBHOOK)
CREATED_WEBHOOK = Shape(
    "CreatedWebhook",
    {
        "secret": (
            "str?",
            "The generated signing secret, shown in this answer only (null when you sent one, or unsigned)",
            "whsec_…",
        )
    },
    base=WEBHOOK,
)
ATTEMPT = Shape(
    "DeliveryAttempt",
    {
        "number": ("int", "", 1),
        "status_code": ("int?", "", 500),
        "error": ("str?", "", None),
        "message": ("str", "", "The receiver answered HTTP 500."),
        "latency_ms": ("int", "", 41),
        "response_excerpt": ("str", "", "Internal Server Error"),
        "created_at": ("datetime", "", "2026-03-01T12:01:01Z"),
    },
)
DELIVERY = Shape(
    "Delivery",
    {
        "id": ("str", "dlv_…", "dlv_Q2mX7pLr0aZk9WcT4YbN1sVe"),
        "object": ("str", "", "delivery"),
        "event": ("str", "evt_…", "evt_3kTq9ZbA1sXw4YpLm2Nc7RvE"),
        "event_type": ("str", "", "tracker.updated"),
        "webhook": ("str", "whk_…", "whk_5RtYp0LmZ2xQa8WcK3Nb7VsE"),
        "url": ("url", "", "https://example.com/hooks"),
        "format": ("str", "The webhook's format", "native"),
        "subject_type": ("str", "What the event is about: tracker, shipment, …", "tracker"),
        "subject_id": ("str", "Its id (trk_…, shp_…)", "trk_8KxQ2mLr0aZk9WcT4YbN1sVe"),
        "status": ("str", "One of: " + ", ".join(DeliveryStatus.values), "pending"),
        "attempts": ("int", "", 1),
        "max_attempts": ("int", "", 10),
        "next_attempt_at": ("datetime?", "", "2026-03-01T12:02:03Z"),
        "last_status_code": ("int?", "", 500),
        "last_error": ("str", "", "The receiver answered HTTP 500."),
        "created_at": ("datetime", "", "2026-03-01T12:01:00Z"),
        "updated_at": ("datetime", "", "2026-03-01T12:01:01Z"),
        "attempt_log": [ATTEMPT],
    },
)
DELIVERY_PAGE = page_of(DELIVERY)
