"""Native API v1 endpoints that belong to no domain app: usage and credits, the OpenAPI document, docs."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from accounts import services
from accounts.models import Organization
from api.dialect import NativeView
from api.schema import errors, ok
from api.shapes import Field, Shape

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


class PublicSchema(SpectacularAPIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []


class PublicDocs(SpectacularSwaggerView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []
