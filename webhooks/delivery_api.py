"""Native API for webhook deliveries: read the attempt log, retry, ping (the events API is in api.views).

Views authorize (the key's organization and mode) and call webhooks.services; every lookup is
scoped, so another organization's or mode's object is a 404 in the one error envelope.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from api.authentication import scope
from api.dialect import NativeView
from api.schema import CURSOR_PARAMETER, LIMIT_PARAMETER, errors, page_example
from webhooks import services, subscriptions
from webhooks.api_schema import DELIVERY, DELIVERY_PAGE
from webhooks.representation import delivery_dict

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
            200: OpenApiResponse(DELIVERY_PAGE.serializer, examples=[page_example(DELIVERY.example)]),
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
                DELIVERY.serializer,
                examples=[
                    OpenApiExample(
                        "Test delivery",
                        value={
                            **DELIVERY.example,
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
            200: OpenApiResponse(DELIVERY.serializer, examples=[OpenApiExample("Delivery", value=DELIVERY.example)]),
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
                DELIVERY.serializer,
                examples=[OpenApiExample("Retried", value={**DELIVERY.example, "status": "succeeded"})],
            ),
            **errors(404, 409, e404=NOT_FOUND, e409=CANCELED),
        },
        tags=["webhooks"],
    )
    def post(self, request, public_id: str):
        org_id, mode = scope(request)
        delivery = services.retry_delivery(services.get_delivery(org_id, mode, public_id))
        return Response(delivery_dict(delivery))
