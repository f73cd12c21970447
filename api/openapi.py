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
    """`Authorization: Bearer <key>`, and where the key may also come as HTTP Basic's user name
    (EasyPost's clients send it so), that too, as a second scheme."""

    target_class = "api.authentication.BearerKeyAuthentication"

    @property
    def name(self):  # type: ignore[override]
        return ["BearerAuth", "BasicKeyAuth"] if self.target.basic else "BearerAuth"

    def get_security_requirement(self, auto_schema):
        names = self.name if isinstance(self.name, list) else [self.name]
        return [{name: []} for name in names]  # alternatives, not both at once

    def get_security_definition(self, auto_schema):
        bearer = {"type": "http", "scheme": "bearer", "description": "`Authorization: Bearer <key>`"}
        if not self.target.basic:
            return bearer
        return [bearer, {"type": "http", "scheme": "basic", "description": "The key as the user name, no password"}]
