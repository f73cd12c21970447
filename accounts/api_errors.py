"""One error shape for the native API (DESIGN.md, Errors), whatever raised it.

{"error": {"code", "message", "errors": [{"field", "message"}], "status"}}
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response

from accounts.errors import ServiceError

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


def envelope(code: str, message: str, http_status: int, errors: list | None = None) -> dict:
    return {"error": {"code": code, "message": message, "errors": errors or [], "status": http_status}}


def _flatten(detail, prefix: str = "") -> list[dict]:
    """DRF's nested validation detail as a flat list of {field, message}."""
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
    return [{"field": prefix or None, "message": str(detail)}]


def exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        return Response({"error": exc.as_dict()}, status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.APIException):
        http_status = exc.status_code
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            http_status = status.HTTP_401_UNAUTHORIZED
        code = next((c for cls, c in DRF_CODES.items() if isinstance(exc, cls)), "error")
        if isinstance(exc, exceptions.ValidationError):
            errors = _flatten(exc.detail)
            message = "The request is not valid: " + "; ".join(
                f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors[:5]
            )
        elif isinstance(exc, exceptions.NotAuthenticated):
            errors = []
            message = "An API key is required: `Authorization: Bearer <key>` or `X-API-Key: <key>`."
        else:
            errors = []
            message = str(exc.detail) if not isinstance(exc.detail, dict | list) else "Request failed."
        response = Response(envelope(code, message, http_status, errors), status=http_status)
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            response["Retry-After"] = str(int(exc.wait) + 1)
        if http_status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response
    log.exception("unhandled API error", exc_info=exc)
    return Response(envelope("server_error", "Something went wrong on our side; it has been logged.", 500), status=500)


def json_not_found(request, exception=None):
    """Django-level 404 for API paths: JSON, never the HTML page."""
    return JsonResponse(envelope("not_found", "No such endpoint.", 404), status=404)


def json_server_error(request):
    return JsonResponse(
        envelope("server_error", "Something went wrong on our side; it has been logged.", 500), status=500
    )
