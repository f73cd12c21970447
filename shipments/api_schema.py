"""Request and response shapes of the native shipments API, for the OpenAPI document.

They describe only: the rules are in shipments.services (update_shipment takes the request body
as it comes). Error examples are built from shipments.errors' catalog through the same renderer the
server answers with.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers

from api.errors import native_body
from api.schema import ERROR_DESCRIPTIONS, ErrorSerializer, MetaSerializer, errors
from shipments.errors import refuse
from shipments.rules import ShipmentStatus, ShipmentType, Visibility

# A plain string in the document: an enum named `status` would collide with the trackers' one.
STATUS_HELP = "One of: " + ", ".join(ShipmentStatus.values)

# --- requests ------------------------------------------------------------------------------------


class AddressSerializer(serializers.Serializer):
    name = serializers.CharField(required=False)
    company = serializers.CharField(required=False)
    line1 = serializers.CharField(required=False)
    line2 = serializers.CharField(required=False)
    city = serializers.CharField(required=False)
    state = serializers.CharField(required=False)
    postal_code = serializers.CharField(required=False)
    country = serializers.CharField(required=False, help_text="ISO 3166 alpha-2")
    phone = serializers.CharField(required=False)
    email = serializers.CharField(required=False)


class DimensionsSerializer(serializers.Serializer):
    length = serializers.FloatField()
    width = serializers.FloatField()
    height = serializers.FloatField()


class TrackingUpdateSerializer(serializers.Serializer):
    container_id = serializers.CharField(required=False, allow_null=True, help_text="ctr_…; null unlinks")
    status = serializers.CharField(help_text=STATUS_HELP, required=False)
    layout_id = serializers.CharField(required=False, allow_null=True, help_text="lay_…, of the location")
    location_id = serializers.CharField(required=False, allow_null=True, help_text="loc_…")
    contact_id = serializers.CharField(required=False, allow_null=True, help_text="ctc_…")
    user_id = serializers.CharField(required=False, allow_null=True, help_text="Username of a member")
    comment = serializers.CharField(required=False)
    address = serializers.JSONField(required=False, help_text="Text or an address object")
    images = serializers.ListField(child=serializers.CharField(), required=False)


class LogSerializer(serializers.Serializer):
    message = serializers.CharField()
    images = serializers.ListField(child=serializers.CharField(), required=False)
    visibility = serializers.ChoiceField(choices=Visibility.values, required=False, help_text="Default private")


class CustomsItemSerializer(serializers.Serializer):
    description = serializers.CharField()
    quantity = serializers.IntegerField(required=False, help_text="Default 1")
    value = serializers.FloatField(required=False)
    weight = serializers.FloatField(required=False)
    sku = serializers.CharField(required=False)
    code = serializers.CharField(required=False, help_text='Default: the sku, else "N/A"')
    origin_country = serializers.CharField(required=False)
    hs_tariff_number = serializers.CharField(required=False)
    currency = serializers.CharField(required=False)
    mode = serializers.CharField(required=False, help_text='Default "test"')
    manufacturer = serializers.CharField(required=False, help_text='Default "N/A"')


class CustomsSerializer(serializers.Serializer):
    incoterm = serializers.CharField(required=False)
    signer = serializers.CharField(required=False)
    certify = serializers.BooleanField(required=False)
    contents_type = serializers.CharField(required=False)
    contents_explanation = serializers.CharField(required=False, help_text="Required when contents_type is other")
    eel_type = serializers.CharField(required=False)
    restriction_type = serializers.CharField(required=False)
    restriction_comments = serializers.CharField(required=False, help_text="Required unless restriction_type is none")
    non_delivery_option = serializers.CharField(required=False)
    items = CustomsItemSerializer(many=True, required=False, help_text="Replaces the items when given")


class ShipmentFieldsSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ShipmentType.values, required=False)
    coordinates = serializers.ListField(child=serializers.FloatField(), required=False, min_length=2, max_length=2)
    estimated_delivery_at = serializers.CharField(required=False, help_text="ISO 8601 or milliseconds since 1970")
    pickup_at = serializers.CharField(required=False, help_text="ISO 8601 or milliseconds since 1970")
    rma_number = serializers.CharField(required=False)
    invoice_number = serializers.CharField(required=False)
    order_number = serializers.CharField(required=False)
    purchase_order = serializers.CharField(required=False)
    reference_number = serializers.CharField(required=False)
    account_id = serializers.CharField(required=False)
    tracking_number = serializers.CharField(required=False, help_text="At least 10 characters; gets a tracker")
    provider_id = serializers.CharField(required=False, help_text="A courier code; detected when omitted")
    service_level_id = serializers.CharField(required=False)
    weight = serializers.FloatField(required=False)
    dimensions = DimensionsSerializer(required=False)
    notes = serializers.CharField(required=False)
    tags = serializers.ListField(child=serializers.CharField(), required=False)
    metadata = serializers.DictField(required=False, help_text="Merged; a key set to null is removed")
    sender_address = AddressSerializer(required=False)
    recipient_address = AddressSerializer(required=False)
    tracking_update = TrackingUpdateSerializer(required=False)
    log = LogSerializer(required=False)
    customs = CustomsSerializer(required=False)


class ShipmentUpdateSerializer(ShipmentFieldsSerializer):
    force_update = serializers.BooleanField(required=False, help_text="Allow a status outside the transition table")
    disable_webhooks = serializers.BooleanField(required=False, help_text="No shipment.updated for this update")


class ShipmentCreateSerializer(ShipmentFieldsSerializer):
    purchased = serializers.BooleanField(required=False, help_text="Its label exists: carrier fields are frozen")


# --- responses -----------------------------------------------------------------------------------


class LogOutSerializer(serializers.Serializer):
    id = serializers.CharField()
    message = serializers.CharField()
    images = serializers.ListField(child=serializers.CharField())
    visibility = serializers.ChoiceField(choices=Visibility.values)
    author = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()


class TrackingUpdateOutSerializer(serializers.Serializer):
    id = serializers.CharField()
    status = serializers.CharField(help_text=STATUS_HELP)
    previous_status = serializers.CharField(allow_null=True)
    forced = serializers.BooleanField()
    source = serializers.ChoiceField(choices=["api", "dashboard", "container", "tracker"])  # type: ignore[assignment]
    container_id = serializers.CharField(allow_null=True)
    location_id = serializers.CharField(allow_null=True)
    layout_id = serializers.CharField(allow_null=True)
    contact_id = serializers.CharField(allow_null=True)
    user = serializers.CharField(allow_null=True)
    comment = serializers.CharField()
    address = serializers.JSONField(allow_null=True)
    images = serializers.ListField(child=serializers.CharField())
    occurred_at = serializers.DateTimeField()


class DimensionsOutSerializer(DimensionsSerializer):
    length = serializers.FloatField(allow_null=True)
    width = serializers.FloatField(allow_null=True)
    height = serializers.FloatField(allow_null=True)


class ShipmentSerializer(ShipmentFieldsSerializer):
    # What a response holds where the request's field cannot be null.
    coordinates = serializers.ListField(child=serializers.FloatField(), allow_null=True, min_length=2, max_length=2)
    estimated_delivery_at = serializers.CharField(allow_null=True, help_text="ISO 8601, UTC")
    pickup_at = serializers.CharField(allow_null=True, help_text="ISO 8601, UTC")
    weight = serializers.FloatField(allow_null=True)
    dimensions = DimensionsOutSerializer(allow_null=True)
    id = serializers.CharField(help_text="shp_…")
    object = serializers.CharField()
    mode = serializers.ChoiceField(choices=["test", "live"])
    status = serializers.CharField(help_text=STATUS_HELP)
    purchased = serializers.BooleanField()
    international = serializers.BooleanField(help_text="Sender and recipient countries differ")
    container_id = serializers.CharField(allow_null=True)
    location_id = serializers.CharField(allow_null=True)
    layout_id = serializers.CharField(allow_null=True)
    contact_id = serializers.CharField(allow_null=True)
    tracker_id = serializers.CharField(allow_null=True, help_text="trk_… made for the tracking number")
    tracker_status = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ShipmentDetailSerializer(ShipmentSerializer):
    customs = CustomsSerializer(allow_null=True)
    logs = LogOutSerializer(many=True, help_text="Newest first")
    tracking_updates = TrackingUpdateOutSerializer(many=True, help_text="Newest first")


class ShipmentPageSerializer(serializers.Serializer):
    data = ShipmentSerializer(many=True)  # type: ignore[assignment]
    meta = MetaSerializer()


class LocationOutSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="loc_…")
    object = serializers.CharField()
    name = serializers.CharField()
    address = AddressSerializer()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class LayoutOutSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="lay_…")
    object = serializers.CharField()
    name = serializers.CharField()
    location_id = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ContactOutSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="ctc_…")
    object = serializers.CharField()
    name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    company = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ContainerOutSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="ctr_…")
    object = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField(help_text=STATUS_HELP)
    location_id = serializers.CharField(allow_null=True)
    layout_id = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ContainerUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(required=False)
    status = serializers.CharField(help_text=STATUS_HELP, required=False)
    location_id = serializers.CharField(required=False, allow_null=True)
    layout_id = serializers.CharField(required=False, allow_null=True)
    comment = serializers.CharField(required=False)
    images = serializers.ListField(child=serializers.CharField(), required=False)
    force_update = serializers.BooleanField(required=False)
    disable_webhooks = serializers.BooleanField(required=False)


def page_of(item: type[serializers.Serializer]) -> type[serializers.Serializer]:
    return type(
        f"{item.__name__.replace('OutSerializer', '')}PageSerializer",
        (serializers.Serializer,),
        {"data": item(many=True), "meta": MetaSerializer()},
    )


# --- examples ------------------------------------------------------------------------------------

SHIPMENT_EXAMPLE = {
    "id": "shp_4kQ9ZbA1sXw4YpLm2Nc7RvE0",
    "object": "shipment",
    "mode": "test",
    "type": "outbound",
    "status": "in_transit",
    "coordinates": None,
    "estimated_delivery_at": "2025-02-22T15:00:00Z",
    "pickup_at": "2025-02-22T15:00:00Z",
    "rma_number": "",
    "invoice_number": "INV-1001",
    "order_number": "#1001",
    "purchase_order": "",
    "reference_number": "",
    "account_id": "",
    "tracking_number": "PKGX-AAAAAAA-1234567",
    "provider_id": "sandbox",
    "service_level_id": "",
    "weight": 1.5,
    "dimensions": {"length": 10.0, "width": 8.0, "height": 4.0},
    "purchased": False,
    "notes": "",
    "tags": ["vip"],
    "metadata": {},
    "sender_address": {"city": "Austin", "country": "US"},
    "recipient_address": {"city": "Berlin", "country": "DE"},
    "container_id": None,
    "location_id": "loc_abc123",
    "layout_id": None,
    "contact_id": None,
    "tracker_id": "trk_8fJw2LpQ0aZx5YtRk1Mn3VbC",
    "international": True,
    "tracker_status": "in_transit",
    "created_at": "2025-02-20T09:00:00Z",
    "updated_at": "2025-02-21T10:00:00Z",
}
DETAIL_EXAMPLE: dict = {
    **SHIPMENT_EXAMPLE,
    "customs": None,
    "logs": [
        {
            "id": "slg_2Nc7RvE04kQ9ZbA1sXw4YpLm",
            "message": "Box dented on arrival",
            "images": [],
            "visibility": "private",
            "author": None,
            "created_at": "2025-02-21T10:00:00Z",
        }
    ],
    "tracking_updates": [
        {
            "id": "tup_Lm2Nc7RvE04kQ9ZbA1sXw4Yp",
            "status": "in_transit",
            "previous_status": "created",
            "forced": False,
            "source": "api",
            "container_id": None,
            "location_id": "loc_abc123",
            "layout_id": None,
            "contact_id": None,
            "user": None,
            "comment": "Package picked up from sender",
            "address": None,
            "images": ["https://example.com/image1.jpg"],
            "occurred_at": "2025-02-21T10:00:00Z",
        }
    ],
}
# PackageX's three shipment update examples (the first with a sandbox number: test mode takes only those).
BASIC_EXAMPLE = {
    "tracking_number": "PKGX-AAAAAAA-1234567",
    "provider_id": "ups",
    "estimated_delivery_at": "2025-02-22T15:00:00Z",
    "pickup_at": "2025-02-22T15:00:00Z",
}
STATUS_EXAMPLE = {
    "tracking_update": {
        "status": "in_transit",
        "location_id": "loc_abc123",
        "comment": "Package picked up from sender",
        "images": ["https://example.com/image1.jpg"],
    }
}
CUSTOMS_EXAMPLE = {
    "customs": {
        "incoterm": "DAP",
        "signer": "John Smith",
        "certify": True,
        "contents_type": "merchandise",
        "eel_type": "NOEEI 30.37(a)",
        "restriction_type": "none",
        "non_delivery_option": "return",
        "items": [
            {
                "description": "Coffee Beans",
                "quantity": 2,
                "value": 1200,
                "weight": 1.5,
                "sku": "COF-001",
                "origin_country": "US",
                "hs_tariff_number": "090111",
                "currency": "USD",
            }
        ],
    }
}
UPDATE_EXAMPLES = [
    OpenApiExample("Basic information", value=BASIC_EXAMPLE, request_only=True),
    OpenApiExample("Status update", value=STATUS_EXAMPLE, request_only=True),
    OpenApiExample("Customs (international)", value=CUSTOMS_EXAMPLE, request_only=True),
    OpenApiExample("Log entry", value={"log": {"message": "Box dented", "visibility": "private"}}, request_only=True),
]
UPDATE_REFUSALS = (
    "shipment_in_container",
    "shipment_purchased",
    "invalid_status_transition",
    "unknown_contact",
    "unknown_location",
    "layout_not_in_location",
    "international_shipping_disabled",
    "contents_explanation_required",
    "shipment_tracking_number_too_short",
)


def refusals(*codes: str, also: tuple[int, ...] = ()) -> dict[int, OpenApiResponse]:
    """Error responses whose 400 examples are the catalog's refusals, as the server renders them.

    422: a tracking number the trackers service refuses (e.g. not a sandbox number in test mode).
    """
    out = errors(404, 422, *also)
    examples = [OpenApiExample(code, value=native_body(refuse(code))) for code in codes]
    examples.append(
        OpenApiExample(
            "invalid_fields",
            value=native_body(
                refuse("invalid_fields", ["order_number"], "Some fields are not valid: order_number: Must be a string.")
            ),
        )
    )
    out[400] = OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[400], examples=examples)
    return out
