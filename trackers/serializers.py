"""Request and response shapes of the trackers API, for validation of types and the OpenAPI docs.

They translate only: the rules (normalization, detection, modes, credits, deduplication) are in
trackers.services, which the views call with the validated data.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers

from trackers.statuses import Status


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
    secret = serializers.CharField(required=False, allow_blank=True, write_only=True, help_text="Write-only")
    enabled = serializers.BooleanField(required=False, default=True)
    event_types = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Empty: every event type"
    )
    description = serializers.CharField(required=False, allow_blank=True)


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


def error_example(name: str, code: str, message: str, status: int, field: str | None = None) -> OpenApiExample:
    errors = [{"field": field, "message": message}] if field else []
    return OpenApiExample(name, value={"error": {"code": code, "message": message, "errors": errors, "status": status}})


UNAUTHORIZED = error_example("Missing or bad key", "unauthorized", "Invalid or revoked API key.", 401)
NOT_FOUND = error_example("Not found", "not_found", "No such tracker.", 404)
