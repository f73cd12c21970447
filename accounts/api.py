"""Native API v1: usage and credits, and the public OpenAPI schema and docs."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.models import Organization
from trackers.serializers import UsageSerializer, errors, ok


class Usage(APIView):
    @extend_schema(
        operation_id="usage_retrieve",
        summary="This month's tracker creations per mode, and the credit balance",
        description="A live tracker that is created (not deduplicated) uses one credit; no balance means unlimited.",
        responses={
            200: ok(
                UsageSerializer,
                {
                    "mode": "live",
                    "month": "2026-03-01",
                    "trackers_created": {"test": 12, "live": 3},
                    "credit_balance": 97,
                    "unlimited": False,
                },
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
