"""Tracktry's realtime: the tracking of a (courier, number) asked now, created first when missing.

A composition of the tracker services, nothing more: the pair is resolved as a create resolves it,
a missing pair is created (and charged as a create) with a refresh, an existing one takes the new
fields and is refreshed.
"""

from __future__ import annotations

from accounts.models import Organization
from carriers import numbers
from trackers import services


def track_now(
    organization: Organization, mode: str, tracking_number: object, courier: str | None, fields: dict | None = None
) -> services.Creation:
    number = numbers.normalize(tracking_number)
    code, _, candidates = services.resolve_courier(mode, number, courier or None)
    existing = services.find_tracker(organization, mode, courier=code, tracking_number=number)
    if existing is None:
        return services.create_tracker(organization, mode, number, code, fields, refresh=True)
    if fields:
        existing = services.update_tracker(existing, fields)
    services.refresh_now(existing)
    return services.Creation(existing, created=False, candidates=candidates)
