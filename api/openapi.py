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


# The native API's resources in the order a newcomer reads them: trackers first, then what hangs on them.
RESOURCE_TAGS: tuple[tuple[str, str, str], ...] = (
    ("trackers", "Trackers", "Follow a parcel with any courier: create, list, read, update, refresh, delete."),
    ("couriers", "Couriers", "The couriers this installation knows and how each one is reached."),
    ("webhooks", "Webhooks", "Endpoints that receive signed events."),
    ("deliveries", "Deliveries", "Every attempt to deliver an event to a webhook endpoint, with retry."),
    ("events", "Events", "What changed, in order: the same events webhooks carry."),
    ("notifications", "Notifications", "Email and text messages to recipients."),
    ("shipments", "Shipments", "Your own deliveries: status, location, logs and customs."),
    ("locations", "Locations", "Warehouses and stores a shipment moves through."),
    ("layouts", "Layouts", "Areas inside a location (a shelf, a bay)."),
    ("contacts", "Contacts", "People a shipment is handed to."),
    ("containers", "Containers", "Bags, cages and pallets that move many shipments at once."),
    ("usage", "Usage", "Tracker creations this month and the credit balance."),
)
NATIVE_PREFIX = "/api/v1/"

# (title, path of its OpenAPI document): each dialect's document, registered as its urls load, so
# the native docs page links every one of them.
DIALECT_DOCUMENTS: dict[str, str] = {}


def register_document(title: str, path: str) -> None:
    DIALECT_DOCUMENTS[title] = path


def group_by_resource(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: each native operation is tagged with its resource.

    Without it most operations share one "api" tag. The dialects' documents have their own paths
    (not under /api/v1/) and are left as they are.
    """
    names = {segment: name for segment, name, _ in RESOURCE_TAGS}
    used: set[str] = set()
    for path, operations in result.get("paths", {}).items():
        if not path.startswith(NATIVE_PREFIX):
            continue
        segment = path[len(NATIVE_PREFIX) :].split("/")[0]
        tag = names.get(segment, segment.replace("_", " ").capitalize())
        for operation in operations.values():
            if isinstance(operation, dict):
                operation["tags"] = [tag]
                used.add(tag)
    if used and DIALECT_DOCUMENTS:
        links = " · ".join(f"[{title}]({path})" for title, path in sorted(DIALECT_DOCUMENTS.items()))
        info = result.setdefault("info", {})
        info["description"] = (
            info.get("description", "") + "\n\n**Other services' APIs spoken here** (OpenAPI documents): " + links
        )
    if used:
        ordered = [{"name": name, "description": text} for _, name, text in RESOURCE_TAGS if name in used]
        ordered += [{"name": name} for name in sorted(used - {name for _, name, _ in RESOURCE_TAGS})]
        result["tags"] = ordered
    return result
