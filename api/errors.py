"""Every failure of an API request becomes one ServiceError, which the dialect then renders.

`to_service_error` is the one translation of DRF's and Django's exceptions (bad JSON, missing key,
throttling, 404, 405, validation) into a ServiceError with a stable code; a dialect only decides
how a ServiceError looks on the wire. The native shape (DESIGN.md, Errors) is
{"error": {"code", "message", "errors": [{"field", "message"}], "status"}}, built by
ServiceError.as_dict and nowhere else.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response

from core.errors import FieldError, ServiceError
from core.inputs import unreadable_request

log = logging.getLogger(__name__)

DRF_CODES = {
    exceptions.NotAuthenticated: "unauthorized",
    exceptions.AuthenticationFailed: "unauthorized",
    exceptions.PermissionDenied: "forbidden",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.ParseError: "malformed_json",
    exceptions.Throttled: "rate_limited",
    exceptions.ValidationError: "invalid_request",
}
# Finer than the code, for the dialects that tell them apart (core.errors, ServiceError.reason).
DRF_REASONS = {
    exceptions.NotAuthenticated: "api_key_missing",
    exceptions.AuthenticationFailed: "api_key_invalid",
}
SERVER_ERROR = ServiceError("server_error", "Something went wrong on our side; it has been logged.", 500)


def native_body(error: ServiceError) -> dict:
    """The native API's error envelope."""
    return {"error": error.as_dict()}


def _flatten(detail, prefix: str = "") -> list[FieldError]:
    """DRF's nested validation detail as a flat list of field errors."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            name = "" if key == "non_field_errors" else (f"{prefix}.{key}" if prefix else str(key))
            out.extend(_flatten(value, name))
        return out
    if isinstance(detail, list):
        out = []
        for i, value in enumerate(detail):
            nested = isinstance(value, dict | list)
            out.extend(_flatten(value, f"{prefix}[{i}]" if nested else prefix))
        return out
    return [FieldError(prefix or None, str(detail))]


def to_service_error(exc: Exception, missing_key_message: str) -> ServiceError | None:
    """The ServiceError an exception stands for; None for an unexpected error (a bug)."""
    if isinstance(exc, ServiceError):
        return exc
    if isinstance(exc, SuspiciousOperation | BadRequest):
        return unreadable_request(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None
    http_status = exc.status_code
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        http_status = status.HTTP_401_UNAUTHORIZED
    code = next((c for cls, c in DRF_CODES.items() if isinstance(exc, cls)), "error")
    reason = next((r for cls, r in DRF_REASONS.items() if isinstance(exc, cls)), "")
    errors: list[FieldError] = []
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        message = "The request is not valid: " + "; ".join(
            f"{e.field}: {e.message}" if e.field else e.message for e in errors[:5]
        )
    elif isinstance(exc, exceptions.NotAuthenticated):
        message = missing_key_message
    else:
        message = str(exc.detail) if not isinstance(exc.detail, dict | list) else "Request failed."
    return ServiceError(code, message, http_status, errors, reason=reason)


def handler_for(
    render: Callable[[ServiceError], dict], missing_key_message: str, auth_header: str
) -> Callable[[Exception, dict], Response]:
    """A DRF exception handler that renders every failure in one dialect's shape."""

    def handle(exc: Exception, context: dict) -> Response:
        error = to_service_error(exc, missing_key_message)
        if error is None:
            log.exception("unhandled API error", exc_info=exc)
            error = SERVER_ERROR
        response = Response(render(error), status=error.status)
        # Throttled.__init__ sets `wait`; the stubs leave the attribute out.
        wait = exc.wait if isinstance(exc, exceptions.Throttled) else None  # type: ignore[attr-defined]
        if wait is not None:
            response["Retry-After"] = str(int(wait) + 1)
        if error.status == 401:
            response["WWW-Authenticate"] = auth_header
        return response

    return handle


NATIVE_MISSING_KEY = "An API key is required: `Authorization: Bearer <key>` or `X-API-Key: <key>`."
exception_handler = handler_for(native_body, NATIVE_MISSING_KEY, 'Bearer realm="api"')


@csrf_exempt  # a POST to an unknown API path is a 404, not Django's HTML CSRF page
def json_not_found(request, exception=None) -> JsonResponse:
    """Django-level 404 for API paths: JSON, never the HTML page."""
    message = "No such endpoint."
    if request.path.endswith("/") and request.path.count("/") > 3:
        message += f" API paths have no trailing slash: try {request.path.rstrip('/')}."
    return JsonResponse(native_body(ServiceError("not_found", message, 404)), status=404)
