"""Seed 002's request body, checked field by field before anything is read or written.

`clean` takes the body as it comes (JSON types, any combination of the seed's fields) and returns
the same keys with Python values, or raises one `invalid_fields` error naming every bad field (a
number where a string belongs is a 400 that says so, never a 500). Rules that need the database
or the shipment (containers, transitions, organizations) are the service's.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from django.utils.dateparse import parse_date, parse_datetime

from core.errors import FieldError
from shipments.errors import refuse
from shipments.rules import ShipmentStatus, ShipmentType, Visibility

MIN_TRACKING_NUMBER = 10  # seed 002: small_tracking_number
MAX_TAGS, MAX_TAG = 50, 50
MAX_IMAGES = 20
MAX_QUANTITY = 1_000_000

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
ADDRESS_KEYS: dict[str, int] = {
    "name": 200,
    "company": 200,
    "line1": 200,
    "line2": 200,
    "city": 100,
    "state": 100,
    "postal_code": 20,
    "country": 2,
    "phone": 40,
    "email": 200,
}
TRACKING_UPDATE_IDS = ("container_id", "layout_id", "location_id", "contact_id", "user_id")
CUSTOMS_TEXT: dict[str, int] = {
    "incoterm": 10,
    "signer": 200,
    "contents_type": 40,
    "contents_explanation": 500,
    "eel_type": 100,
    "restriction_type": 40,
    "restriction_comments": 500,
    "non_delivery_option": 40,
}
ITEM_TEXT: dict[str, int] = {
    "description": 500,
    "sku": 100,
    "code": 100,
    "origin_country": 2,
    "hs_tariff_number": 20,
    "currency": 3,
    "mode": 10,
    "manufacturer": 200,
}
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


class Collector:
    """Field errors gathered over the whole body, so one answer names them all."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def raise_if_any(self) -> None:
        if self.errors:
            summary = "; ".join(f"{e.field}: {e.message}" for e in self.errors[:5])
            error = refuse("invalid_fields", (), f"Some fields are not valid: {summary}")
            error.errors = list(self.errors)
            raise error


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def text(value: object, name: str, limit: int, errors: Collector, *, nullable: bool = True) -> str | None:
    """A string up to `limit` characters; null clears it to ""."""
    if value is None and nullable:
        return ""
    if not isinstance(value, str):
        errors.add(name, "Must be a string.")
        return None
    if "\x00" in value:
        errors.add(name, "Must not contain NUL characters.")
        return None
    value = value.strip()
    if len(value) > limit:
        errors.add(name, f"Must be at most {limit} characters.")
        return None
    return value


def instant(value: object, name: str, errors: Collector) -> datetime | None:
    """Seed 002's `string | number | Date`: ISO 8601 (a date alone is its midnight UTC), or a
    number of milliseconds since 1970 (JavaScript's Date.getTime()); null clears it."""
    if value is None:
        return None
    if is_number(value):
        try:
            return datetime.fromtimestamp(float(value) / 1000, tz=UTC)  # type: ignore[arg-type]
        except (OverflowError, OSError, ValueError):
            errors.add(name, "Is not a valid time.")
            return None
    if isinstance(value, str):
        try:
            parsed = parse_datetime(value.strip())
            if parsed is None and (day := parse_date(value.strip())):
                parsed = datetime(day.year, day.month, day.day, tzinfo=UTC)
        except ValueError:
            parsed = None
        if parsed is not None:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    errors.add(name, "Must be an ISO 8601 date-time or milliseconds since 1970.")
    return None


def non_negative(value: object, name: str, errors: Collector, *, nullable: bool = True) -> float | None:
    if value is None and nullable:
        return None
    if not is_number(value) or value < 0:  # type: ignore[operator]
        errors.add(name, "Must be a number, 0 or more.")
        return None
    return float(value)  # type: ignore[arg-type]


def _has_nul(value: object) -> bool:
    """NUL cannot be stored in PostgreSQL text or jsonb: refuse it as input, not fail as a 500."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def string_list(value: object, name: str, errors: Collector, limit: int, item_limit: int) -> list[str] | None:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and "\x00" not in v for v in value):
        errors.add(name, "Must be an array of strings (no NUL characters).")
        return None
    if len(value) > limit or any(len(v) > item_limit for v in value):
        errors.add(name, f"At most {limit} entries of at most {item_limit} characters.")
        return None
    return [v.strip() for v in value]


def image_urls(value: object, name: str, errors: Collector) -> list[str] | None:
    """Links to images: http(s) URLs only, since the dashboard shows them as links."""
    urls = string_list(value, name, errors, MAX_IMAGES, 2000)
    if urls is not None and not all(u.lower().startswith(("https://", "http://")) for u in urls):
        errors.add(name, "Each image must be an http(s) URL.")
        return None
    return urls


def address(value: object, name: str, errors: Collector) -> dict | None:
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.add(name, "Must be an object.")
        return None
    out: dict = {}
    for key, raw in value.items():
        if key not in ADDRESS_KEYS:
            errors.add(f"{name}.{key}", "Unknown address field.")
            continue
        cleaned = text(raw, f"{name}.{key}", ADDRESS_KEYS[key], errors)
        if cleaned:
            out[key] = cleaned.upper() if key == "country" else cleaned
    if "country" in out and len(out["country"]) != 2:
        errors.add(f"{name}.country", "Must be an ISO 3166 alpha-2 code.")
    return out


def clean(body: object, *, creating: bool = False) -> dict:
    """The body with Python values; raises invalid_body / unknown_field / small_tracking_number /
    invalid_fields before anything is looked up."""
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
                out[name] = cleaned.upper().replace(" ", "") if name == "tracking_number" else cleaned
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
            elif _has_nul(value):
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
            out[name] = _customs(value, errors)
    errors.raise_if_any()
    number = out.get("tracking_number")
    if number and len(number) < MIN_TRACKING_NUMBER:
        raise refuse("small_tracking_number")
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


def _customs(value: object, errors: Collector) -> dict:
    if not isinstance(value, dict):
        errors.add("customs", "Must be an object.")
        return {}
    out: dict = {}
    for key, raw in value.items():
        name = f"customs.{key}"
        if key in CUSTOMS_TEXT:
            cleaned = text(raw, name, CUSTOMS_TEXT[key], errors)
            if cleaned is not None:
                out[key] = cleaned
        elif key == "certify":
            if not isinstance(raw, bool):
                errors.add(name, "Must be true or false.")
            else:
                out[key] = raw
        elif key == "items":
            if not isinstance(raw, list):
                errors.add(name, "Must be an array of items.")
            else:
                out[key] = [_item(item, f"customs.items[{i}]", errors) for i, item in enumerate(raw)]
        else:
            errors.add(name, "Unknown customs field.")
    return out


def _item(value: object, prefix: str, errors: Collector) -> dict:
    if not isinstance(value, dict):
        errors.add(prefix, "Must be an object.")
        return {}
    out: dict = {}
    for key in sorted(set(value) - {*ITEM_TEXT, "quantity", "value", "weight"}):
        errors.add(f"{prefix}.{key}", "Unknown customs item field.")
    for key, limit in ITEM_TEXT.items():
        if key in value:
            cleaned = text(value[key], f"{prefix}.{key}", limit, errors)
            if cleaned is not None:
                out[key] = cleaned
    if not out.get("description") and f"{prefix}.description" not in {e.field for e in errors.errors}:
        errors.add(f"{prefix}.description", "An item needs a description.")
    quantity = value.get("quantity", 1)
    if not isinstance(quantity, int) or isinstance(quantity, bool) or not 1 <= quantity <= MAX_QUANTITY:
        errors.add(f"{prefix}.quantity", f"Must be a whole number from 1 to {MAX_QUANTITY:,}.")
    else:
        out["quantity"] = quantity
    for key in ("value", "weight"):
        number = non_negative(value.get(key, 0), f"{prefix}.{key}", errors, nullable=False)
        if number is not None:
            out[key] = number
    # Seed 002's defaults: code from sku, else "N/A"; mode "test"; manufacturer "N/A".
    out["code"] = out.get("code") or out.get("sku") or "N/A"
    out["mode"] = out.get("mode") or "test"
    out["manufacturer"] = out.get("manufacturer") or "N/A"
    for key in ("origin_country", "currency"):
        if out.get(key):
            out[key] = out[key].upper()
    return out
