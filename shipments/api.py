"""Native API v1 for shipments and their places, people and containers: views scope by the key
and call shipments.services / parts / containers; bodies are built by shipments.representation.
"""

from __future__ import annotations

from collections.abc import Callable

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from api.authentication import scope
from api.dialect import NativeView
from api.schema import CURSOR_PARAMETER, LIMIT_PARAMETER, errors, ok
from api.shapes import Shape, page_of
from shipments import containers, parts, queries, services
from shipments.api_queries import fresh_document, shipment_document
from shipments.api_schema import (
    CONTACT_OUT,
    CONTAINER_OUT,
    DETAIL_EXAMPLE,
    LAYOUT_OUT,
    LOCATION_OUT,
    LOG_OUT,
    SHIPMENT_DETAIL,
    SHIPMENT_EXAMPLE,
    SHIPMENT_PAGE,
    TRACKING_UPDATE_OUT,
    UPDATE_EXAMPLES,
    UPDATE_REFUSALS,
    ContainerUpdateSerializer,
    ShipmentCreateSerializer,
    ShipmentUpdateSerializer,
    refusals,
)
from shipments.representation import (
    contact_dict,
    container_dict,
    layout_dict,
    location_dict,
    log_dict,
    shipment_dict,
    update_dict,
)
from shipments.rules import ShipmentStatus, ShipmentType


def detail_response(organization_id: int, mode: str, public_id: str, code: int = 200) -> Response:
    return Response(fresh_document(organization_id, mode, public_id), status=code)


LIST_PARAMS = [
    LIMIT_PARAMETER,
    CURSOR_PARAMETER,
    OpenApiParameter("status", str, description="One of: " + ", ".join(ShipmentStatus.values)),
    OpenApiParameter("type", str, enum=ShipmentType.values),
    *[OpenApiParameter(name, str) for name in queries.REFERENCE_FILTERS],
    OpenApiParameter("tracking_number", str),
    OpenApiParameter("tag", str),
    OpenApiParameter("container_id", str),
    OpenApiParameter("q", str, description="Tracking or reference number (prefix), or the shipment id"),
]
NOT_FOUND = ("Not found", "not_found", "No such shipment.", None)
META = {"limit": 20, "has_more": False, "next_cursor": None}


class ShipmentListCreate(NativeView):
    @extend_schema(
        operation_id="shipments_list",
        summary="List shipments, newest first",
        parameters=LIST_PARAMS,
        responses={
            200: ok(
                SHIPMENT_PAGE,
                {"data": [SHIPMENT_EXAMPLE], "meta": {"limit": 20, "has_more": False, "next_cursor": None}},
                name="A page",
            ),
            **errors(400, e400=("Bad filter", "invalid_parameter", "Some filters are not valid: status: …", "status")),
        },
    )
    def get(self, request):
        org_id, mode = scope(request)
        queryset = queries.api_filtered(
            request.query_params, services.shipments_for(org_id, mode).select_related(*services.RELATED)
        )
        return self.page_response(request, queryset, shipment_dict)

    @extend_schema(
        operation_id="shipments_create",
        summary="Create a shipment",
        description=(
            "Any field of the update, plus `purchased`. A tracking number gets a tracker of the same mode "
            "(test mode: sandbox numbers only)."
        ),
        request=ShipmentCreateSerializer,
        responses={201: ok(SHIPMENT_DETAIL, DETAIL_EXAMPLE, name="Created"), **refusals(*UPDATE_REFUSALS)},
        examples=[
            OpenApiExample(
                "An international shipment",
                value={
                    "order_number": "#1001",
                    "tracking_number": "PKGX-AAAAAAA-1234567",
                    "sender_address": {"city": "Austin", "country": "US"},
                    "recipient_address": {"city": "Berlin", "country": "DE"},
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        key = request.auth
        shipment = services.create_shipment(key.organization, key.mode, request.data)
        return detail_response(key.organization_id, key.mode, shipment.public_id, status.HTTP_201_CREATED)


class ShipmentDetail(NativeView):
    @extend_schema(
        operation_id="shipments_retrieve",
        summary="A shipment with its customs, and its newest 100 logs and tracking updates (newest first)",
        responses={200: ok(SHIPMENT_DETAIL, DETAIL_EXAMPLE, name="Shipment"), **errors(404, e404=NOT_FOUND)},
    )
    def get(self, request, public_id: str):
        org_id, mode = scope(request)
        return Response(shipment_document(org_id, mode, public_id))

    @extend_schema(
        operation_id="shipments_update",
        summary="Update a shipment",
        description=(
            "Any combination of the fields, applied whole or not at all. A status must follow the transition "
            "table unless `force_update` is true (the correction is logged). A shipment in a container takes no "
            "status or location of its own. `disable_webhooks` silences this update's `shipment.updated`."
        ),
        request=ShipmentUpdateSerializer,
        responses={200: ok(SHIPMENT_DETAIL, DETAIL_EXAMPLE, name="Shipment"), **refusals(*UPDATE_REFUSALS)},
        examples=UPDATE_EXAMPLES,
    )
    def patch(self, request, public_id: str):
        key = request.auth
        services.update_shipment(key.organization, key.mode, public_id, request.data)
        return detail_response(key.organization_id, key.mode, public_id)


class _History(NativeView):
    # One shipment's whole tracking-update history or log, newest first, in keyset pages.

    sort = ("occurred_at", True)

    def rows(self, org_id: int, mode: str, public_id: str):
        raise NotImplementedError

    def render(self, row) -> dict:
        raise NotImplementedError

    def get(self, request, public_id: str):
        org_id, mode = scope(request)
        return self.page_response(request, self.rows(org_id, mode, public_id), self.render, sort=self.sort)


PAGE_PARAMS = [LIMIT_PARAMETER, CURSOR_PARAMETER]


@extend_schema_view(
    get=extend_schema(
        operation_id="shipments_tracking_updates",
        summary="A shipment's whole status history, newest first",
        parameters=PAGE_PARAMS,
        responses={
            200: ok(page_of(TRACKING_UPDATE_OUT), {"data": DETAIL_EXAMPLE["tracking_updates"], "meta": META}),
            **errors(400, 404, e404=NOT_FOUND),
        },
    )
)
class ShipmentHistory(_History):
    def rows(self, org_id: int, mode: str, public_id: str):
        return services.history_of(org_id, mode, public_id)

    def render(self, row) -> dict:
        return update_dict(row)


@extend_schema_view(
    get=extend_schema(
        operation_id="shipments_logs",
        summary="A shipment's whole log, newest first",
        parameters=PAGE_PARAMS,
        responses={
            200: ok(page_of(LOG_OUT), {"data": DETAIL_EXAMPLE["logs"], "meta": META}),
            **errors(400, 404, e404=NOT_FOUND),
        },
    )
)
class ShipmentLogs(_History):
    sort = ("created_at", True)

    def rows(self, org_id: int, mode: str, public_id: str):
        return services.logs_of(org_id, mode, public_id)

    def render(self, row) -> dict:
        return log_dict(row)


# --- locations, layouts, contacts, containers ------------------------------------------------------


def _resource_views(
    kind: parts.Kind,
    render: Callable,
    out: Shape,
    request_example: dict,
    update: Callable | None = None,
    update_request: type | None = None,
) -> tuple[type[NativeView], type[NativeView]]:
    """List/create and read/update/delete views for one kind, each operation documented."""
    noun = kind.noun
    nf = ("Not found", "not_found", f"No such {noun}.", None)
    example = out.example
    bad = ("Invalid", "invalid_fields", "Some fields are not valid: name: A name is required.", "name")

    @extend_schema_view(
        get=extend_schema(
            operation_id=f"{noun}s_list",
            summary=f"List {noun}s, newest first",
            parameters=PAGE_PARAMS,
            responses={
                200: ok(
                    page_of(out), {"data": [example], "meta": {"limit": 20, "has_more": False, "next_cursor": None}}
                ),
                **errors(400, e400=("Bad cursor", "invalid_cursor", "The cursor is not valid.", "cursor")),
            },
        ),
        post=extend_schema(
            operation_id=f"{noun}s_create",
            summary=f"Create a {noun}",
            request=out.serializer,
            responses={201: ok(out, example, name="Created"), **errors(400, e400=bad)},
            examples=[OpenApiExample("Request", value=request_example, request_only=True)],
        ),
    )
    class ListCreate(NativeView):
        def get(self, request):
            org_id, mode = scope(request)
            return self.page_response(request, parts.list_of(kind, org_id, mode), render)

        def post(self, request):
            key = request.auth
            return Response(render(parts.create(kind, key.organization, key.mode, request.data)), status=201)

    patch_description = (
        "`status`, `location_id` and `layout_id` reach every shipment in the container (each through the "
        "transition table, all or nothing) and add a tracking update to each."
        if update
        else "Only the fields sent change."
    )

    @extend_schema_view(
        get=extend_schema(
            operation_id=f"{noun}s_retrieve",
            summary=f"A {noun}",
            responses={200: ok(out, example, name=noun.title()), **errors(404, e404=nf)},
        ),
        patch=extend_schema(
            operation_id=f"{noun}s_update",
            summary=f"Update a {noun}",
            description=patch_description,
            request=update_request or out.serializer,
            responses={200: ok(out, example, name=noun.title()), **errors(400, 404, e400=bad, e404=nf)},
            examples=[
                OpenApiExample(
                    "Request",
                    value={"status": "in_transit", "location_id": "loc_abc123"} if update else request_example,
                    request_only=True,
                )
            ],
        ),
        delete=extend_schema(
            operation_id=f"{noun}s_destroy",
            summary=f"Delete a {noun}",
            responses={204: OpenApiResponse(None, description="Deleted"), **errors(404, 409, e404=nf)},
        ),
    )
    class Detail(NativeView):
        def get(self, request, public_id: str):
            org_id, mode = scope(request)
            return Response(render(parts.get(kind, org_id, mode, public_id)))

        def patch(self, request, public_id: str):
            key = request.auth
            if update is not None:
                obj = update(key.organization, key.mode, public_id, request.data)
            else:
                obj = parts.update(kind, key.organization, key.mode, public_id, request.data)
            return Response(render(obj))

        def delete(self, request, public_id: str):
            org_id, mode = scope(request)
            parts.delete(kind, org_id, mode, public_id)
            return Response(status=status.HTTP_204_NO_CONTENT)

    title = noun.title()
    ListCreate.__name__ = ListCreate.__qualname__ = f"{title}ListCreate"
    Detail.__name__ = Detail.__qualname__ = f"{title}Detail"
    return ListCreate, Detail


LocationListCreate, LocationDetail = _resource_views(
    parts.LOCATION,
    location_dict,
    LOCATION_OUT,
    {"name": "Main mailroom", "address": {"line1": "1 Main St", "city": "Austin", "country": "US"}},
)
LayoutListCreate, LayoutDetail = _resource_views(
    parts.LAYOUT, layout_dict, LAYOUT_OUT, {"name": "Shelf A", "location_id": "loc_abc123"}
)
ContactListCreate, ContactDetail = _resource_views(
    parts.CONTACT, contact_dict, CONTACT_OUT, {"name": "Dana Reyes", "email": "dana@example.com"}
)
ContainerListCreate, ContainerDetail = _resource_views(
    parts.CONTAINER,
    container_dict,
    CONTAINER_OUT,
    {"name": "Bag 7"},
    update=containers.update_container,
    update_request=ContainerUpdateSerializer,
)
