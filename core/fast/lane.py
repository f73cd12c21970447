"""The API's own, shorter middleware stack: key-authenticated calls skip what only browsers need.

Sessions, the user, messages, CSRF and the language of the dashboard serve people with a browser;
an API call carries its key in a header and answers English JSON. Through the full stack they cost
about a third of a small API call (bench/api.py). `ApiLane` sits first in MIDDLEWARE: a request
under one of API_LANE_PREFIXES is handed to a handler whose chain is API_MIDDLEWARE (security
headers, CommonMiddleware, X-Frame-Options and the request guard are kept); every other request
goes on through the full stack. Paths that render HTML pages (the interactive docs, whose template
reads the signed-in user) are left out by API_LANE_EXCLUDED.

With FAST_PATHS off, settings leave ApiLane out of MIDDLEWARE, and it steps aside by itself
(MiddlewareNotUsed) wherever it is still listed: Django's handler runs the full stack for all.
Relies on BaseHandler's chain attributes (INTERNALS.md).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.core.handlers.base import BaseHandler
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponseBase
from django.utils.module_loading import import_string

from core.fast import enabled


class _ApiHandler(BaseHandler):
    """A request handler whose chain is settings.API_MIDDLEWARE (synchronous, as the API's views)."""

    def load_middleware(self, is_async: bool = False) -> None:
        self._view_middleware: list = []
        self._template_response_middleware = []
        self._exception_middleware = []
        handler = convert_exception_to_response(self._get_response)  # type: ignore[attr-defined]  # not in the stubs
        for path in reversed(settings.API_MIDDLEWARE):
            middleware = import_string(path)(handler)
            if hasattr(middleware, "process_view"):
                self._view_middleware.insert(0, middleware.process_view)
            if hasattr(middleware, "process_template_response"):
                self._template_response_middleware.append(middleware.process_template_response)
            if hasattr(middleware, "process_exception"):
                self._exception_middleware.append(middleware.process_exception)
            handler = convert_exception_to_response(middleware)
        self._middleware_chain = handler


class ApiLane:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        if not enabled():
            raise MiddlewareNotUsed("FAST_PATHS is off: every request takes the full MIDDLEWARE")
        self.get_response = get_response
        self.prefixes = tuple(settings.API_LANE_PREFIXES)
        self.excluded = tuple(settings.API_LANE_EXCLUDED)
        self.api = _ApiHandler()
        self.api.load_middleware()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        path = request.path_info
        if path.startswith(self.prefixes) and not path.startswith(self.excluded):
            # The outer handler closes and logs. The chain is synchronous (load_middleware above).
            return self.api._middleware_chain(request)  # type: ignore[return-value]
        return self.get_response(request)
