"""The primitives of shipment input checking: each reads one JSON value, adds a field error to a
Collector when the value is not what the shipment body says, and returns the Python value (or None).

Shared by validation.py (the shipment update body), customs.py and parts.py, so "a number where a
string belongs" reads the same everywhere.
"""

from __future__ import annotations

import math
from datetime import datetime

from core.errors import FieldError
from core.times import from_timestamp, parse_instant
from shipments.errors import refuse

MAX_IMAGES = 20
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
    """PackageX's `string | number | Date`: ISO 8601 (a date alone is its midnight UTC), or a
    number of milliseconds since 1970 (JavaScript's Date.getTime()); null clears it."""
    if value is None:
        return None
    if is_number(value):
        moment = from_timestamp(float(value) / 1000)  # type: ignore[arg-type]
        if moment is None:
            errors.add(name, "Is not a valid time.")
        return moment
    if isinstance(value, str):
        parsed = parse_instant(value)
        if parsed is not None:
            return parsed
    errors.add(name, "Must be an ISO 8601 date-time or milliseconds since 1970.")
    return None


def non_negative(value: object, name: str, errors: Collector, *, nullable: bool = True) -> float | None:
    if value is None and nullable:
        return None
    if not is_number(value) or value < 0:  # type: ignore[operator]
        errors.add(name, "Must be a number, 0 or more.")
        return None
    return float(value)  # type: ignore[arg-type]


def has_nul(value: object) -> bool:
    """NUL cannot be stored in PostgreSQL text or jsonb: refuse it as input, not fail as a 500."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(v) for v in value)
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
