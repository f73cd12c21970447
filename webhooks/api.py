"""Native API v1 for webhook subscriptions (Packy's rules): views scope by the key and call
webhooks.subscriptions; the secret is write-only, responses say `has_secret`, except the create
answer, which carries it once (generated when none was sent, unless `unsigned: true`).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from api.authentication import scope
from api.dialect import NativeView
from api.schema import CURSOR_PARAMETER, LIMIT_PARAMETER, errors, ok
from core.errors import invalid
from core.times import iso
from webhooks import subscriptions
from webhooks.api_schema import CREATED_WEBHOOK, WEBHOOK, WEBHOOK_PAGE, SubscriptionSerializer
from webhooks.models import Subscription


def subscription_dict(sub: Subscription) -> dict:
    return {
        "id": sub.public_id,
        "object": "webhook",
        "mode": sub.mode,
        "url": sub.url,
        "enabled": sub.enabled,
        "has_secret": sub.has_secret,
        "format": sub.format,
        "event_types": sub.event_types,
        "custom_headers": sub.custom_headers,
        "description": sub.description,
        "disabled_reason": sub.disabled_reason,
        "health": {
            "failing_since": iso(sub.failing_since),
            "last_success_at": iso(sub.last_success_at),
            "pending_deliveries": subscriptions.pending_count(sub),
        },
        "created_at": iso(sub.created_at),
        "updated_at": iso(sub.updated_at),
    }


BAD_URL = ("Not https", "invalid_fields", "The webhook URL must start with https://.", "url")
NOT_FOUND = ("Not found", "not_found", "No such webhook.", None)


def _body(request) -> dict:
    if not isinstance(request.data, dict):
        raise invalid("invalid_body", "Send a JSON object.")
    return request.data


class SubscriptionListCreate(NativeView):
    @extend_schema(
        operation_id="webhooks_list",
        summary="Webhook subscriptions of this key's organization and mode",
        parameters=[LIMIT_PARAMETER, CURSOR_PARAMETER],
        responses={
            200: ok(
                WEBHOOK_PAGE,
                {"data": [WEBHOOK.example], "meta": {"limit": 20, "has_more": False, "next_cursor": None}},
                name="List",
            ),
            **errors(400, e400=("Bad cursor", "invalid_cursor", "The cursor is not valid.", "cursor")),
        },
    )
    def get(self, request):
        org_id, mode = scope(request)
        subs = subscriptions.with_queue(subscriptions.subscriptions_for(org_id, mode))
        return self.page_response(request, subs, subscription_dict)

    @extend_schema(
        operation_id="webhooks_create",
        summary="Create a subscription",
        description=(
            "`url` must be https and resolve to a public address. Without a `secret`, one is generated "
            "(`whsec_…`); this answer is the only one that shows it. `unsigned: true` makes a webhook "
            "without a signature. `format` chooses the body, event names and signature of every delivery: "
            "`native` (default) or a dialect's name (`aftership`, `easypost`, `packagex`, `packy`, `tracktry`); any "
            "other value is refused with the allowed ones."
        ),
        request=SubscriptionSerializer,
        responses={
            201: ok(CREATED_WEBHOOK, CREATED_WEBHOOK.example, name="Created"),
            **errors(400, 409, e400=BAD_URL, e409=("Too many", "too_many_webhooks", "At most 20 webhooks …", None)),
        },
        examples=[
            OpenApiExample(
                "Request",
                value={"url": "https://example.com/hooks", "event_types": ["tracker.updated"]},
                request_only=True,
            ),
            OpenApiExample(
                "In PackageX's format, with a header",
                value={
                    "url": "https://example.com/hooks",
                    "format": "packagex",
                    "custom_headers": {"X-Shop": "north"},
                },
                request_only=True,
            ),
            OpenApiExample("Unsigned", value={"url": "https://example.com/hooks", "unsigned": True}, request_only=True),
        ],
    )
    def post(self, request):
        key = request.auth
        body = _body(request)
        sub = subscriptions.create_subscription(key.organization, key.mode, body)
        # The generated secret, shown this once; a secret the caller sent is not echoed back.
        shown = sub.secret if sub.secret and sub.secret != body.get("secret") else None
        return Response({**subscription_dict(sub), "secret": shown}, status=status.HTTP_201_CREATED)


class SubscriptionDetail(NativeView):
    def _get(self, request, public_id: str) -> Subscription:
        org_id, mode = scope(request)
        return subscriptions.get_subscription(org_id, mode, public_id)

    @extend_schema(
        operation_id="webhooks_retrieve",
        summary="A subscription",
        responses={200: ok(WEBHOOK, WEBHOOK.example, name="Webhook"), **errors(404, e404=NOT_FOUND)},
    )
    def get(self, request, public_id: str):
        return Response(subscription_dict(self._get(request, public_id)))

    @extend_schema(
        operation_id="webhooks_update",
        summary="Partial update",
        description=(
            "Only the fields sent change. An empty `secret`, or `unsigned: true`, clears it (has_secret "
            "becomes false); `custom_headers` replaces the whole set."
        ),
        request=SubscriptionSerializer(partial=True),
        responses={
            200: ok(WEBHOOK, {**WEBHOOK.example, "enabled": False}, name="Webhook"),
            **errors(400, 404, e400=BAD_URL, e404=NOT_FOUND),
        },
        examples=[
            OpenApiExample("Disable", value={"enabled": False}, request_only=True),
            OpenApiExample("Clear the secret", value={"secret": ""}, request_only=True),
        ],
    )
    def patch(self, request, public_id: str):
        sub = subscriptions.update_subscription(self._get(request, public_id), _body(request))
        return Response(subscription_dict(sub))

    @extend_schema(
        operation_id="webhooks_destroy",
        summary="Delete a subscription",
        responses={204: OpenApiResponse(None, description="Deleted"), **errors(404, e404=NOT_FOUND)},
    )
    def delete(self, request, public_id: str):
        subscriptions.delete_subscription(self._get(request, public_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
