"""Packy's document: trackings with 32-hex ids, page-number lists, batch creates answered 201, 207
or 422 as `{data, errors}`, courier and webhook lists as plain arrays, integer webhook ids, and
errors as `{"code", "message"}`."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter

from api.schema import (
    BOOLEAN,
    INTEGER,
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
from trackers.services import MAX_BATCH

TEXT = nullable(STRING)
ERROR = obj({"code": STRING, "message": STRING})
EVENT = obj(
    {
        "occurred_at": STRING,
        "local_time": TEXT,
        "time_zone": TEXT,
        "status": STRING,
        "message": TEXT,
        "location": obj({"city": TEXT, "state": TEXT, "postal_code": TEXT, "country": TEXT}),
    }
)
TRACKING = obj(
    {
        "id": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
        "tracking_number": STRING,
        "courier_code": STRING,
        "delivery_status": STRING,
        "created_at": STRING,
        "updated_at": STRING,
        "events": array(EVENT),
    },
    optional=("events",),
)
PAGE = obj(
    {
        "data": array(TRACKING),
        "meta": obj({"page": INTEGER, "limit": INTEGER, "total": INTEGER, "pages": INTEGER}),
    }
)
ITEM_ERROR = obj(
    {"index": nullable(INTEGER), "tracking_number": TEXT, "code": STRING, "message": STRING},
    optional=("index", "tracking_number"),
)
OUTCOME = obj({"data": array(TRACKING), "errors": array(ITEM_ERROR)})
WEBHOOK = obj(
    {
        "id": INTEGER,
        "url": STRING,
        "has_secret": BOOLEAN,
        "enabled": BOOLEAN,
        "created_at": STRING,
        "updated_at": STRING,
    }
)
TRACKING_CREATE = obj({"tracking_number": TRACKING_NUMBER, "courier_code": STRING}, optional=("courier_code",))
WEBHOOK_FIELDS = {"url": STRING, "secret": STRING, "enabled": BOOLEAN}
WEBHOOK_CREATE = obj(WEBHOOK_FIELDS, optional=("secret", "enabled"), closed=True)
WEBHOOK_UPDATE = obj(WEBHOOK_FIELDS, optional=tuple(WEBHOOK_FIELDS), closed=True)
COURIER = obj({"code": STRING, "name": STRING, "website": TEXT})
CANDIDATE = obj({"code": STRING, "name": STRING, "confidence": NUMBER})

PAGING = (
    OpenApiParameter("page", {"type": "integer", "minimum": 1}, description="Page number, from 1"),
    OpenApiParameter(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
        description="Items per page",
    ),
)

OPERATIONS = {
    ("/trackings", "GET"): Operation(answers(ERROR, {200: PAGE}), parameters=PAGING, summary="List trackings"),
    ("/trackings", "POST"): Operation(
        {
            **answers(ERROR, {201: OUTCOME, 207: OUTCOME}, 402, body=True),
            422: OUTCOME,  # every item (or the body as a whole) refused: nothing created
        },
        request=one_of(TRACKING_CREATE, array(TRACKING_CREATE, min=1, max=MAX_BATCH)),
        parameters=(OpenApiParameter("async", bool, description="Answer before the first refresh (default true)"),),
        summary=f"Create one tracking or a batch of 1 to {MAX_BATCH}",
    ),
    ("/trackings/{tracking_id}", "GET"): Operation(answers(ERROR, {200: TRACKING}, 404), summary="Retrieve a tracking"),
    ("/trackings/{tracking_id}", "DELETE"): Operation(answers(ERROR, {204: None}, 404), summary="Delete a tracking"),
    ("/couriers", "GET"): Operation(answers(ERROR, {200: array(COURIER)}), summary="List couriers"),
    ("/couriers/detect", "POST"): Operation(
        answers(ERROR, {200: array(CANDIDATE)}, body=True),
        request=obj({"tracking_number": TRACKING_NUMBER}, closed=True),
        summary="Couriers a tracking number may belong to",
    ),
    ("/webhooks", "GET"): Operation(answers(ERROR, {200: array(WEBHOOK)}), summary="List webhooks"),
    ("/webhooks", "POST"): Operation(
        answers(ERROR, {201: WEBHOOK}, 422, body=True), request=WEBHOOK_CREATE, summary="Create a webhook"
    ),
    ("/webhooks/{webhook_id}", "GET"): Operation(answers(ERROR, {200: WEBHOOK}, 404), summary="Retrieve a webhook"),
    ("/webhooks/{webhook_id}", "PATCH"): Operation(
        answers(ERROR, {200: WEBHOOK}, 404, 422, body=True), request=WEBHOOK_UPDATE, summary="Update a webhook"
    ),
    ("/webhooks/{webhook_id}", "PUT"): Operation(
        answers(ERROR, {200: WEBHOOK}, 404, 422, body=True), request=WEBHOOK_CREATE, summary="Replace a webhook"
    ),
    ("/webhooks/{webhook_id}", "DELETE"): Operation(answers(ERROR, {204: None}, 404), summary="Delete a webhook"),
}
