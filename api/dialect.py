"""The dialect seam: one base view whose key headers, error shape, paging and ids are set per dialect.

The native API and every dialect (dialects/easypost.py, …) are thin views on the same services.
What differs between them is declared once, in a `Dialect`:

- how the key arrives (`authenticators`),
- how a ServiceError looks on the wire (`render_error`) and what a missing key says,
- how lists page and what a page looks like (`paging`: keyset, page numbers or anchors, each with
  the dialect's page shape),
- how public ids look (`ids`: the native `trk_…`, or a dialect's own form, both ways),
- what its fields are called and which paths it serves (`field_names`, `hints`, `statuses`):
  every ServiceError it answers is first put in its words (`Dialect.speak`), so a service names
  a field once, the native way, and each dialect says its own name.

Each dialect is also registered at its base path (`serve_at`, called where its URLs are mounted),
so a failure no view of it handles (an unknown path, a request Django cannot read, an exception in
a middleware; config/errors.py) is still answered in its shape: `error_response(path, error)`.

A view subclasses `DialectView`, sets `dialect`, and calls services; it never builds an error body,
a page or an id by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from django.db.models import QuerySet
from django.http import JsonResponse
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from api.authentication import ApiKeyRateThrottle, BearerKeyAuthentication, HasApiKey, HeaderKeyAuthentication
from api.errors import NATIVE_MISSING_KEY, handler_for, native_body, to_service_error
from api.paging import KeysetPaging, Paging, Sort
from core.errors import FieldError, ServiceError, not_found, renamed
from core.inputs import REQUEST_ATTRIBUTE
from core.pagination import DEFAULT_SORT


@dataclass(frozen=True)
class IdFormat:
    """Public ids as a dialect writes them: `prefixes` maps a native prefix to the dialect's own."""

    prefixes: dict[str, str] = field(default_factory=dict)

    def out(self, public_id: str) -> str:
        prefix, sep, rest = public_id.partition("_")
        own = self.prefixes.get(prefix)
        return f"{own}{rest}" if sep and own is not None else public_id

    def parse(self, text: str, native_prefix: str, what: str = "object") -> str:
        """The native id for the dialect's form of it; a malformed one is simply not found."""
        own = self.prefixes.get(native_prefix)
        if own is None:
            return text
        if not isinstance(text, str) or not text.startswith(own) or len(text) > 64:
            raise not_found(what)
        return f"{native_prefix}_{text[len(own) :]}"


@dataclass(frozen=True)
class Dialect:
    name: str
    authenticators: Callable[[], Sequence[BaseAuthentication]]
    render_error: Callable[[ServiceError], dict] = native_body
    missing_key_message: str = "An API key is required."
    auth_header: str = 'Bearer realm="api"'
    paging: Paging = field(default_factory=KeysetPaging)
    ids: IdFormat = field(default_factory=IdFormat)
    # The native field names the dialect spells its own way (`courier` is PackageX's `provider_id`).
    field_names: Mapping[str, str] = field(default_factory=dict)
    # Sentences of service messages that name a native path (core.errors.COURIER_LIST_HINT), in the
    # dialect's words; "" leaves the sentence out (the dialect serves no such path).
    hints: Mapping[str, str] = field(default_factory=dict)
    # HTTP statuses the dialect answers differently (PackageX answers every refusal with 400).
    statuses: Mapping[int, int] = field(default_factory=dict)

    def paths(self, message: str) -> str:
        """A service message naming the dialect's paths instead of the native ones."""
        if not self.hints:
            return message
        for native, own in self.hints.items():
            message = message.replace(native, own)
        return " ".join(message.split())

    def speak(self, error: ServiceError) -> ServiceError:
        """The error as this dialect says it: its field names (core.errors.renamed), its paths, its status."""
        if not (self.field_names or self.hints or self.statuses):
            return error
        spoken = renamed(error, self.field_names)
        return replace(
            spoken,
            message=self.paths(spoken.message),
            status=self.statuses.get(error.status, error.status),
            errors=[FieldError(e.field, self.paths(e.message)) for e in spoken.errors],
        )


NATIVE = Dialect(
    name="native",
    authenticators=lambda: [HeaderKeyAuthentication(), BearerKeyAuthentication()],  # X-API-Key or Bearer
    render_error=native_body,
    missing_key_message=NATIVE_MISSING_KEY,
)


# Base path -> the dialect answering there ("/api/" the native API, "/easypost/v2/" EasyPost, …).
_SERVED_AT: dict[str, Dialect] = {"/api/": NATIVE}


def serve_at(base: str, dialect: Dialect) -> Dialect:
    """Register `dialect` as the one answering under `base` (a path with both slashes)."""
    _SERVED_AT[base] = dialect
    return dialect


def served_at() -> dict[str, Dialect]:
    """Every API base path and its dialect (the native API's included)."""
    return dict(_SERVED_AT)


def dialect_at(path: str) -> Dialect | None:
    """The dialect whose base `path` is under (or is, without its last slash); None off the API."""
    for base, dialect in _SERVED_AT.items():
        if path.startswith(base) or path == base[:-1]:
            return dialect
    return None


def error_response(dialect: Dialect, error: ServiceError) -> JsonResponse:
    """`error` as `dialect` writes it, for the failures no API view handles (config/errors.py)."""
    response = JsonResponse(dialect.render_error(error), status=error.status)
    if error.status == 401:
        response["WWW-Authenticate"] = dialect.auth_header
    return response


SIMPLE_ACCEPT = frozenset({"*/*", "application/json", ""})


# (Comments, not docstrings: drf-spectacular would print a base class's docstring on every operation.)
class DialectView(APIView):
    # An API view speaking `dialect`: its authentication, errors, paging and ids.

    dialect: Dialect = NATIVE
    permission_classes = [HasApiKey]
    throttle_classes = [ApiKeyRateThrottle]

    def get_authenticators(self):
        return list(self.dialect.authenticators())

    def perform_content_negotiation(self, request, force=False):
        # What nearly every call asks (no Accept, */* or JSON) answered without parsing the header:
        # DRF's negotiation was a tenth of a small call's cost. Anything else is negotiated in full.
        if request._request.META.get("HTTP_ACCEPT", "*/*") in SIMPLE_ACCEPT and "format" not in request.query_params:
            renderer = self.get_renderers()[0]
            if renderer.media_type == "application/json":
                return renderer, renderer.media_type
        return super().perform_content_negotiation(request, force)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # The request guard's finding (config/guard.py), raised once the key is known, so the
        # caller gets a 401 before a 400 and the dialect renders it in its own shape.
        finding = getattr(request._request, REQUEST_ATTRIBUTE, None)
        if finding is not None:
            raise finding

    def get_exception_handler(self):
        d = self.dialect
        handle = handler_for(d.render_error, d.missing_key_message, d.auth_header)

        def speak_then_handle(exc, context):
            # Every refusal in the dialect's words first (a throttle keeps its wait for Retry-After).
            if not isinstance(exc, exceptions.Throttled):
                error = to_service_error(exc, d.missing_key_message)
                exc = d.speak(error) if error is not None else exc
            return handle(exc, context)

        return speak_then_handle

    def page_response(
        self,
        request,
        queryset: QuerySet,
        render: Callable | None = None,
        *,
        render_all: Callable[[list], list] | None = None,
        name: str = "data",
        sort: Sort = DEFAULT_SORT,
    ) -> Response:
        """One page of `queryset` in the dialect's paging body: each item through `render`, or the
        whole page through `render_all` (when one query serves all of them); `name` is what the
        list is called where the dialect's shape names it (EasyPost's "trackers")."""
        paging = self.dialect.paging
        page = paging.page(queryset, request.query_params, sort)
        items = render_all(page.items) if render_all else [render(item) for item in page.items]  # type: ignore[misc]
        return Response(paging.body(items, page, name))


class NativeView(DialectView):
    # The native API v1 (the default dialect).

    dialect = NATIVE
