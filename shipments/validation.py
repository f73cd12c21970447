"""The shipment update body (PackageX's), checked field by field before anything is read or written.

`clean` takes the body as it comes (JSON types, any combination of its fields) and returns
the same keys with Python values, or raises one `invalid_fields` error naming every bad field (a
number where a string belongs is a 400 that says so, never a 500). Rules that need the database
or the shipment (containers, transitions, organizations) are the service's.
"""

from __future__ import annotations

from carriers import numbers
from shipments import customs
from shipments.errors import refuse
from shipments.fields import (
    Collector,
    address,
    has_nul,
    image_urls,
    instant,
    is_number,
    non_negative,
    string_list,
    text,
)
from shipments.rules import ShipmentStatus, ShipmentType, Visibility

MIN_TRACKING_NUMBER = 10  # PackageX's shipments: shipment_tracking_number_too_short
MAX_TAGS, MAX_TAG = 50, 50

TEXT_FIELDS: dict[str, int] = {
    "rma_number": 100,
    "invoice_number": 100,
    "order_number": 100,
    "purchase_order": 100,
    "reference_number": 100,
    "account_id": 100,
    "tracking_number": 64,
    "provider_id": 40,
    "service_level_id": 100,
    "notes": 10000,
}
BOOL_FIELDS = ("disable_webhooks", "force_update")
TRACKING_UPDATE_IDS = ("container_id", "layout_id", "location_id", "contact_id", "user_id")
TOP_LEVEL = frozenset(
    {
        *TEXT_FIELDS,
        *BOOL_FIELDS,
        "type",
        "coordinates",
        "estimated_delivery_at",
        "pickup_at",
        "weight",
        "dimensions",
        "tags",
        "metadata",
        "tracking_update",
        "log",
        "customs",
        "sender_address",
        "recipient_address",
    }
)
CREATE_ONLY = frozenset({"purchased"})


def clean(body: object, *, creating: bool = False) -> dict:
    """The body with Python values; raises invalid_body / unknown_field /
    shipment_tracking_number_too_short / invalid_fields before anything is looked up."""
    if not isinstance(body, dict):
        raise refuse("invalid_body")
    allowed = TOP_LEVEL | CREATE_ONLY if creating else TOP_LEVEL
    unknown = sorted(str(k) for k in body if k not in allowed)
    if unknown:
        raise refuse("unknown_field", unknown, f"Unknown field(s): {', '.join(unknown)}.")
    errors = Collector()
    out: dict = {}
    for name, value in body.items():
        if name in TEXT_FIELDS:
            cleaned = text(value, name, TEXT_FIELDS[name], errors)
            if cleaned is not None:
                out[name] = numbers.lenient(cleaned) if name == "tracking_number" else cleaned
        elif name in BOOL_FIELDS or name == "purchased":
            if not isinstance(value, bool):
                errors.add(name, "Must be true or false.")
            else:
                out[name] = value
        elif name == "type":
            if value not in ShipmentType.values:
                errors.add(name, f"Must be one of: {', '.join(ShipmentType.values)}.")
            else:
                out[name] = value
        elif name == "coordinates":
            if value is not None and not (isinstance(value, list) and len(value) == 2 and all(map(is_number, value))):
                errors.add(name, "Must be an array of two numbers.")
            else:
                out[name] = [float(v) for v in value] if value is not None else None
        elif name in ("estimated_delivery_at", "pickup_at"):
            before = len(errors.errors)
            when = instant(value, name, errors)
            if len(errors.errors) == before:
                out[name] = when
        elif name == "weight":
            before = len(errors.errors)
            weight = non_negative(value, name, errors)
            if len(errors.errors) == before:
                out[name] = weight
        elif name == "dimensions":
            out_dims = _dimensions(value, errors)
            if out_dims is not None:
                out[name] = out_dims
        elif name == "tags":
            tags = string_list(value, name, errors, MAX_TAGS, MAX_TAG)
            if tags is not None:
                out[name] = list(dict.fromkeys(t for t in tags if t))
        elif name == "metadata":
            if value is not None and not isinstance(value, dict):
                errors.add(name, "Must be an object (a key set to null is removed).")
            elif has_nul(value):
                errors.add(name, "Must not contain NUL characters.")
            else:
                out[name] = value or {}
        elif name in ("sender_address", "recipient_address"):
            cleaned_address = address(value, name, errors)
            if cleaned_address is not None:
                out[name] = cleaned_address
        elif name == "tracking_update":
            out[name] = tracking_update(value, errors)
        elif name == "log":
            out[name] = _log(value, errors)
        elif name == "customs":
            out[name] = customs.clean_customs(value, errors)
    errors.raise_if_any()
    number = out.get("tracking_number")
    if number and len(number) < MIN_TRACKING_NUMBER:
        raise refuse("shipment_tracking_number_too_short")
    return out


def _dimensions(value: object, errors: Collector) -> dict | None:
    if value is None:
        return {"length": None, "width": None, "height": None}
    if not isinstance(value, dict) or set(value) - {"length", "width", "height"}:
        errors.add("dimensions", "Must be an object with length, width and height.")
        return None
    before = len(errors.errors)
    dims = {k: non_negative(value.get(k), f"dimensions.{k}", errors) for k in ("length", "width", "height")}
    return dims if len(errors.errors) == before else None


def tracking_update(value: object, errors: Collector) -> dict:
    if not isinstance(value, dict):
        errors.add("tracking_update", "Must be an object.")
        return {}
    out: dict = {}
    for key, raw in value.items():
        name = f"tracking_update.{key}"
        if key in TRACKING_UPDATE_IDS:
            if raw is not None and not (isinstance(raw, str) and raw.strip()):
                errors.add(name, "Must be an id (a string) or null.")
            else:
                out[key] = raw.strip() if raw else None
        elif key == "status":
            if not isinstance(raw, str):
                errors.add(name, "Must be a string.")
            elif raw not in ShipmentStatus.values:
                errors.add(name, f"Unknown status; one of: {', '.join(ShipmentStatus.values)}.")
            else:
                out[key] = raw
        elif key == "comment":
            cleaned = text(raw, name, 5000, errors)
            if cleaned is not None:
                out[key] = cleaned
        elif key == "address":
            if isinstance(raw, str):
                cleaned = text(raw, name, 500, errors)
                out[key] = cleaned
            elif raw is None or isinstance(raw, dict):
                out[key] = address(raw, name, errors)
            else:
                errors.add(name, "Must be a string or an address object.")
        elif key == "images":
            images = image_urls(raw, name, errors)
            if images is not None:
                out[key] = images
        else:
            errors.add(name, "Unknown tracking_update field.")
    return out


def _log(value: object, errors: Collector) -> dict:
    if not isinstance(value, dict):
        errors.add("log", "Must be an object.")
        return {}
    unknown = set(value) - {"message", "images", "visibility"}
    for key in sorted(unknown):
        errors.add(f"log.{key}", "Unknown log field.")
    out: dict = {"visibility": Visibility.PRIVATE, "images": []}
    message = text(value.get("message"), "log.message", 5000, errors, nullable=False)
    if message == "":
        errors.add("log.message", "A log entry needs a message.")
    elif message is not None:
        out["message"] = message
    if "images" in value:
        images = image_urls(value["images"], "log.images", errors)
        out["images"] = images or []
    if "visibility" in value:
        if value["visibility"] not in Visibility.values:
            errors.add("log.visibility", f"Must be one of: {', '.join(Visibility.values)}.")
        else:
            out["visibility"] = value["visibility"]
    return out
