"""AfterShip's document: every answer is `{"meta": {code, message, type}, "data": …}`; trackings
have 32-hex ids and list by cursor; refusals carry AfterShip's meta codes in the same envelope
with `data: {}`."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter

from api.schema import (
    BOOLEAN,
    INTEGER,
    STRING,
    TRACKING_NUMBER,
    Operation,
    answers,
    array,
    nullable,
    obj,
)
from dialects.aftership import tables

TEXT = nullable(STRING)
META = obj({"code": INTEGER, "message": STRING, "type": STRING})
ERROR = obj({"meta": META, "data": obj({})})
TAGS = {"type": "string", "enum": list(tables.TAGS)}  # the SDK refuses any other word
CHECKPOINT = obj(
    {
        "created_at": STRING,
        "slug": STRING,
        "checkpoint_time": STRING,
        "tag": TAGS,
        "subtag": STRING,
        "subtag_message": STRING,
        "message": TEXT,
        "city": TEXT,
        "state": TEXT,
        "zip": TEXT,
        "country_region": TEXT,
    },
    optional=("created_at", "slug", "subtag_message", "city", "state", "zip", "country_region"),
)
PREDICTION = nullable(
    obj(
        {
            "estimated_delivery_date": TEXT,
            "confidence_code": nullable({"type": "number"}),
            "estimated_delivery_date_min": TEXT,
            "estimated_delivery_date_max": TEXT,
        }
    )
)
TRACKING = obj(
    {
        "id": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
        "created_at": STRING,
        "updated_at": STRING,
        "tracking_number": STRING,
        "slug": STRING,
        "active": BOOLEAN,
        "tag": TAGS,
        "subtag": STRING,
        "subtag_message": STRING,
        "title": TEXT,
        "custom_fields": {"type": "object"},
        "checkpoints": array(CHECKPOINT),
        "shipment_tags": array(STRING),
        "customers": array({"type": "object"}),
        "return_to_sender": BOOLEAN,
        "failed_delivery_attempts": INTEGER,
        "aftership_tracking_url": STRING,
        "aftership_estimated_delivery_date": PREDICTION,
        "transit_time": nullable(INTEGER),
    }
)


def envelope(data: dict) -> dict:
    return obj({"meta": META, "data": data})


PAGE = envelope(
    obj(
        {
            "pagination": obj({"total": nullable(INTEGER), "next_cursor": TEXT, "has_next_page": BOOLEAN}),
            "trackings": array(TRACKING),
        }
    )
)
COURIER = obj({"slug": STRING, "name": STRING, "web_url": TEXT, "required_fields": array(STRING)})
COURIERS = envelope(obj({"total": INTEGER, "couriers": array(COURIER)}))
ONE = envelope(TRACKING)
CUSTOMER = obj(
    {"name": TEXT, "email": TEXT, "phone_number": TEXT, "language": TEXT, "role": TEXT},
    optional=("name", "email", "phone_number", "language", "role"),
)
WRITABLE = {
    "slug": STRING,
    "title": STRING,
    "order_id": STRING,
    "order_number": STRING,
    "note": STRING,
    "language": STRING,
    "custom_fields": {"type": "object"},
    "customers": array(CUSTOMER),
    "shipment_tags": array(STRING),
}
CREATE = obj({"tracking_number": TRACKING_NUMBER, **WRITABLE}, optional=tuple(WRITABLE))
UPDATE = obj(WRITABLE, optional=tuple(WRITABLE))
LISTING = (
    OpenApiParameter("cursor", str, description="From the previous page's pagination.next_cursor"),
    OpenApiParameter("limit", {"type": "integer", "minimum": 1, "maximum": 200}, description="Up to 200 (100)"),
    OpenApiParameter("keyword", str, description="Number, title, order id or customer"),
    OpenApiParameter("tracking_numbers", str, description="Comma-separated"),
    OpenApiParameter("slug", str, description="Comma-separated courier slugs"),
    OpenApiParameter("tag", str, description="Comma-separated tags"),
)

OPERATIONS = {
    ("/trackings", "GET"): Operation(answers(ERROR, {200: PAGE}), parameters=LISTING, summary="List trackings"),
    ("/trackings", "POST"): Operation(
        answers(ERROR, {201: ONE}, 402, body=True), request=CREATE, summary="Create a tracking"
    ),
    ("/trackings/{tracking_id}", "GET"): Operation(answers(ERROR, {200: ONE}, 404), summary="Retrieve a tracking"),
    ("/trackings/{tracking_id}", "PUT"): Operation(
        answers(ERROR, {200: ONE}, 404, body=True), request=UPDATE, summary="Update a tracking"
    ),
    ("/trackings/{tracking_id}", "DELETE"): Operation(
        answers(ERROR, {200: ONE}, 404), summary="Delete a tracking (answers it as it was)"
    ),
    ("/trackings/{tracking_id}/retrack", "POST"): Operation(
        answers(ERROR, {200: ONE}, 404, body=True), summary="Retrack an inactive tracking (4016 when active)"
    ),
    ("/trackings/{tracking_id}/mark-as-completed", "POST"): Operation(
        answers(ERROR, {200: ONE}, 404, body=True),
        request=obj(
            {"reason": {"type": "string", "enum": list(tables.COMPLETED)}, "event_datetime": STRING},
            optional=("event_datetime",),
        ),
        summary="Mark a tracking as completed",
    ),
    ("/couriers", "GET"): Operation(
        answers(ERROR, {200: COURIERS}),
        parameters=(
            OpenApiParameter("active", bool, description="Only couriers this installation refreshes"),
            OpenApiParameter("slug", str, description="Comma-separated courier slugs"),
        ),
        summary="List couriers",
    ),
    ("/couriers/detect", "POST"): Operation(
        answers(ERROR, {200: COURIERS}, body=True),
        request=obj({"tracking_number": TRACKING_NUMBER, "slug": array(STRING)}, optional=("slug",)),
        summary="Couriers a tracking number may belong to",
    ),
}
