"""Where AfterShip's fields without a tracker column live: the tracker's `metadata`.

AfterShip's `custom_fields` is the metadata itself; the fields the tracker has no column for
(tables.EXTRAS: `order_number`, `shipment_tags`, `origin_*`, …) are kept under the one key
EXTRAS_KEY, which `custom_fields` therefore cannot use. `shipment_tags` is read, checked and
filtered by the three functions at the end, so moving it to the tracker's own tags touches only them.
"""

from __future__ import annotations

from django.db.models import Q

from core.errors import invalid

EXTRAS_KEY = "aftership"


def extras(metadata: dict | None) -> dict:
    """The AfterShip-only fields kept in a tracker's metadata."""
    kept = (metadata or {}).get(EXTRAS_KEY)
    return kept if isinstance(kept, dict) else {}


def custom_fields(metadata: dict | None) -> dict:
    return {k: v for k, v in (metadata or {}).items() if k != EXTRAS_KEY}


def shipment_tags(metadata: dict | None) -> list[str]:
    """The tracking's `shipment_tags`."""
    tags = extras(metadata).get("shipment_tags")
    return [str(t) for t in tags] if isinstance(tags, list) else []


def checked_shipment_tags(value: object) -> list[str] | None:
    """`shipment_tags` as sent: a list of strings (null clears them)."""
    if value is not None and (not isinstance(value, list) or not all(isinstance(t, str) for t in value)):
        raise invalid("invalid_parameter", "shipment_tags must be a list of strings.", "shipment_tags")
    return value


def with_shipment_tags(tags: list[str]) -> Q:
    """The trackers carrying any of `tags` (each matched whole, as its JSON string)."""
    condition = Q(pk__in=[])
    for tag in tags:
        condition |= Q(**{f"metadata__{EXTRAS_KEY}__shipment_tags__icontains": f'"{tag}"'})
    return condition
