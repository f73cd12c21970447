"""drf-spectacular extensions: each way of passing a key is its own security scheme (alternatives)."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class HeaderKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.HeaderKeyAuthentication"
    match_subclasses = True

    @property
    def name(self) -> str:  # type: ignore[override]
        return "ApiKeyHeader" if self.target.header == "X-API-Key" else f"{self.target.header}Header"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": self.target.header}


class BearerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerKeyAuthentication"
    name = "BearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "`Authorization: Bearer <key>`"}
