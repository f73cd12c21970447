"""Error pages: JSON under /api/, friendly HTML elsewhere."""

from django.http import JsonResponse
from django.shortcuts import render

from api.errors import json_not_found, json_server_error, native_body
from core.errors import ServiceError


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return json_not_found(request, exception)
    return render(request, "404.html", status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        return json_server_error(request)
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    """A failed CSRF check: the JSON envelope on API paths (which use keys, not cookies), HTML elsewhere."""
    if request.path.startswith("/api/"):
        error = ServiceError("forbidden", "This endpoint takes an API key, not a browser session.", 403)
        return JsonResponse(native_body(error), status=403)
    message = "The form expired or came from another site; reload the page and try again."
    return render(request, "403.html", {"exception": message}, status=403)


def bad_request(request, exception=None):
    """Django-level 400 (an unreadable request, a disallowed host): JSON on API paths."""
    if request.path.startswith("/api/"):
        error = ServiceError("bad_request", "The request could not be read.", 400)
        return JsonResponse(native_body(error), status=400)
    return render(request, "400.html", {"message": "The request could not be read."}, status=400)


def permission_denied(request, exception=None):
    if request.path.startswith("/api/"):
        error = ServiceError("forbidden", "This action is not allowed.", 403)
        return JsonResponse(native_body(error), status=403)
    return render(request, "403.html", {"exception": exception}, status=403)
