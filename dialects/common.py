"""What every dialect shares that the API toolkit does not: a JSON 404 for unknown paths under its
base URL, reading a JSON body that must be an object, and its own OpenAPI document.

Dialect views stay out of the native document (/api/v1/schema/): each dialect serves its own at
`<base>/openapi.json`, generated from its urls while only its views are "in" (DialectSchema), each
operation as its `dialects/<name>/schema.py` declares it (api.schema.Operation): request body,
query parameters, and every status it answers with its body.
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
from api.schema import Operation
from core.errors import ServiceError, invalid

_documenting: ContextVar[str] = ContextVar("documenting_dialect", default="")
_operations: ContextVar[dict[tuple[str, str], Operation]] = ContextVar("documented_operations", default={})  # noqa: B039 (never mutated)


class DialectSchema(AutoSchema):
    """A dialect view is documented only in its own dialect's document, as its Operation says."""

    def is_excluded(self) -> bool:
        dialect = getattr(self.view, "dialect", None)
        return dialect is None or dialect.name != _documenting.get()

    def _operation(self) -> Operation | None:
        return _operations.get().get((self.path, self.method))

    # Undeclared bodies are the service's own JSON (docs/dialects.md): documented as objects.
    def get_request_serializer(self):
        operation = self._operation()
        if operation is not None:
            return {"application/json": operation.request} if operation.request is not None else None
        return OpenApiTypes.OBJECT if self.method in ("POST", "PUT", "PATCH") else None

    def get_response_serializers(self):
        operation = self._operation()
        return operation.openapi_responses() if operation is not None else OpenApiTypes.OBJECT

    def get_override_parameters(self):
        operation = self._operation()
        return list(operation.parameters) if operation is not None else []

    def get_operation_id(self):
        if self._operation() is None:
            return super().get_operation_id()
        words = [w.strip("{}") for w in self.path.split("/") if w]
        return "_".join([self.method.lower(), *words])

    def get_summary(self):
        operation = self._operation()
        return operation.summary if operation is not None and operation.summary else super().get_summary()


def document_view(
    dialect: Dialect, urlconf: str, title: str, base: str, operations: dict[tuple[str, str], Operation] | None = None
) -> Callable:
    """The dialect's OpenAPI document, public like the native one (and linked from the native docs
    page): `operations` by (path, method)."""
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
            declared = _operations.set(operations or {})
            try:
                return super().get(request, *args, **kwargs)
            finally:
                _operations.reset(declared)
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
