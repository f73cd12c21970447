"""PackageX's document: trackers with `track_` ids in `{"data": …}`, lists with `pagination`, the
shipment as the native shipment document in `{"data": …}`, and errors as
`{"error": {"code", "errors": [field names], "message", "status"}}`."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, inline_serializer

from api.schema import INTEGER, STRING, TRACKING_NUMBER, Operation, answers, array, nullable, obj
from core.pagination import MAX_LIMIT
from shipments.api_schema import CONTAINER_OUT, SHIPMENT_DETAIL, ContainerUpdateSerializer, ShipmentUpdateSerializer

TEXT = nullable(STRING)
ERROR = obj(
    {"error": obj({"code": STRING, "errors": array(STRING), "message": STRING, "status": INTEGER})},
)
UPDATE = obj(
    {
        "status": STRING,
        "comment": TEXT,
        "location": {"type": "object"},
        "time_zone": TEXT,
        "local_time": TEXT,
        "created_at": STRING,
    }
)
TRACKER = obj(
    {
        "id": {"type": "string", "pattern": "^track_"},
        "object": {"type": "string", "enum": ["tracker"]},
        "mode": STRING,
        "tracking_number": STRING,
        "provider_id": STRING,
        "provider": obj({"id": STRING, "name": STRING}),
        "status": STRING,
        "final_status": TEXT,
        "status_detail": TEXT,
        "estimated_delivery_at": TEXT,
        "delivered_at": TEXT,
        "metadata": {"type": "object"},
        "public_url": TEXT,
        "created_at": STRING,
        "updated_at": STRING,
        "tracking_updates": array(UPDATE),
    },
    optional=("tracking_updates",),
)
ONE = obj({"data": TRACKER})
PAGE = obj(
    {
        "data": array(TRACKER),
        "pagination": obj({"page": INTEGER, "limit": INTEGER, "total": INTEGER, "pages": INTEGER}),
    }
)
CONTAINER = inline_serializer("PackageXContainer", {"data": CONTAINER_OUT.serializer()})
SHIPMENT = inline_serializer("PackageXShipment", {"data": SHIPMENT_DETAIL.serializer()})
METADATA = {"type": "object", "description": "Your own keys; a key set to null is removed"}
CREATE = obj(
    {"tracking_number": TRACKING_NUMBER, "provider_id": TEXT, "metadata": METADATA},
    optional=("provider_id", "metadata"),
    closed=True,
)

OPERATIONS = {
    ("/trackers", "GET"): Operation(
        answers(ERROR, {200: PAGE}),
        parameters=(
            OpenApiParameter("page", {"type": "integer", "minimum": 1}),
            OpenApiParameter("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}),
        ),
        summary="List trackers",
    ),
    ("/trackers", "POST"): Operation(
        answers(ERROR, {200: ONE}, 402, 409, 422, body=True), request=CREATE, summary="Create a tracker"
    ),
    ("/trackers/{tracker_id}", "GET"): Operation(answers(ERROR, {200: ONE}, 404), summary="Retrieve a tracker"),
    ("/trackers/{tracker_id}", "POST"): Operation(
        answers(ERROR, {200: ONE}, 404, body=True),
        request=obj({"metadata": METADATA}, closed=True),
        summary="Update a tracker's metadata",
    ),
    ("/shipments/{shipment_id}", "GET"): Operation(answers(ERROR, {200: SHIPMENT}, 404), summary="Retrieve a shipment"),
    ("/shipments/{shipment_id}", "POST"): Operation(
        answers(ERROR, {200: SHIPMENT}, 404, 409, 422, body=True),
        request=ShipmentUpdateSerializer,
        summary="Update a shipment",
    ),
    ("/containers/{container_id}", "GET"): Operation(
        answers(ERROR, {200: CONTAINER}, 404), summary="Retrieve a container"
    ),
    ("/containers/{container_id}", "POST"): Operation(
        answers(ERROR, {200: CONTAINER}, 404, 409, 422, body=True),
        request=ContainerUpdateSerializer,
        summary="Update a container",
    ),
}
