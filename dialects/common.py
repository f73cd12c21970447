"""What every dialect shares that the API toolkit does not: a JSON 404 for unknown paths under its
base URL, reading a JSON body that must be an object, and its own OpenAPI document.

Dialect views stay out of the native document (/api/v1/schema/): each dialect serves its own at
`<base>/openapi.json`, generated from its urls while only its views are "in" (DialectSchema).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from api.dialect import Dialect, DialectView
from api.openapi import register_document
from core.errors import ServiceError, invalid

_documenting: ContextVar[str] = ContextVar("documenting_dialect", default="")


class DialectSchema(AutoSchema):
    """A dialect view is documented only in its own dialect's document."""

    def is_excluded(self) -> bool:
        dialect = getattr(self.view, "dialect", None)
        return dialect is None or dialect.name != _documenting.get()

    # Bodies are each service's own JSON (docs/dialects.md describes them): documented as objects.
    def get_request_serializer(self):
        return OpenApiTypes.OBJECT if self.method in ("POST", "PUT", "PATCH") else None

    def get_response_serializers(self):
        return OpenApiTypes.OBJECT


def document_view(dialect: Dialect, urlconf: str, title: str, base: str) -> Callable:
    """The dialect's OpenAPI document, public like the native one (and linked from the native docs page)."""
    register_document(title, f"{base}/openapi.json")

    class Document(SpectacularAPIView):
        authentication_classes: list = []
        permission_classes = [AllowAny]
        throttle_classes: list = []
        renderer_classes = [OpenApiJsonRenderer]
        custom_settings = {"TITLE": title, "VERSION": dialect.name, "SERVERS": [{"url": base}]}

        @extend_schema(exclude=True)
        def get(self, request, *args, **kwargs):
            token = _documenting.set(dialect.name)
            try:
                return super().get(request, *args, **kwargs)
            finally:
                _documenting.reset(token)

    return Document.as_view(urlconf=urlconf)


def unknown_path(dialect: Dialect) -> Callable:
    """A view for any path under the dialect's base that matches nothing: a 404 in its error shape,
    for every method (an API view, so the request guard's findings are rendered the same way)."""

    class UnknownPath(DialectView):
        permission_classes = [AllowAny]
        throttle_classes: list = []
        schema = None

        def initial(self, request, *args, **kwargs):
            super().initial(request, *args, **kwargs)
            raise ServiceError("not_found", "No such endpoint.", 404)

    UnknownPath.dialect = dialect
    return UnknownPath.as_view()


def json_object(data: object, what: str = "body") -> dict:
    """The request body as a dict; anything else is a 400 naming what was expected."""
    if not isinstance(data, dict):
        raise invalid("invalid_body", f"The {what} must be a JSON object.")
    return dict(data)
