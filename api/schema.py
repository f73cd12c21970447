"""OpenAPI helpers shared by every native endpoint: the error envelope, its examples, page parameters.

Error examples are built from a ServiceError through the same `native_body` the server answers
with, so the document cannot drift from the wire.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

from api.errors import native_body
from api.shapes import Shape
from carriers import numbers
from core.errors import FieldError, ServiceError
from core.pagination import DEFAULT_LIMIT, MAX_LIMIT

# The keyset paginator's parameters, with the bounds it enforces (a value outside them is a 400).
LIMIT_PARAMETER = OpenApiParameter(
    "limit",
    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    description=f"Items per page, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT})",
)
CURSOR_PARAMETER = OpenApiParameter("cursor", str, description="`next_cursor` of the previous page")


FIELD_ERROR = Shape("FieldError", {"field": "str?", "message": "str"})
ERROR_BODY = Shape(
    "ErrorBody", {"code": ("str", "snake_case, stable"), "message": "str", "errors": [FIELD_ERROR], "status": "int"}
)
ERROR = Shape("Error", {"error": ERROR_BODY})
ErrorSerializer = ERROR.serializer


ERROR_DESCRIPTIONS = {
    400: "The request is not valid (the envelope lists the fields)",
    401: "Missing, unknown or revoked API key",
    402: "No credits left",
    404: "No such object for this key's organization and mode",
    409: "Conflicts with the current state",
    422: "Understood but refused",
    429: "Too many requests for this key; see Retry-After",
}
GENERIC_ERRORS = {
    400: ("Invalid", "invalid_fields", "Some fields are not valid.", "customer_email"),
    401: ("Missing or bad key", "unauthorized", "Invalid or revoked API key.", None),
    404: ("Not found", "not_found", "No such tracker.", None),
    429: ("Rate limited", "rate_limited", "Request was throttled. Expected available in 12 seconds.", None),
}


def error_example(name: str, code: str, message: str, status: int, field: str | None = None) -> OpenApiExample:
    errors = [FieldError(field, message)] if field else []
    return OpenApiExample(name, value=native_body(ServiceError(code, message, status, errors)))


def errors(*statuses: int, **specific: tuple) -> dict[int, OpenApiResponse]:
    """Error responses for `extend_schema(responses=...)`, each with an example in the one envelope.

    Every authenticated endpoint can answer 400 (the request guard refuses a NUL character in any
    path, query or body), 401 and 429, so they are always included; pass
    `e404=("Not found", "not_found", "No such webhook.", None)` to replace a generic example.
    """
    out = {}
    for status in sorted({*statuses, 400, 401, 429}):
        name, code, message, field = specific.get(f"e{status}") or GENERIC_ERRORS.get(
            status, ("Error", "error", ERROR_DESCRIPTIONS[status], None)
        )
        out[status] = OpenApiResponse(
            ErrorSerializer,
            description=ERROR_DESCRIPTIONS[status],
            examples=[error_example(name, code, message, status, field)],
        )
    return out


def ok(shape, example: dict, description: str = "", name: str = "Example") -> OpenApiResponse:
    """A success response: a Shape (or a serializer) with one example."""
    body = shape.serializer if isinstance(shape, Shape) else shape
    return OpenApiResponse(body, description=description, examples=[OpenApiExample(name, value=example)])


def page_example(item: dict) -> OpenApiExample:
    """A keyset page holding one item, as every native list answers."""
    return OpenApiExample(
        "A page", value={"data": [item], "meta": {"limit": 20, "has_more": False, "next_cursor": None}}
    )


# --- dialect documents ---------------------------------------------------------------------------
# A dialect's bodies are another service's JSON, built by plain dicts in its representation module;
# its document declares them as JSON Schema (OpenAPI 3.0) through the few helpers below, one
# Operation per path and method (dialects/<name>/schema.py), read by dialects.common.DialectSchema.

JSON = dict[str, Any]
STRING: JSON = {"type": "string"}
INTEGER: JSON = {"type": "integer"}
NUMBER: JSON = {"type": "number"}
BOOLEAN: JSON = {"type": "boolean"}
DATETIME: JSON = {"type": "string", "format": "date-time"}
ANYTHING: JSON = {}
# What carriers.numbers.normalize accepts (it also removes spaces, which the document leaves out).
TRACKING_NUMBER: JSON = {
    "type": "string",
    "minLength": numbers.MIN_LENGTH,
    "maxLength": numbers.MAX_LENGTH,
    "pattern": "^[A-Za-z0-9-]+$",
}


def nullable(schema: JSON) -> JSON:
    return {**schema, "nullable": True}


def array(items: JSON, **bounds: int) -> JSON:
    return {"type": "array", "items": items, **{_BOUNDS[k]: v for k, v in bounds.items()}}


_BOUNDS = {"min": "minItems", "max": "maxItems"}


def obj(properties: dict[str, JSON], *, optional: tuple[str, ...] = (), closed: bool = False) -> JSON:
    """An object whose keys are all present unless `optional`; `closed` refuses any other key
    (a request the service checks key by key), otherwise more keys may appear (a response)."""
    out: JSON = {"type": "object", "properties": properties}
    required = [k for k in properties if k not in optional]
    if required:
        out["required"] = required
    if closed:
        out["additionalProperties"] = False
    return out


def form_schema(form: type[forms.Form] | type[forms.ModelForm], overrides: dict[str, JSON] | None = None) -> JSON:
    """The request body a Django form validates, as a closed JSON object: every field optional (a
    partial update) and nullable (null clears it), each string bounded by the form field's
    max_length, a JSON field an object; `overrides` for fields the form parses itself."""
    properties: dict[str, JSON] = {}
    for name, formfield in form.base_fields.items():
        if isinstance(formfield, forms.JSONField):
            schema: JSON = {"type": "object"}
        elif isinstance(formfield, forms.CharField):
            schema = dict(STRING)
            if formfield.max_length is not None:
                schema["maxLength"] = formfield.max_length
        else:
            schema = {}
        properties[name] = nullable(schema)
    properties.update(overrides or {})
    return obj(properties, optional=tuple(properties), closed=True)


def one_of(*schemas: JSON) -> JSON:
    return {"oneOf": list(schemas)}


@dataclass(frozen=True)
class Operation:
    """One operation of a dialect's document: its request body, its answers by status (None for
    no body) and its query parameters."""

    responses: dict[int, Any]  # a JSON Schema, a serializer, or None for no body
    request: Any = None
    parameters: tuple[OpenApiParameter, ...] = ()
    summary: str = ""
    descriptions: dict[int, str] = field(default_factory=dict)

    def openapi_responses(self) -> dict[int, OpenApiResponse]:
        return {
            status: OpenApiResponse(body, description=self.descriptions.get(status) or ANSWERS.get(status, "Refused"))
            for status, body in sorted(self.responses.items())
        }


ANSWERS = {
    200: "OK",
    201: "Created",
    204: "Done (no body)",
    207: "Some items created, some refused",
    400: "The request is not valid",
    401: "Missing, unknown or revoked API key",
    402: "No credits left",
    404: "No such object (or path) for this key",
    405: "Method not allowed",
    409: "Conflicts with the current state",
    413: "The request body is too large",
    415: "Unsupported media type",
    422: "Understood but refused",
    429: "Too many requests for this key; see Retry-After",
}
# What any authenticated operation can answer whatever it does: a request the guard or Django
# refuses (400), a missing key (401) and the rate limit (429); with a body, one too large (413)
# or of a type it does not read (415).
ALWAYS = (400, 401, 429)
WITH_BODY = (413, 415)


def answers(error: JSON, ok: dict[int, Any], *refusals: int, body: bool = False) -> dict[int, Any]:
    """`ok` and, in the dialect's `error` shape, every refusal this operation can answer."""
    return {**ok, **dict.fromkeys(sorted({*ALWAYS, *refusals, *(WITH_BODY if body else ())}), error)}
