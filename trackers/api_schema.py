"""Request and response shapes of the native trackers API, for the OpenAPI document and its examples.

They translate only: the rules (normalization, detection, modes, credits, deduplication) are in
the services, which the views call with the request body. Responses are built by
trackers.representation (plain dicts, cheap); the Shapes below describe those dicts.
"""

from __future__ import annotations

from dataclasses import replace

from api.schema import ERROR_BODY, INTEGER, STRING, form_schema, nullable, one_of
from api.shapes import Choice, Field, Shape, page_of, request
from carriers.statuses import Status
from trackers.representation import ORDER_FIELDS
from trackers.staleness import Staleness
from trackers.validation import TrackerFieldsForm, limit

STATUSES = tuple(Status.values)

# --- requests ------------------------------------------------------------------------------------


ORDER_EXAMPLE = {
    "title": "Blue mug",
    "order_id": "#0002",
    "customer_name": "Karen Ng",
    "customer_email": "karen@example.com",
    "destination_country": "US",
    "language": "en",
    "destination_code": "us",
}
ORDER_HELP = {"customer_email": "An e-mail address", "destination_country": "ISO 3166 alpha-2, e.g. US"}
ORDER = {  # the order fields as both sides write them: text up to the column's length, blank allowed
    name: Field("str", ORDER_HELP.get(name, ""), options={"allow_blank": True, "max_length": limit(name)})
    for name in ORDER_FIELDS
}
METADATA_HELP = (
    "Your own keys; PATCH merges, null removes a key. At most 5 levels deep, 200 keys and items, "
    "keys up to 100 characters, 16,000 characters as JSON"
)
ORDER_REQUEST = {
    "metadata": ("object", METADATA_HELP),
    **ORDER,
    "order_created_at": ("str?", "ISO 8601 or 2017/8/27 16:51"),
    "ship_date": ("str?", "YYYY-MM-DD or YYYYMMDD"),
}
# The update body as strict as the service: generated from the form that validates it (field set,
# lengths), closed (an unknown field is a 400), with the fields the form parses by hand spelled out.
ORDER_UPDATE = form_schema(
    TrackerFieldsForm,
    {
        "destination_country": nullable({"type": "string", "pattern": "^([A-Za-z]{2})?$"}),
        "order_created_at": nullable({**STRING, "description": "ISO 8601 or 2017/8/27 16:51"}),
        "ship_date": nullable(one_of({**STRING, "description": "YYYY-MM-DD or YYYYMMDD"}, INTEGER)),
        "metadata": nullable({"type": "object", "description": METADATA_HELP}),
        "courier": {
            **STRING,
            "description": "Correct the courier: the old courier's events are kept as superseded history (left out "
            "of `events`), the status starts over and the new courier is asked at once",
        },
    },
)
OrderFieldsSerializer = {"application/json": ORDER_UPDATE}
TrackerCreateSerializer = request(
    "TrackerCreate",
    {
        **ORDER_REQUEST,
        "tracking_number": Field(
            "str", "4 to 64 letters, digits or dashes (spaces are removed)", options={"min_length": 4, "max_length": 64}
        ),
        "courier": ("str", "Detected from the number when omitted"),
    },
    required=("tracking_number",),
)
DetectSerializer = request("Detect", {"tracking_number": "str"}, required=("tracking_number",))


# --- responses -----------------------------------------------------------------------------------


LOCATION = Shape(
    "Location",
    {
        "city": ("str", "", "Chicago"),
        "state": ("str", "", "IL"),
        "postal_code": ("str", "", "60601"),
        "country": ("str", "", "US"),
    },
)
EVENT = Shape(
    "Event",
    {
        "occurred_at": ("datetime", "UTC", "2026-03-01T14:02:00Z"),
        "local_time": (
            "str",
            "Local time with its offset (UTC when the zone is unknown)",
            "2026-03-01T08:02:00-06:00",
        ),
        "time_zone": ("str?", "IANA zone, null when unknown", "America/Chicago"),
        "time_zone_known": ("bool", "", True),
        "status": (Choice(STATUSES), "", "in_transit"),
        "status_detail": ("str", "", "arrived_at_facility"),
        "message": ("str", "", "Arrived at Chicago facility"),
        "raw_code": ("str", "The carrier's own code for this scan, empty when it gave none", "A1"),
        "raw_description": ("str", "The carrier's words beyond the message, empty when none", ""),
        "location": LOCATION,
        "courier": ("str", "", "sandbox"),
    },
)
WEIGHT = Shape(
    "Weight", {"value": ("float", "", 1.5), "unit": ("str", "As the carrier spells it, lower case: kg, lb", "kg")}
)
ESTIMATED_DELIVERY = Shape(
    "EstimatedDelivery",
    {
        "date": ("date?", "The predicted day; null when confidence is none", "2026-12-09"),
        "earliest": ("date?", "First day of the 80 % interval (coverage measured: docs/predictions.md)", "2026-12-08"),
        "latest": ("date?", "Last day of the 80 % interval; after it the tracker is late", "2026-12-10"),
        "confidence": (Choice(("high", "medium", "low", "none")), "none: the data cannot support a date", "high"),
        "basis": (
            Choice(("carrier", "history", "both"), null=True),
            "The carrier's estimate, this organization's delivery history, or the estimate corrected by history",
            "history",
        ),
        "updated_at": ("datetime?", "When the prediction last changed", "2026-12-07T14:02:00Z"),
    },
)
TRACKER = Shape(
    "Tracker",
    {
        "id": ("str", "trk_…", "trk_8fJw2LpQ0aZx5YtRk1Mn3VbC"),
        "object": ("str", "", "tracker"),
        "mode": (Choice(("test", "live")), "", "test"),
        "tracking_number": ("str", "", "PKGX-DDDDDDD-1234567"),
        "courier": ("str", "", "sandbox"),
        "courier_detected": ("bool", "True when the courier was detected from the number", True),
        "status": (Choice(STATUSES), "", "in_transit"),
        "status_detail": ("str", "", "arrived_at_facility"),
        "est_delivery_at": ("datetime?", "The carrier's own estimate", "2026-03-01T14:06:00Z"),
        "estimated_delivery": Field(
            ESTIMATED_DELIVERY,
            "Predicted delivery from this organization's history; null once delivered, canceled or returned",
            null=True,
        ),
        "delivered_at": ("datetime?", "", None),
        "last_event_at": ("datetime?", "", "2026-03-01T14:02:00Z"),
        "active": ("bool", "False once it is no longer refreshed", True),
        "signed_by": ("str", "Who signed for the parcel, when the carrier says", ""),
        "weight": Field(WEIGHT, "As the carrier weighed it, when it says", null=True),
        "service": ("str", "The carrier's service or product name, when it says", "EXPRESS WORLDWIDE"),
        "carrier_error": ("str?", "The last carrier error in words; null when the last refresh went well", None),
        # Freshness (docs/carriers.md, Freshness): when the carrier was last asked, when it will be
        # next, and why the tracker is late or stopped.
        "last_checked_at": ("datetime?", "When the carrier was last asked; null before the first check", None),
        "next_check_at": ("datetime?", "When the carrier will be asked next; null once refreshing stopped", None),
        "staleness_reason": Field(
            Choice(tuple(Staleness.values), null=True),
            "Why the tracker is late or no longer refreshed; null while it is checked on its cadence",
            example=None,
        ),
        "public_url": Field(
            "url",
            "Public tracking page for the recipient",
            example="http://127.0.0.1:8000/t/Yb3kQ9ZbA1sXw4YpLm2Nc7RvE0aZx5Yt/",
        ),
        "metadata": ("object", METADATA_HELP, {"internal_id": "hello-world"}),
        **{name: replace(f, example=ORDER_EXAMPLE.get(name, "")) for name, f in ORDER.items()},
        "order_created_at": ("datetime?", "ISO 8601", None),
        "ship_date": ("date?", "YYYY-MM-DD", None),
        "created_at": ("datetime", "", "2026-03-01T14:00:00Z"),
        "updated_at": ("datetime", "", "2026-03-01T14:02:00Z"),
        "events": Field([EVENT], "Newest first; detail responses only", optional=True),
    },
)
TRACKER_EXAMPLE = TRACKER.example
CANDIDATE = Shape(
    "Candidate",
    {
        "rank": ("int", "1 for the best candidate"),
        "courier": "str",
        "name": "str",
        "confidence": "float",
        "check_digit_valid": ("bool", "True when the number's check digit confirmed this courier's format"),
    },
)
CREATED_TRACKER = Shape(
    "CreatedTracker",
    {
        "deduplicated": ("bool", "Live mode: the original tracker came back, no new charge"),
        "courier_candidates": [CANDIDATE],
        "refresh_error": Field("str", "async=false: what the carrier answered", optional=True),
    },
    base=TRACKER,
)
ITEM_ERROR = Shape(
    "ItemError",
    {
        "index": ("int", "Position in the request array (0 for a single object)"),
        "tracking_number": "str",
        "error": (ERROR_BODY, "The same error a single create would answer, with its field errors"),
    },
)
CREATE_RESULT = Shape("CreateResult", {"data": [CREATED_TRACKER], "errors": [ITEM_ERROR]})
TRACKER_PAGE = page_of(TRACKER)
COURIER = Shape(
    "Courier",
    {
        "code": ("str", "", "usps"),
        "name": ("str", "", "USPS"),
        "website": ("str", "", "https://www.usps.com"),
        "tracking_url_template": ("str", "", "https://tools.usps.com/go/TrackConfirmAction?tLabels={number}"),
        "adapter_configured": ("bool", "Live trackers of this courier can be refreshed", True),
        "configured_through": (
            Choice(("direct", "17track"), null=True),
            "`direct`: its own API; `17track`: the aggregator; null: not configured on this server",
            "direct",
        ),
        "direct_adapter": ("bool", "The platform has an adapter for its own API", True),
    },
)
COURIER_LIST = Shape("CourierList", {"data": [COURIER]})
DETECT_RESULT = Shape("DetectResult", {"tracking_number": ("str", "Normalized"), "data": [CANDIDATE]})


TRACKER_TAGS = Shape("TrackerTags", {"tags": (["str"], "At most 50 tags of at most 50 characters", ["vip", "fragile"])})
TAGS_REQUEST = request("TrackerTagsRequest", {"tags": (["str"], "The tracker's new tags", ["vip"])}, required=("tags",))
