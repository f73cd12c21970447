"""Request and response shapes of the native shipments API, for the OpenAPI document.

They describe only: the rules are in shipments.services (update_shipment takes the request body
as it comes). Error examples are built from shipments.errors' catalog through the same renderer the
server answers with.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse

from api.errors import native_body
from api.schema import ERROR_DESCRIPTIONS, ErrorSerializer, errors
from api.shapes import Choice, Field, Shape, page_of, request
from shipments.errors import refuse
from shipments.fields import ADDRESS_KEYS
from shipments.representation import REFERENCE_FIELDS
from shipments.rules import ShipmentStatus, ShipmentType, Visibility

# A plain string in the document: an enum named `status` would collide with the trackers' one.
STATUS_HELP = "One of: " + ", ".join(ShipmentStatus.values)
REFERENCE_EXAMPLE = {"invoice_number": "INV-1001", "order_number": "#1001"}
ITEM_TEXT = ("sku", "code", "origin_country", "hs_tariff_number", "currency", "mode", "manufacturer")
CUSTOMS_TEXT = (
    "contents_type",
    "contents_explanation",
    "eel_type",
    "restriction_type",
    "restriction_comments",
    "non_delivery_option",
)

# --- requests ------------------------------------------------------------------------------------


ADDRESS_HELP = {"country": "ISO 3166 alpha-2"}
ADDRESS = Shape("Address", {name: Field("str", ADDRESS_HELP.get(name, ""), optional=True) for name in ADDRESS_KEYS})
DIMENSIONS = ("length", "width", "height")


DimensionsSerializer = request("Dimensions", dict.fromkeys(DIMENSIONS, "float"), required=DIMENSIONS)
TrackingUpdateSerializer = request(
    "TrackingUpdate",
    {
        "container_id": ("str?", "ctr_…; null unlinks"),
        "status": ("str", STATUS_HELP),
        "layout_id": ("str?", "lay_…, of the location"),
        "location_id": ("str?", "loc_…"),
        "contact_id": ("str?", "ctc_…"),
        "user_id": ("str?", "Username of a member"),
        "comment": "str",
        "address": ("json", "Text or an address object"),
        "images": ["str"],
    },
)
LogSerializer = request(
    "Log",
    {"message": "str", "images": ["str"], "visibility": (Choice(tuple(Visibility.values)), "Default private")},
    required=("message",),
)
ITEM_HELP = {"code": 'Default: the sku, else "N/A"', "mode": 'Default "test"', "manufacturer": 'Default "N/A"'}
CustomsItemSerializer = request(
    "CustomsItem",
    {
        "description": "str",
        "quantity": ("int", "Default 1"),
        "value": "float",
        "weight": "float",
        **{name: ("str", ITEM_HELP.get(name, "")) for name in ITEM_TEXT},
    },
    required=("description",),
)
CUSTOMS_HELP = {
    "contents_explanation": "Required when contents_type is other",
    "restriction_comments": "Required unless restriction_type is none",
}
CustomsSerializer = request(
    "Customs",
    {
        "incoterm": "str",
        "signer": "str",
        "certify": "bool",
        **{name: ("str", CUSTOMS_HELP.get(name, "")) for name in CUSTOMS_TEXT},
        "items": ([CustomsItemSerializer], "Replaces the items when given"),
    },
)
WHEN_HELP = "ISO 8601 or milliseconds since 1970"
SHIPMENT_FIELDS = {
    "type": Choice(tuple(ShipmentType.values)),
    "coordinates": Field(["float"], options={"min_length": 2, "max_length": 2}),
    "estimated_delivery_at": ("str", WHEN_HELP),
    "pickup_at": ("str", WHEN_HELP),
    **dict.fromkeys(REFERENCE_FIELDS, "str"),
    "tracking_number": ("str", "At least 10 characters; gets a tracker"),
    "provider_id": ("str", "A courier code; detected when omitted"),
    "service_level_id": "str",
    "weight": "float",
    "dimensions": DimensionsSerializer,
    "notes": "str",
    "tags": ["str"],
    "metadata": ("object", "Merged; a key set to null is removed"),
    "sender_address": ADDRESS,
    "recipient_address": ADDRESS,
    "tracking_update": TrackingUpdateSerializer,
    "log": LogSerializer,
    "customs": CustomsSerializer,
}
ShipmentUpdateSerializer = request(
    "ShipmentUpdate",
    {
        **SHIPMENT_FIELDS,
        "force_update": ("bool", "Allow a status outside the transition table"),
        "disable_webhooks": ("bool", "No shipment.updated for this update"),
    },
)
ShipmentCreateSerializer = request(
    "ShipmentCreate", {**SHIPMENT_FIELDS, "purchased": ("bool", "Its label exists: carrier fields are frozen")}
)


# --- responses -----------------------------------------------------------------------------------


LOG_OUT = Shape(
    "LogOut",
    {
        "id": ("str", "", "slg_2Nc7RvE04kQ9ZbA1sXw4YpLm"),
        "message": ("str", "", "Box dented on arrival"),
        "images": (["str"], "", []),
        "visibility": (Choice(tuple(Visibility.values)), "", "private"),
        "author": ("str?", "", None),
        "created_at": ("datetime", "", "2025-02-21T10:00:00Z"),
    },
)
TRACKING_UPDATE_OUT = Shape(
    "TrackingUpdateOut",
    {
        "id": ("str", "", "tup_Lm2Nc7RvE04kQ9ZbA1sXw4Yp"),
        "status": ("str", STATUS_HELP, "in_transit"),
        "previous_status": ("str?", "", "created"),
        "forced": ("bool", "", False),
        "source": (Choice(("api", "dashboard", "container", "tracker")), "", "api"),
        "container_id": ("str?", "", None),
        "location_id": ("str?", "", "loc_abc123"),
        "layout_id": ("str?", "", None),
        "contact_id": ("str?", "", None),
        "user": ("str?", "", None),
        "comment": ("str", "", "Package picked up from sender"),
        "address": ("json?", "", None),
        "images": (["str"], "", ["https://example.com/image1.jpg"]),
        "occurred_at": ("datetime", "", "2025-02-21T10:00:00Z"),
    },
)
DIMENSIONS_OUT = Shape("DimensionsOut", dict.fromkeys(DIMENSIONS, "float?"))
CUSTOMS_ITEM = Shape(
    "CustomsItem",
    {
        "description": "str",
        "quantity": "int",
        "value": "float",
        "weight": "float",
        **dict.fromkeys(ITEM_TEXT, "str"),
    },
)
CUSTOMS = Shape(
    "Customs",
    {
        **dict.fromkeys(("incoterm", "signer"), "str"),
        "certify": "bool",
        **dict.fromkeys(CUSTOMS_TEXT, "str"),
        "items": [CUSTOMS_ITEM],
    },
)
SHIPMENT = Shape(
    "Shipment",
    {
        "id": ("str", "shp_…", "shp_4kQ9ZbA1sXw4YpLm2Nc7RvE0"),
        "object": ("str", "", "shipment"),
        "mode": (Choice(("test", "live")), "", "test"),
        "type": (Choice(tuple(ShipmentType.values)), "", "outbound"),
        "status": ("str", STATUS_HELP, "in_transit"),
        "coordinates": Field(["float"], null=True, options={"min_length": 2, "max_length": 2}, example=None),
        "estimated_delivery_at": ("datetime?", "ISO 8601, UTC", "2025-02-22T15:00:00Z"),
        "pickup_at": ("datetime?", "ISO 8601, UTC", "2025-02-22T15:00:00Z"),
        **{name: ("str", "", REFERENCE_EXAMPLE.get(name, "")) for name in REFERENCE_FIELDS},
        "tracking_number": ("str", "", "PKGX-AAAAAAA-1234567"),
        "provider_id": ("str", "A courier code", "sandbox"),
        "service_level_id": ("str", "", ""),
        "weight": ("float?", "", 1.5),
        "dimensions": Field(DIMENSIONS_OUT, null=True, example={"length": 10.0, "width": 8.0, "height": 4.0}),
        "purchased": ("bool", "Its label exists: carrier fields are frozen", False),
        "notes": ("str", "", ""),
        "tags": (["str"], "", ["vip"]),
        "metadata": ("object", "", {}),
        "sender_address": (ADDRESS, "", {"city": "Austin", "country": "US"}),
        "recipient_address": (ADDRESS, "", {"city": "Berlin", "country": "DE"}),
        "container_id": ("str?", "", None),
        "location_id": ("str?", "", "loc_abc123"),
        "layout_id": ("str?", "", None),
        "contact_id": ("str?", "", None),
        "tracker_id": ("str?", "trk_… made for the tracking number", "trk_8fJw2LpQ0aZx5YtRk1Mn3VbC"),
        "international": ("bool", "Sender and recipient countries differ", True),
        "tracker_status": ("str?", "", "in_transit"),
        "created_at": ("datetime", "", "2025-02-20T09:00:00Z"),
        "updated_at": ("datetime", "", "2025-02-21T10:00:00Z"),
    },
)
SHIPMENT_DETAIL = Shape(
    "ShipmentDetail",
    {
        "customs": Field(CUSTOMS, null=True, example=None),
        "logs": ([LOG_OUT], "Newest first"),
        "tracking_updates": ([TRACKING_UPDATE_OUT], "Newest first"),
    },
    base=SHIPMENT,
)
SHIPMENT_PAGE = page_of(SHIPMENT)
STAMPS = dict.fromkeys(("created_at", "updated_at"), ("datetime", "", "2026-03-01T12:00:00Z"))
LOCATION_OUT = Shape(
    "LocationOut",
    {
        "id": ("str", "loc_…", "loc_abc123"),
        "object": ("str", "", "location"),
        "name": ("str", "", "Main mailroom"),
        "address": (ADDRESS, "", {"city": "Austin"}),
        **STAMPS,
    },
)
LAYOUT_OUT = Shape(
    "LayoutOut",
    {
        "id": ("str", "lay_…", "lay_abc123"),
        "object": ("str", "", "layout"),
        "name": ("str", "", "Shelf A"),
        "location_id": ("str", "", "loc_abc123"),
        **STAMPS,
    },
)
CONTACT_OUT = Shape(
    "ContactOut",
    {
        "id": ("str", "ctc_…", "ctc_abc123"),
        "object": ("str", "", "contact"),
        "name": ("str", "", "Dana Reyes"),
        "email": ("str", "", "dana@example.com"),
        **dict.fromkeys(("phone", "company"), ("str", "", "")),
        **STAMPS,
    },
)
CONTAINER_OUT = Shape(
    "ContainerOut",
    {
        "id": ("str", "ctr_…", "ctr_abc123"),
        "object": ("str", "", "container"),
        "name": ("str", "", "Bag 7"),
        "status": ("str", STATUS_HELP, "in_transit"),
        "location_id": ("str?", "", "loc_abc123"),
        "layout_id": ("str?", "", None),
        **STAMPS,
    },
)
ContainerUpdateSerializer = request(
    "ContainerUpdate",
    {
        "name": "str",
        "status": ("str", STATUS_HELP),
        "location_id": "str?",
        "layout_id": "str?",
        "comment": "str",
        "images": ["str"],
        "force_update": "bool",
        "disable_webhooks": "bool",
    },
)


# --- examples ------------------------------------------------------------------------------------

SHIPMENT_EXAMPLE = SHIPMENT.example
DETAIL_EXAMPLE = SHIPMENT_DETAIL.example
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
