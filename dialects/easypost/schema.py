"""EasyPost's document: the Tracker, Webhook and Event objects its official client reads, the
`{"error": {...}}` envelope, and every status each endpoint answers (201 for a new tracker, 200 for
one that already existed; 204 for a deletion)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter

from api.schema import (
    ANYTHING,
    BOOLEAN,
    NUMBER,
    STRING,
    TRACKING_NUMBER,
    Operation,
    answers,
    array,
    nullable,
    obj,
    one_of,
)
from core.pagination import MAX_LIMIT

TEXT = nullable(STRING)
ERROR = obj(
    {
        "error": obj(
            {"code": STRING, "message": STRING, "errors": array(obj({"field": TEXT, "message": STRING}))},
        )
    }
)
LOCATION = obj({"object": STRING, "city": TEXT, "state": TEXT, "country": TEXT, "zip": TEXT})
DETAIL = obj(
    {
        "object": STRING,
        "message": TEXT,
        "description": TEXT,
        "status": STRING,
        "status_detail": TEXT,
        "datetime": TEXT,
        "source": TEXT,
        "carrier_code": TEXT,
        "tracking_location": LOCATION,
    }
)
TRACKER = obj(
    {
        "id": STRING,
        "object": {"type": "string", "enum": ["Tracker"]},
        "mode": STRING,
        "tracking_code": STRING,
        "status": STRING,
        "status_detail": TEXT,
        "carrier": TEXT,
        "est_delivery_date": TEXT,
        "signed_by": TEXT,
        "weight": nullable(NUMBER),
        "tracking_details": array(DETAIL),
        "carrier_detail": nullable(obj({"object": STRING})),
        "public_url": TEXT,
        "shipment_id": TEXT,
        "is_return": BOOLEAN,
        "finalized": BOOLEAN,
        "fees": array(ANYTHING),
        "created_at": STRING,
        "updated_at": STRING,
    }
)
WEBHOOK = obj(
    {
        "id": STRING,
        "object": {"type": "string", "enum": ["Webhook"]},
        "mode": STRING,
        "url": STRING,
        "created_at": TEXT,
        "disabled_at": TEXT,
    }
)
EVENT = obj(
    {
        "id": STRING,
        "object": {"type": "string", "enum": ["Event"]},
        "mode": STRING,
        "description": STRING,
        "status": TEXT,
        "previous_attributes": {"type": "object"},
        "result": {"type": "object"},
        "pending_urls": array(STRING),
        "completed_urls": array(STRING),
        "created_at": TEXT,
        "updated_at": TEXT,
    }
)


def page(name: str, item: dict) -> dict:
    return obj({name: array(item), "has_more": BOOLEAN})


PAGING = (
    OpenApiParameter(
        "page_size", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}, description="Objects per page"
    ),
    OpenApiParameter("before_id", str, description="The page of objects older than this one"),
    OpenApiParameter("after_id", str, description="The page of objects newer than this one"),
    OpenApiParameter("start_datetime", {"type": "string", "format": "date-time"}, description="Created at or after"),
    OpenApiParameter("end_datetime", {"type": "string", "format": "date-time"}, description="Created at or before"),
)
TRACKER_FIELDS = {"tracking_code": TRACKING_NUMBER, "carrier": STRING}
# JSON as the client sends it; the form body `tracker[tracking_code]=…` is read the same way.
# EasyPost ignores the tracker parameters it does not read, and so does this door: an open object.
TRACKER_CREATE = obj({"tracker": obj(TRACKER_FIELDS, optional=("carrier",))})
HEADER = obj({"name": STRING, "value": STRING})
WEBHOOK_FIELDS = {"url": STRING, "webhook_secret": STRING, "custom_headers": array(HEADER)}
WEBHOOK_CREATE = obj({"webhook": obj(WEBHOOK_FIELDS, optional=("webhook_secret", "custom_headers"), closed=True)})
WEBHOOK_UPDATE = one_of(
    obj(WEBHOOK_FIELDS, optional=tuple(WEBHOOK_FIELDS), closed=True),
    obj({"webhook": obj(WEBHOOK_FIELDS, optional=tuple(WEBHOOK_FIELDS), closed=True)}, closed=True),
)

OPERATIONS = {
    ("/trackers", "GET"): Operation(
        answers(ERROR, {200: page("trackers", TRACKER)}),
        parameters=(
            *PAGING,
            OpenApiParameter("tracking_codes[]", {"type": "array", "items": {"type": "string"}}),
            OpenApiParameter("tracking_code", str),
            OpenApiParameter("carrier", str),
        ),
        summary="List trackers, newest first",
    ),
    ("/trackers", "POST"): Operation(
        answers(ERROR, {200: TRACKER, 201: TRACKER}, 402, 409, 422, body=True),
        request=TRACKER_CREATE,
        summary="Create a tracker (200 when it already existed)",
    ),
    ("/trackers/batch", "POST"): Operation(
        answers(ERROR, {200: page("trackers", TRACKER)}, body=True),
        request=obj({"tracking_codes": array(STRING, max=100)}),
        summary="Retrieve trackers by their tracking codes",
    ),
    ("/trackers/{tracker_id}", "GET"): Operation(answers(ERROR, {200: TRACKER}, 404), summary="Retrieve a tracker"),
    ("/trackers/{tracker_id}", "DELETE"): Operation(answers(ERROR, {204: None}, 404), summary="Delete a tracker"),
    ("/webhooks", "GET"): Operation(answers(ERROR, {200: obj({"webhooks": array(WEBHOOK)})}), summary="List webhooks"),
    ("/webhooks", "POST"): Operation(
        answers(ERROR, {201: WEBHOOK}, 422, body=True), request=WEBHOOK_CREATE, summary="Create a webhook"
    ),
    ("/webhooks/{hook_id}", "GET"): Operation(answers(ERROR, {200: WEBHOOK}, 404), summary="Retrieve a webhook"),
    ("/webhooks/{hook_id}", "PATCH"): Operation(
        answers(ERROR, {200: WEBHOOK}, 404, 422, body=True),
        request=WEBHOOK_UPDATE,
        summary="Update (and re-enable) a webhook",
    ),
    ("/webhooks/{hook_id}", "PUT"): Operation(
        answers(ERROR, {200: WEBHOOK}, 404, 422, body=True),
        request=WEBHOOK_UPDATE,
        summary="Update (and re-enable) a webhook",
    ),
    ("/webhooks/{hook_id}", "DELETE"): Operation(answers(ERROR, {204: None}, 404), summary="Delete a webhook"),
    ("/events", "GET"): Operation(
        answers(ERROR, {200: page("events", EVENT)}), parameters=PAGING, summary="List tracker events, newest first"
    ),
    ("/events/{event_id}", "GET"): Operation(answers(ERROR, {200: EVENT}, 404), summary="Retrieve an event"),
}
