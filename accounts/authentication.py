"""API-key authentication: `Authorization: Bearer <key>` or `X-API-Key: <key>` (seed 001).

The key fixes the organization and the mode; views read them from `request.auth` (the ApiKey).
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling
from rest_framework.settings import api_settings

from accounts.models import ApiKey
from accounts.services import find_api_key


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        raw = request.META.get("HTTP_X_API_KEY", "")
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not raw and header:
            scheme, _, value = header.partition(" ")
            if scheme.lower() != "bearer" or not value.strip():
                raise exceptions.AuthenticationFailed("Use `Authorization: Bearer <key>` or `X-API-Key: <key>`.")
            raw = value.strip()
        if not raw:
            return None
        key = find_api_key(raw)
        if key is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked API key.")
        return (None, key)

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class HasApiKey(permissions.BasePermission):
    """Every API view needs a key; `request.auth` is then the ApiKey."""

    message = "An API key is required: `Authorization: Bearer <key>` or `X-API-Key: <key>`."

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, ApiKey)


class ApiKeyRateThrottle(throttling.SimpleRateThrottle):
    """Requests per key (rate in settings: API_RATE_LIMIT)."""

    scope = "api_key"

    def get_rate(self) -> str | None:
        # Read at request time (DRF binds the rates at import), so a changed setting takes effect.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.ApiKeyAuthentication"
    name = ["BearerAuth", "ApiKeyHeader"]

    def get_security_definition(self, auto_schema):
        return [
            {"type": "http", "scheme": "bearer", "description": "`Authorization: Bearer <key>`"},
            {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        ]


def scope(request) -> tuple[int, str]:
    """(organization id, mode) of the calling key: every query is filtered by both."""
    key: ApiKey = request.auth
    return key.organization_id, key.mode
