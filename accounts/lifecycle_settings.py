"""Each organization's own numbers for when refreshing stops, cached per process.

The rules themselves live in trackers/lifecycle.py; this keeps what organizations changed from the
installation's defaults, as accounts.domains keeps tracking domains: API pages and webhook payloads
show when each tracker stops without a query per tracker. Each process keeps the map for
CACHE_SECONDS (a monotonic clock); a change shows at once in the process that made it
(update_settings forgets the map), in the others within CACHE_SECONDS.
"""

from __future__ import annotations

import time

# The Organization fields that hold them; None means the installation's default.
FIELDS = ("expire_after_days", "refresh_after_delivery_days")
CACHE_SECONDS = 30
_local: dict = {"until": 0.0, "map": {}}


def overrides() -> dict[int, tuple[int | None, int | None]]:
    """organization id -> (expire_after_days, refresh_after_delivery_days), for those that set either."""
    now = time.monotonic()
    if _local["until"] > now:
        return _local["map"]
    from accounts.models import Organization

    rows = Organization.objects.exclude(expire_after_days=None, refresh_after_delivery_days=None)
    found = {pk: (expire, after) for pk, expire, after in rows.values_list("pk", *FIELDS)}
    _local.update(until=now + CACHE_SECONDS, map=found)
    return found


def forget() -> None:
    _local.update(until=0.0, map={})
