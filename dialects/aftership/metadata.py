"""Where AfterShip's fields without a tracker column live: the tracker's `metadata`.

AfterShip's `custom_fields` is the metadata itself; the fields the tracker has no column for
(tables.EXTRAS: `order_number`, `origin_*`, …) are kept under the one key EXTRAS_KEY, which
`custom_fields` therefore cannot use. `shipment_tags` are the tracker's own tags (trackers.tags):
the dashboard, the native API and bulk actions see and change the same ones.
"""

from __future__ import annotations

EXTRAS_KEY = "aftership"


def extras(metadata: dict | None) -> dict:
    """The AfterShip-only fields kept in a tracker's metadata."""
    kept = (metadata or {}).get(EXTRAS_KEY)
    return kept if isinstance(kept, dict) else {}


def custom_fields(metadata: dict | None) -> dict:
    return {k: v for k, v in (metadata or {}).items() if k != EXTRAS_KEY}
