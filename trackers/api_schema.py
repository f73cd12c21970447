"""Request and response shapes of the native trackers API, for the OpenAPI document and its examples.

They translate only: the rules (normalization, detection, modes, credits, deduplication) are in
the services, which the views call with the request body. Responses are built by
trackers.representation (plain dicts, cheap); the serializers below describe those dicts.
"""

from __future__ import annotations

from rest_framework import serializers

from api.schema import ErrorBodySerializer, MetaSerializer
from carriers.statuses import Status
from trackers.validation import limit

# --- requests ------------------------------------------------------------------------------------


class OrderFieldsSerializer(serializers.Serializer):
    metadata = serializers.DictField(
        required=False,
        help_text=(
            "Your own keys; PATCH merges, null removes a key. At most 5 levels deep, 200 keys and items, "
            "keys up to 100 characters, 16,000 characters as JSON"
        ),
    )
    title = serializers.CharField(required=False, allow_blank=True, max_length=limit("title"))
    order_id = serializers.CharField(required=False, allow_blank=True, max_length=limit("order_id"))
    order_created_at = serializers.CharField(required=False, allow_null=True, help_text="ISO 8601 or 2017/8/27 16:51")
    customer_name = serializers.CharField(required=False, allow_blank=True, max_length=limit("customer_name"))
    customer_email = serializers.CharField(
        required=False, allow_blank=True, max_length=limit("customer_email"), help_text="An e-mail address"
    )
    customer_phone = serializers.CharField(required=False, allow_blank=True, max_length=limit("customer_phone"))
    destination_country = serializers.CharField(
        required=False, allow_blank=True, max_length=2, help_text="ISO 3166 alpha-2, e.g. US"
    )
    destination_postal_code = serializers.CharField(
        required=False, allow_blank=True, max_length=limit("destination_postal_code")
    )
    ship_date = serializers.CharField(required=False, allow_null=True, help_text="YYYY-MM-DD or YYYYMMDD")
    language = serializers.CharField(required=False, allow_blank=True, max_length=limit("language"))
    comment = serializers.CharField(required=False, allow_blank=True, max_length=limit("comment"))
    destination_code = serializers.CharField(required=False, allow_blank=True, max_length=limit("destination_code"))
    logistics_channel = serializers.CharField(required=False, allow_blank=True, max_length=limit("logistics_channel"))
    tracking_account_number = serializers.CharField(
        required=False, allow_blank=True, max_length=limit("tracking_account_number")
    )


class TrackerCreateSerializer(OrderFieldsSerializer):
    tracking_number = serializers.CharField(
        min_length=4, max_length=64, help_text="4 to 64 letters, digits or dashes (spaces are removed)"
    )
    courier = serializers.CharField(required=False, help_text="Detected from the number when omitted")


class DetectSerializer(serializers.Serializer):
    tracking_number = serializers.CharField()


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


class WeightSerializer(serializers.Serializer):
    value = serializers.FloatField()
    unit = serializers.CharField(help_text="As the carrier spells it, lower case: kg, lb")


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
    signed_by = serializers.CharField(help_text="Who signed for the parcel, when the carrier says")
    weight = WeightSerializer(allow_null=True, help_text="As the carrier weighed it, when it says")
    service = serializers.CharField(help_text="The carrier's service or product name, when it says")
    carrier_error = serializers.CharField(
        allow_null=True, help_text="The last carrier error in words; null when the last refresh went well"
    )
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


class ItemErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position in the request array (0 for a single object)")
    tracking_number = serializers.CharField()
    error = ErrorBodySerializer(help_text="The same error a single create would answer, with its field errors")


class CreateResultSerializer(serializers.Serializer):
    # Declared fields named like Serializer properties: DRF's metaclass moves them aside, the properties stay.
    data = CreatedTrackerSerializer(many=True)  # type: ignore[assignment]
    errors = ItemErrorSerializer(many=True)  # type: ignore[assignment]


class TrackerPageSerializer(serializers.Serializer):
    # A declared field named like a Serializer property: DRF's metaclass moves it aside, the property stays.
    data = TrackerSerializer(many=True)  # type: ignore[assignment]
    meta = MetaSerializer()


class CourierSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    website = serializers.CharField()
    tracking_url_template = serializers.CharField()
    adapter_configured = serializers.BooleanField(help_text="Live trackers of this courier can be refreshed")
    configured_through = serializers.ChoiceField(
        choices=["direct", "17track"],
        allow_null=True,
        help_text="`direct`: its own API; `17track`: the aggregator; null: not configured on this server",
    )
    direct_adapter = serializers.BooleanField(help_text="The platform has an adapter for its own API")


class CourierListSerializer(serializers.Serializer):
    # A declared field named like a Serializer property: DRF's metaclass moves it aside, the property stays.
    data = CourierSerializer(many=True)  # type: ignore[assignment]


class DetectResultSerializer(serializers.Serializer):
    tracking_number = serializers.CharField(help_text="Normalized")
    # A declared field named like a Serializer property: DRF's metaclass moves it aside, the property stays.
    data = CandidateSerializer(many=True)  # type: ignore[assignment]


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
    "signed_by": "",
    "weight": {"value": 1.5, "unit": "kg"},
    "service": "EXPRESS WORLDWIDE",
    "carrier_error": None,
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
    "destination_code": "us",
    "logistics_channel": "",
    "tracking_account_number": "",
    "order_created_at": None,
    "ship_date": None,
    "created_at": "2026-03-01T14:00:00Z",
    "updated_at": "2026-03-01T14:02:00Z",
    "events": [EVENT_EXAMPLE],
}
