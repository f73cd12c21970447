"""The request guard: one check of every request's path, query string and body before its view.

The finding (core.inputs.request_finding) is answered in the shape of the door it arrived at:
an API view (the native API or a dialect) raises it from DialectView.initial, after the key is
checked, so each dialect renders it as its own error; other API paths answer their dialect's JSON
error; dashboard and public pages answer their HTML error pages.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.views import APIView

from api.dialect import dialect_at, error_response
from core.inputs import REQUEST_ATTRIBUTE, request_finding
from trackers import push_views, pushes


def _is_api_view(view_func: Callable) -> bool:
    cls = getattr(view_func, "cls", None)
    return isinstance(cls, type) and issubclass(cls, APIView)


class InputGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict):
        error = request_finding(request, view_kwargs)
        if error is None:
            return None
        if _is_api_view(view_func):
            setattr(request, REQUEST_ATTRIBUTE, error)
            return None
        dialect = dialect_at(request.path)
        if dialect is not None:
            return error_response(dialect, error)
        if request.path.startswith(pushes.PATH):  # a carrier's push: JSON, as its endpoint answers
            return push_views.refusal(error.code, error.message, error.status)
        template = "404.html" if error.status == 404 else "400.html"
        return render(request, template, {"message": error.message}, status=error.status)
