"""Native API v1 endpoints that belong to no domain app: usage and credits, events, the OpenAPI document, docs.

Accounts and the events outbox sit below the API toolkit in the import layers (they may not import
DRF), so their endpoints live here, one layer up; their reads are accounts.services and events.services.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from accounts import services
from accounts.models import Organization
from api.authentication import scope
from api.dialect import NativeView
from api.schema import CURSOR_PARAMETER, LIMIT_PARAMETER, errors, ok, page_example
from api.shapes import Field, Shape
from events.models import Event
from events.services import events_for, get_event

USAGE = Shape(
    "Usage",
    {
        "mode": ("str", "", "live"),
        "month": ("date", "", "2026-03-01"),
        "trackers_created": Field(
            "object", options={"child": serializers.IntegerField()}, example={"test": 12, "live": 3}
        ),
        "credit_balance": ("int?", "null: unlimited", 97),
        "unlimited": ("bool", "", False),
    },
)


class Usage(NativeView):
    @extend_schema(
        operation_id="usage_retrieve",
        summary="This month's tracker creations per mode, and the credit balance",
        description="A live tracker that is created (not deduplicated) uses one credit; no balance means unlimited.",
        responses={
            200: ok(
                USAGE,
                USAGE.example,
                name="Usage",
            ),
            **errors(),
        },
    )
    def get(self, request):
        key = request.auth
        # The key (and its organization) may come from the short key cache: read the balance fresh.
        organization = Organization.objects.get(pk=key.organization_id)
        return Response({"mode": key.mode, **services.usage(organization)})


EVENT_EXAMPLE = {
    "id": "evt_3kTq9ZbA1sXw4YpLm2Nc7RvE",
    "object": "event",
    "type": "tracker.updated",
    "mode": "test",
    "created_at": "2026-03-01T12:01:00Z",
    "data": {
        "id": "trk_8fJw2LpQ0aZx5YtRk1Mn3VbC",
        "object": "tracker",
        "tracking_number": "PKGX-DDDDDDD-1234567",
        "status": "in_transit",
        "status_detail": "accepted",
    },
    "previous_attributes": {"status": "pre_transit", "status_detail": "label_created"},
}


class EventList(NativeView):
    @extend_schema(
        operation_id="events_list",
        summary="List events",
        description=(
            "Events of the key's organization and mode, newest first, keyset-paginated. Each is the body "
            "that was (or will be) POSTed to matching webhooks."
        ),
        parameters=[
            OpenApiParameter("type", str, description="tracker.created, tracker.updated, tracker.deleted, …"),
            OpenApiParameter("tracker", str, description="Only events about this tracker (trk_…)"),
            LIMIT_PARAMETER,
            CURSOR_PARAMETER,
        ],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, examples=[page_example(EVENT_EXAMPLE)]),
            **errors(400, e400=("Bad type", "invalid_event_type", "type must be one of: tracker.created, …", "type")),
        },
        tags=["events"],
    )
    def get(self, request):
        org_id, mode = scope(request)
        params = request.query_params
        events = events_for(org_id, mode, type=params.get("type"), subject=params.get("tracker"))
        return self.page_response(request, events, Event.payload)


class EventDetail(NativeView):
    @extend_schema(
        operation_id="events_retrieve",
        summary="Retrieve an event",
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, examples=[OpenApiExample("Event", value=EVENT_EXAMPLE)]),
            **errors(404, e404=("Not found", "not_found", "No such event.", None)),
        },
        tags=["events"],
    )
    def get(self, request, public_id: str):
        org_id, mode = scope(request)
        return Response(get_event(org_id, mode, public_id).payload())


class PublicSchema(SpectacularAPIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []


class PublicDocs(SpectacularSwaggerView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []
