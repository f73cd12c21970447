"""Error pages: JSON under /api/, friendly HTML elsewhere."""

from django.http import Http404, JsonResponse
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


PUBLIC_PREFIXES = ("/t/", "/n/")


class PublicNotFoundMiddleware:
    """A recipient's mistyped or expired link gets the friendly 404 also when DEBUG is on.

    Django answers a 404 under DEBUG with its technical page, meant for developers; recipients
    following a public link (`make run` serves with DEBUG=1) should see what production shows.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and request.path.startswith(PUBLIC_PREFIXES):
            return render(request, "404.html", status=404)
        return None


def public_not_found(request, rest: str = ""):
    """Any other path under a public prefix: the same friendly page."""
    return render(request, "404.html", status=404)
