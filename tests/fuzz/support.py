"""What the fuzzing checks, and the objects whose ids it gives the operations: shared by tests/fuzz
and bench/fuzz.py (Django is imported inside make_objects, so the benchmark can read this first).

Every dialect mounted in dialects/urls.py (api.dialect.served_at) is fuzzed against its own
document at `<base>openapi.json`, with its own key header; DIALECT_PARAMETERS names, per dialect,
which object each path parameter gets (a dialect without an entry is fuzzed with made-up ids).
"""

from __future__ import annotations

from dataclasses import dataclass

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
    ]
)
# Operations that take an id get a real one; each path parameter is named after what it holds.
CONFIG = """
[[operations]]
include-path-regex = "^/api/v1/trackers/"
parameters = {{ public_id = "{tracker}" }}

[[operations]]
include-path-regex = "^/api/v1/webhooks/"
parameters = {{ public_id = "{webhook}" }}

[[operations]]
include-path-regex = "^/api/v1/events/"
parameters = {{ public_id = "{event}" }}

[[operations]]
include-path-regex = "^/api/v1/deliveries/"
parameters = {{ public_id = "{delivery}" }}

[[operations]]
include-path-regex = "^/api/v1/shipments/"
parameters = {{ public_id = "{shipment}" }}

[[operations]]
include-path-regex = "^/api/v1/locations/"
parameters = {{ public_id = "{location}" }}

[[operations]]
include-path-regex = "^/api/v1/layouts/"
parameters = {{ public_id = "{layout}" }}

[[operations]]
include-path-regex = "^/api/v1/contacts/"
parameters = {{ public_id = "{contact}" }}

[[operations]]
include-path-regex = "^/api/v1/containers/"
parameters = {{ public_id = "{container}" }}
"""


# Per dialect: path parameter -> the key of make_objects' answer holding the object it names.
DIALECT_PARAMETERS = {
    "easypost": {"tracker_id": "tracker", "hook_id": "easypost_webhook", "event_id": "event"},
    "packy": {"tracking_id": "hex_tracker", "webhook_id": "packy_webhook"},
    "tracktry": {"carrier_code": "courier", "tracking_number": "tracking_number"},
    "packagex": {"tracker_id": "packagex_tracker", "shipment_id": "shipment", "container_id": "container"},
    "aftership": {"tracking_id": "hex_tracker"},
}


@dataclass(frozen=True)
class Target:
    """One API to fuzz: where its document is, the base its paths are under, how the key is sent
    and the schemathesis config naming real objects for its path parameters."""

    name: str
    document: str
    base: str
    header: str  # with {key}
    config: str  # complete: ids filled in

    def command(self, st: str, document: str, server: str, key: str, config_path: str) -> list[str]:
        return [
            st,
            "--config-file",
            config_path,
            "run",
            document,
            "--url",
            server + self.base,
            "--header",
            self.header.format(key=key),
        ]


def key_header(dialect) -> str:
    """How this dialect's first way of passing a key is written, as a header template."""
    from api.authentication import HeaderKeyAuthentication

    first = dialect.authenticators()[0]
    if isinstance(first, HeaderKeyAuthentication):
        return f"{first.header}: {{key}}"
    return "Authorization: Bearer {key}"


def dialect_config(name: str, ids: dict[str, str]) -> str:
    """Every operation with a path parameter gets the real objects' ids (each takes its own)."""
    names = DIALECT_PARAMETERS.get(name, {})
    if not names:
        return ""
    values = ", ".join(f'{parameter} = "{ids[key]}"' for parameter, key in names.items())
    return f"[[operations]]\ninclude-path-regex = '\\{{'\nparameters = {{ {values} }}\n"


def targets(ids: dict[str, str]) -> list[Target]:
    """The native API and every mounted dialect."""
    import dialects.urls  # noqa: F401 (mounting registers each dialect at its base)
    from api.dialect import served_at

    out = [Target("native", "/api/v1/schema/?format=json", "", "Authorization: Bearer {key}", CONFIG.format(**ids))]
    for base, dialect in served_at().items():
        if dialect.name != "native":
            out.append(
                Target(
                    dialect.name,
                    f"{base}openapi.json",
                    base.rstrip("/"),
                    key_header(dialect),
                    dialect_config(dialect.name, ids),
                )
            )
    return out


def dialect_names() -> list[str]:
    import dialects.urls  # noqa: F401
    from api.dialect import served_at

    return [d.name for d in served_at().values() if d.name != "native"]


def make_objects(organization, receiver_url: str) -> dict[str, str]:
    """One object of each kind in test mode, made through the services; their ids by CONFIG's names."""
    from accounts.models import Mode
    from core.ids import hex_form
    from events.models import Event
    from shipments import parts
    from shipments import services as shipments
    from trackers import services as trackers
    from webhooks.models import Delivery
    from webhooks.subscriptions import create_subscription

    mode = Mode.TEST
    webhook = create_subscription(organization, mode, {"url": receiver_url, "secret": "s" * 24})
    tracker = trackers.create_tracker(organization, mode, "PKGX-DDDDDDD-1234567", enqueue=False).tracker
    location = parts.create(parts.LOCATION, organization, mode, {"name": "Dock"})
    layout = parts.create(parts.LAYOUT, organization, mode, {"name": "Shelf A", "location_id": location.public_id})
    contact = parts.create(parts.CONTACT, organization, mode, {"name": "Ada", "email": "ada@example.com"})
    container = parts.create(parts.CONTAINER, organization, mode, {"name": "Cage 1"})
    shipment = shipments.create_shipment(organization, mode, {"order_number": "#1", "notes": "fuzz"})
    easypost_webhook = create_subscription(organization, mode, {"url": receiver_url}, dialect="easypost")
    packy_webhook = create_subscription(organization, mode, {"url": receiver_url}, dialect="packy")
    return {
        "easypost_webhook": easypost_webhook.public_id.replace("whk_", "hook_"),
        "packy_webhook": str(packy_webhook.pk),
        "hex_tracker": hex_form(tracker.public_id),
        "packagex_tracker": tracker.public_id.replace("trk_", "track_"),
        "courier": tracker.courier,
        "tracking_number": tracker.tracking_number,
        "tracker": tracker.public_id,
        "webhook": webhook.public_id,
        "event": Event.objects.filter(organization=organization).latest("id").public_id,
        "delivery": Delivery.objects.filter(subscription=webhook).latest("id").public_id,
        "shipment": shipment.public_id,
        "location": location.public_id,
        "layout": layout.public_id,
        "contact": contact.public_id,
        "container": container.public_id,
    }
