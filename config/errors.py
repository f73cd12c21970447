"""Error pages: JSON in the dialect's shape on every API path (the native API's and each dialect's
base path, api.dialect.dialect_at), friendly HTML elsewhere.

Django calls these for what no view answers: an unknown path, a request it cannot read (too many
fields, a body too large), an exception raised in a middleware, a failed CSRF check.
"""

from django.http import Http404
from django.shortcuts import render

from api.dialect import dialect_at, error_response
from api.errors import SERVER_ERROR, json_not_found
from core.errors import ServiceError
from core.inputs import unreadable_request


def not_found(request, exception=None):
    dialect = dialect_at(request.path)
    if dialect is not None:
        if dialect.name == "native":
            return json_not_found(request, exception)
        return error_response(dialect, ServiceError("not_found", "No such endpoint.", 404))
    return render(request, "404.html", status=404)


def server_error(request):
    dialect = dialect_at(request.path)
    if dialect is not None:
        return error_response(dialect, SERVER_ERROR)
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    """A failed CSRF check: the JSON envelope on API paths (which use keys, not cookies), HTML elsewhere."""
    dialect = dialect_at(request.path)
    if dialect is not None:
        error = ServiceError("forbidden", "This endpoint takes an API key, not a browser session.", 403)
        return error_response(dialect, error)
    message = "The form expired or came from another site; reload the page and try again."
    return render(request, "403.html", {"exception": message}, status=403)


def bad_request(request, exception=None):
    """Django-level 400 (an unreadable request, a disallowed host): JSON on API paths."""
    dialect = dialect_at(request.path)
    if dialect is not None:
        error = unreadable_request(exception)
        return error_response(dialect, error)
    return render(request, "400.html", {"message": "The request could not be read."}, status=400)


def permission_denied(request, exception=None):
    dialect = dialect_at(request.path)
    if dialect is not None:
        return error_response(dialect, ServiceError("forbidden", "This action is not allowed.", 403))
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
