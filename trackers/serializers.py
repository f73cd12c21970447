"""Request and response shapes of the native API, for the OpenAPI document and its examples.

They translate only: the rules (normalization, detection, modes, credits, deduplication, webhook
URLs) are in the services, which the views call with the request body. Responses are built by
trackers.representation (plain dicts, cheap); the serializers below describe those dicts.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers

from trackers.statuses import Status
from webhooks.models import EventType

# --- requests ------------------------------------------------------------------------------------


class OrderFieldsSerializer(serializers.Serializer):
    metadata = serializers.DictField(required=False, help_text="Your own keys; PATCH merges, null removes a key")
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    order_id = serializers.CharField(required=False, allow_blank=True, max_length=100)
    order_created_at = serializers.CharField(required=False, allow_null=True, help_text="ISO 8601 or 2017/8/27 16:51")
    customer_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    customer_email = serializers.CharField(required=False, allow_blank=True)
    customer_phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    destination_country = serializers.CharField(required=False, allow_blank=True, help_text="ISO 3166 alpha-2")
    destination_postal_code = serializers.CharField(required=False, allow_blank=True, max_length=20)
    ship_date = serializers.CharField(required=False, allow_null=True, help_text="YYYY-MM-DD or YYYYMMDD")
    language = serializers.CharField(required=False, allow_blank=True, max_length=10)
    comment = serializers.CharField(required=False, allow_blank=True)


class TrackerCreateSerializer(OrderFieldsSerializer):
    tracking_number = serializers.CharField(help_text="4 to 64 letters, digits or dashes")
    courier = serializers.CharField(required=False, help_text="Detected from the number when omitted")


class DetectSerializer(serializers.Serializer):
    tracking_number = serializers.CharField()


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


# --- responses -----------------------------------------------------------------------------------


class LocationSerializer(serializers.Serializer):
    city = serializers.CharField()
    state = serializers.CharField()
    postal_code = serializers.CharField()
    country = serializers.CharField()


class EventSerializer(serializers.Serializer):
    occurred_at = serializers.DateTimeField(help_text="UTC")
    local_time = serializers.CharField(help_text="Local time with its offset (UTC when the zone is unknown)")
    time_zone = serializers.CharField(allow_null=True, help_text="IANA zone, null when unknown")
    time_zone_known = serializers.BooleanField()
    status = serializers.ChoiceField(choices=Status.values)
    status_detail = serializers.CharField()
    message = serializers.CharField()
    location = LocationSerializer()
    courier = serializers.CharField()


class TrackerSerializer(OrderFieldsSerializer):
    id = serializers.CharField(help_text="trk_…")
    object = serializers.CharField()
    mode = serializers.ChoiceField(choices=["test", "live"])
    tracking_number = serializers.CharField()
    courier = serializers.CharField()
    courier_detected = serializers.BooleanField(help_text="True when the courier was detected from the number")
    status = serializers.ChoiceField(choices=Status.values)
    status_detail = serializers.CharField()
    est_delivery_at = serializers.DateTimeField(allow_null=True)
    delivered_at = serializers.DateTimeField(allow_null=True)
    last_event_at = serializers.DateTimeField(allow_null=True)
    active = serializers.BooleanField(help_text="False once it is no longer refreshed")
    public_url = serializers.URLField(help_text="Public tracking page for the recipient")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    events = EventSerializer(many=True, required=False, help_text="Newest first; detail responses only")


class CandidateSerializer(serializers.Serializer):
    courier = serializers.CharField()
    name = serializers.CharField()
    confidence = serializers.FloatField()
    check_digit_valid = serializers.BooleanField()


class CreatedTrackerSerializer(TrackerSerializer):
    deduplicated = serializers.BooleanField(help_text="Live mode: the original tracker came back, no new charge")
    courier_candidates = CandidateSerializer(many=True)
    refresh_error = serializers.CharField(required=False, help_text="async=false: what the carrier answered")


class ItemErrorDetail(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    status = serializers.IntegerField()


class ItemErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position in the request array (0 for a single object)")
    tracking_number = serializers.CharField()
    error = ItemErrorDetail()


class CreateResultSerializer(serializers.Serializer):
    data = CreatedTrackerSerializer(many=True)
    errors = ItemErrorSerializer(many=True)


class MetaSerializer(serializers.Serializer):
    limit = serializers.IntegerField()
    has_more = serializers.BooleanField()
    next_cursor = serializers.CharField(allow_null=True)


class TrackerPageSerializer(serializers.Serializer):
    data = TrackerSerializer(many=True)
    meta = MetaSerializer()


class CourierSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    website = serializers.CharField()
    tracking_url_template = serializers.CharField()
    adapter_configured = serializers.BooleanField()


class CourierListSerializer(serializers.Serializer):
    data = CourierSerializer(many=True)


class DetectResultSerializer(serializers.Serializer):
    tracking_number = serializers.CharField(help_text="Normalized")
    data = CandidateSerializer(many=True)


class WebhookSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="whk_…")
    object = serializers.CharField()
    mode = serializers.ChoiceField(choices=["test", "live"])
    url = serializers.URLField()
    enabled = serializers.BooleanField()
    has_secret = serializers.BooleanField()
    event_types = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField()
    disabled_reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class WebhookPageSerializer(serializers.Serializer):
    data = WebhookSerializer(many=True)
    meta = MetaSerializer()


class UsageSerializer(serializers.Serializer):
    mode = serializers.CharField()
    month = serializers.DateField()
    trackers_created = serializers.DictField(child=serializers.IntegerField())
    credit_balance = serializers.IntegerField(allow_null=True, help_text="null: unlimited")
    unlimited = serializers.BooleanField()


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="snake_case, stable")
    message = serializers.CharField()
    errors = FieldErrorSerializer(many=True)
    status = serializers.IntegerField()


class ErrorSerializer(serializers.Serializer):
    error = ErrorBodySerializer()


# --- examples ------------------------------------------------------------------------------------

EVENT_EXAMPLE = {
    "occurred_at": "2026-03-01T14:02:00Z",
    "local_time": "2026-03-01T08:02:00-06:00",
    "time_zone": "America/Chicago",
    "time_zone_known": True,
    "status": "in_transit",
    "status_detail": "arrived_at_facility",
    "message": "Arrived at Chicago facility",
    "location": {"city": "Chicago", "state": "IL", "postal_code": "60601", "country": "US"},
    "courier": "sandbox",
}
TRACKER_EXAMPLE = {
    "id": "trk_8fJw2LpQ0aZx5YtRk1Mn3VbC",
    "object": "tracker",
    "mode": "test",
    "tracking_number": "PKGX-DDDDDDD-1234567",
    "courier": "sandbox",
    "courier_detected": True,
    "status": Status.IN_TRANSIT,
    "status_detail": "arrived_at_facility",
    "est_delivery_at": "2026-03-01T14:06:00Z",
    "delivered_at": None,
    "last_event_at": "2026-03-01T14:02:00Z",
    "active": True,
    "public_url": "http://127.0.0.1:8000/t/Yb3kQ9ZbA1sXw4YpLm2Nc7RvE0aZx5Yt/",
    "metadata": {"internal_id": "hello-world"},
    "title": "Blue mug",
    "order_id": "#0002",
    "customer_name": "Karen Ng",
    "customer_email": "karen@example.com",
    "customer_phone": "",
    "destination_country": "US",
    "destination_postal_code": "",
    "language": "en",
    "comment": "",
    "order_created_at": None,
    "ship_date": None,
    "created_at": "2026-03-01T14:00:00Z",
    "updated_at": "2026-03-01T14:02:00Z",
    "events": [EVENT_EXAMPLE],
}

ERROR_DESCRIPTIONS = {
    400: "The request is not valid (the envelope lists the fields)",
    401: "Missing, unknown or revoked API key",
    402: "No credits left",
    404: "No such object for this key's organization and mode",
    409: "Conflicts with the current state",
    422: "Understood but refused",
    429: "Too many requests for this key; see Retry-After",
}
GENERIC_ERRORS = {
    400: ("Invalid", "invalid_fields", "Some fields are not valid.", "customer_email"),
    401: ("Missing or bad key", "unauthorized", "Invalid or revoked API key.", None),
    404: ("Not found", "not_found", "No such tracker.", None),
    429: ("Rate limited", "rate_limited", "Request was throttled. Expected available in 12 seconds.", None),
}


def error_example(name: str, code: str, message: str, status: int, field: str | None = None) -> OpenApiExample:
    errors = [{"field": field, "message": message}] if field else []
    return OpenApiExample(name, value={"error": {"code": code, "message": message, "errors": errors, "status": status}})


def errors(*statuses: int, **specific: tuple) -> dict[int, OpenApiResponse]:
    """Error responses for `extend_schema(responses=...)`, each with an example in the one envelope.

    Every authenticated endpoint can answer 401 and 429, so they are always included; pass
    `e404=("Not found", "not_found", "No such webhook.", None)` to replace a generic example.
    """
    out = {}
    for status in sorted({*statuses, 401, 429}):
        name, code, message, field = specific.get(f"e{status}") or GENERIC_ERRORS.get(
            status, ("Error", "error", ERROR_DESCRIPTIONS[status], None)
        )
        out[status] = OpenApiResponse(
            ErrorSerializer,
            description=ERROR_DESCRIPTIONS[status],
            examples=[error_example(name, code, message, status, field)],
        )
    return out


def ok(serializer, example: dict, description: str = "", name: str = "Example") -> OpenApiResponse:
    return OpenApiResponse(serializer, description=description, examples=[OpenApiExample(name, value=example)])


UNAUTHORIZED = error_example("Missing or bad key", "unauthorized", "Invalid or revoked API key.", 401)
NOT_FOUND = error_example("Not found", "not_found", "No such tracker.", 404)
