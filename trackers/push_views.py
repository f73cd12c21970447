"""The inbound push endpoints, one per sender: /carriers/push/17track, /carriers/push/ups.

No session, no API key and no CSRF token: the sender's signature or credential is the
authentication (checked by trackers.pushes before anything is read). Answers are JSON: 200 when
the push was taken (also for a number nobody tracks, so the sender does not retry it forever),
401/403 when it is refused, 400 for a verified body we cannot read, 413 for an oversized one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from carriers import seventeentrack_push, ups_push
from carriers.push import PushRefused
from core.errors import ServiceError
from trackers import pushes


def refusal(code: str, message: str, status: int) -> JsonResponse:
    """The native error envelope, for pushes refused here or by the request guard."""
    return JsonResponse({"error": ServiceError(code, message, status).as_dict()}, status=status)


def _receive(
    request: HttpRequest, receive: Callable[[bytes, str | None], pushes.Received], header: str
) -> JsonResponse:
    if request.method != "POST":
        answer = refusal("method_not_allowed", "Pushes are sent with POST.", 405)
        answer["Allow"] = "POST"
        return answer
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.PUSH_MAX_BYTES:
        return refusal("push_too_large", f"A push body may hold at most {settings.PUSH_MAX_BYTES} bytes.", 413)
    try:
        received = receive(request.body, request.headers.get(header))
    except PushRefused as exc:
        return refusal(exc.code, exc.message, exc.status)
    return JsonResponse({"received": True, "trackers": received.trackers, "changed": received.changed})


@csrf_exempt
def seventeentrack(request: HttpRequest) -> JsonResponse:
    return _receive(request, pushes.receive_17track, seventeentrack_push.SIGNATURE_HEADER)


@csrf_exempt
def ups(request: HttpRequest) -> JsonResponse:
    return _receive(request, pushes.receive_ups, ups_push.CREDENTIAL_HEADER)
