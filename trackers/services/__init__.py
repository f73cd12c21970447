"""The one door for trackers: create, read, update, delete, refresh.

The API, the dialects, the dashboard, admin actions and management commands all call these
functions; they validate, apply the rules of DESIGN.md, and write webhook events in the same
transaction as the change. Each idea has its module (reading, inputs, creating, changing,
refreshing); callers import the package: `from trackers import services`.
"""

from trackers.services.changing import (
    complete_tracker,
    deactivate_trackers,
    delete_tracker,
    reactivate_tracker,
    update_tracker,
)
from trackers.services.creating import MAX_BATCH, Creation, ItemResult, create_tracker, create_trackers
from trackers.services.inputs import CREATE_KEYS, refuse_unknown, resolve_courier
from trackers.services.reading import (
    events_by_tracker,
    find_tracker,
    get_tracker,
    trackers_for,
)
from trackers.services.refreshing import refresh_many, refresh_now

__all__ = [
    "CREATE_KEYS",
    "MAX_BATCH",
    "Creation",
    "ItemResult",
    "complete_tracker",
    "create_tracker",
    "create_trackers",
    "deactivate_trackers",
    "delete_tracker",
    "events_by_tracker",
    "find_tracker",
    "get_tracker",
    "reactivate_tracker",
    "refresh_many",
    "refresh_now",
    "refuse_unknown",
    "resolve_courier",
    "trackers_for",
    "update_tracker",
]
