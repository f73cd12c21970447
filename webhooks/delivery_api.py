"""Native API for webhook deliveries: read the attempt log, retry, ping (the events API is in api.views).

Views authorize (the key's organization and mode) and call webhooks.services; every lookup is
scoped, so another organization's or mode's object is a 404 in the one error envelope.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from api.authentication import scope
from api.dialect import NativeView
from api.schema import CURSOR_PARAMETER, LIMIT_PARAMETER, errors, page_example
from webhooks import services, subscriptions
from webhooks.representation import delivery_dict

DELIVERY_EXAMPLE = {
    "id": "dlv_Q2mX7pLr0aZk9WcT4YbN1sVe",
    "object": "delivery",
    "event": "evt_3kTq9ZbA1sXw4YpLm2Nc7RvE",
    "event_type": "tracker.updated",
    "webhook": "whk_5RtYp0LmZ2xQa8WcK3Nb7VsE",
    "url": "https://example.com/hooks",
    "status": "pending",
    "attempts": 1,
    "max_attempts": 10,
    "next_attempt_at": "2026-03-01T12:02:03Z",
    "last_status_code": 500,
    "last_error": "The receiver answered HTTP 500.",
    "created_at": "2026-03-01T12:01:00Z",
    "updated_at": "2026-03-01T12:01:01Z",
    "attempt_log": [
        {
            "number": 1,
            "status_code": 500,
            "error": None,
            "message": "The receiver answered HTTP 500.",
            "latency_ms": 41,
            "response_excerpt": "Internal Server Error",
            "created_at": "2026-03-01T12:01:01Z",
        }
    ],
}
NOT_FOUND = ("Not found", "not_found", "No such delivery.", None)
CANCELED = (
    "Canceled",
    "delivery_canceled",
    "This delivery was canceled because its tracker was deleted; it cannot be sent.",
    None,
)
BAD_FILTER = ("Bad filter", "invalid_status", "status must be one of: pending, succeeded, failed, canceled.", "status")
PAGE_PARAMS = [
    LIMIT_PARAMETER,
    CURSOR_PARAMETER,
]


class SubscriptionDeliveries(NativeView):
    @extend_schema(
        operation_id="webhooks_deliveries_list",
        summary="List a webhook's deliveries",
        description="Newest first, each with its attempt log (status code or error, latency, response excerpt).",
        parameters=[
            OpenApiParameter("status", str, description="pending, succeeded, failed or canceled"),
            *PAGE_PARAMS,
        ],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, examples=[page_example(DELIVERY_EXAMPLE)]),
            **errors(400, 404, e400=BAD_FILTER, e404=("Not found", "not_found", "No such webhook.", None)),
        },
        tags=["webhooks"],
    )
    def get(self, request, public_id: str):
        org_id, mode = scope(request)
        sub = subscriptions.get_subscription(org_id, mode, public_id)
        deliveries = services.deliveries_for(org_id, mode, subscription=sub, status=request.query_params.get("status"))
        return self.page_response(request, deliveries, delivery_dict)


class SubscriptionTest(NativeView):
    @extend_schema(
        operation_id="webhooks_test",
        summary="Send a test event",
        description=(
            "Sends a signed `webhook.test` event to this webhook only, once, now, and answers with the "
            "delivery and its attempt. Works on a disabled webhook too, to check a fixed endpoint."
        ),
        request=None,
        responses={
            201: OpenApiResponse(
                OpenApiTypes.OBJECT,
                examples=[
                    OpenApiExample(
                        "Test delivery",
                        value={
                            **DELIVERY_EXAMPLE,
                            "event_type": "webhook.test",
                            "status": "succeeded",
                            "max_attempts": 1,
                        },
                    )
                ],
            ),
            **errors(404, e404=("Not found", "not_found", "No such webhook.", None)),
        },
        tags=["webhooks"],
    )
    def post(self, request, public_id: str):
        org_id, mode = scope(request)
        delivery = services.send_test(subscriptions.get_subscription(org_id, mode, public_id))
        return Response(delivery_dict(delivery), status=status.HTTP_201_CREATED)


class DeliveryDetail(NativeView):
    @extend_schema(
        operation_id="deliveries_retrieve",
        summary="Retrieve a delivery",
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, examples=[OpenApiExample("Delivery", value=DELIVERY_EXAMPLE)]),
            **errors(404, e404=NOT_FOUND),
        },
        tags=["webhooks"],
    )
    def get(self, request, public_id: str):
        org_id, mode = scope(request)
        return Response(delivery_dict(services.get_delivery(org_id, mode, public_id)))


class DeliveryRetry(NativeView):
    @extend_schema(
        operation_id="deliveries_retry",
        summary="Retry a delivery now",
        description=(
            "Sends the delivery again now (same webhook-id) and answers with its new state. A failed delivery "
            "gets one more attempt; a canceled one (its tracker was deleted) cannot be sent."
        ),
        request=None,
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                examples=[OpenApiExample("Retried", value={**DELIVERY_EXAMPLE, "status": "succeeded"})],
            ),
            **errors(404, 409, e404=NOT_FOUND, e409=CANCELED),
        },
        tags=["webhooks"],
    )
    def post(self, request, public_id: str):
        org_id, mode = scope(request)
        delivery = services.retry_delivery(services.get_delivery(org_id, mode, public_id))
        return Response(delivery_dict(delivery))
