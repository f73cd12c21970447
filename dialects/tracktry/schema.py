"""Tracktry's document: every answer inside `{"meta": {"code", "type", "message"}, "data": …}`
(errors too, with Tracktry's meta codes and `data: {}`), trackings addressed by carrier code and
tracking number, lists paged by `page` and `limit`, times as Unix seconds."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter

from api.schema import ANYTHING, INTEGER, STRING, TRACKING_NUMBER, Operation, answers, array, nullable, obj
from dialects.tracktry.tables import FIELDS, UPDATE_FIELDS, WORDS


def envelope(data: dict) -> dict:
    return obj({"meta": obj({"code": INTEGER, "type": STRING, "message": STRING}), "data": data})


TEXT = nullable(STRING)
ERROR = envelope({"type": "object"})
CHECKPOINT = obj({"Date": STRING, "StatusDescription": TEXT, "Details": TEXT, "checkpoint_status": STRING})
INFO = obj({"weblink": TEXT, "phone": TEXT, "trackinfo": array(CHECKPOINT)})
TRACKING = obj(
    {
        "id": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
        "tracking_number": STRING,
        "carrier_code": STRING,
        "status": STRING,
        "created_at": STRING,
        "updated_at": STRING,
        "order_create_time": TEXT,
        "tracking_ship_date": TEXT,
        "lastEvent": TEXT,
        "lastUpdateTime": TEXT,
        "origin_info": INFO,
        "destination_info": INFO,
    }
)
ITEM_ERROR = obj({"tracking_number": TEXT, "carrier_code": ANYTHING, "code": INTEGER, "message": STRING})
BATCH = obj({"submitted": INTEGER, "added": INTEGER, "trackings": array(TRACKING), "errors": array(ITEM_ERROR)})
PAGE = obj({"page": INTEGER, "limit": INTEGER, "total": INTEGER, "items": array(TRACKING)})
CARRIER = obj({"name": STRING, "code": STRING, "homepage": TEXT, "type": TEXT})
FIELD = {**dict.fromkeys(FIELDS, STRING), "tracking_number": TRACKING_NUMBER}
CREATE = obj(
    {**FIELD, "auto_correct": ANYTHING}, optional=tuple(n for n in FIELDS if n != "tracking_number"), closed=True
)
UPDATE = obj(dict.fromkeys(UPDATE_FIELDS, STRING), optional=UPDATE_FIELDS, closed=True)
UNIX = {"type": "integer", "minimum": 0}

LISTING = (
    OpenApiParameter("page", {"type": "integer", "minimum": 1}),
    OpenApiParameter("limit", {"type": "integer", "minimum": 1, "maximum": 200}),
    OpenApiParameter("status", {"type": "string", "enum": list(WORDS)}),
    OpenApiParameter("carrier_code", str),
    OpenApiParameter("tracking_number", str),
    *(
        OpenApiParameter(name, UNIX, description="Unix time in seconds")
        for name in ("created_at_min", "created_at_max", "update_at_min", "update_at_max")
    ),
)
PAIR = "/trackings/{carrier_code}/{tracking_number}"

OPERATIONS = {
    ("/trackings/post", "POST"): Operation(
        answers(ERROR, {201: envelope(TRACKING)}, 402, 404, 409, 422, body=True),
        request=CREATE,
        summary="Create a tracking",
    ),
    ("/trackings/batch", "POST"): Operation(
        answers(ERROR, {200: envelope(BATCH)}, 402, 422, body=True),
        request=array(CREATE, min=1, max=40),
        summary="Create up to 40 trackings",
    ),
    ("/trackings/get", "GET"): Operation(
        answers(ERROR, {200: envelope(PAGE)}), parameters=LISTING, summary="List trackings"
    ),
    ("/trackings/realtime", "POST"): Operation(
        answers(ERROR, {200: envelope(obj({"items": array(TRACKING)}))}, 402, 404, 409, 422, body=True),
        request=CREATE,
        summary="Track a number now (created when new)",
    ),
    (PAIR, "GET"): Operation(answers(ERROR, {200: envelope(TRACKING)}, 404), summary="Retrieve a tracking"),
    (PAIR, "PUT"): Operation(
        answers(ERROR, {200: envelope(TRACKING)}, 404, 422, body=True), request=UPDATE, summary="Update a tracking"
    ),
    (PAIR, "DELETE"): Operation(
        answers(ERROR, {200: envelope(obj({"tracking_number": STRING, "carrier_code": STRING}))}, 404),
        summary="Delete a tracking",
    ),
    ("/carriers", "GET"): Operation(answers(ERROR, {200: envelope(array(CARRIER))}), summary="List carriers"),
    ("/carriers/detect", "POST"): Operation(
        answers(ERROR, {200: envelope(array(obj({"name": STRING, "code": STRING})))}, body=True),
        request=obj({"tracking_number": TRACKING_NUMBER}, closed=True),
        summary="Carriers a tracking number may belong to",
    ),
}
