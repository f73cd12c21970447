"""Deliveries for new events (the webhook delivery engine fills this in)."""

from __future__ import annotations


def fan_out(events) -> None:
    """Create a pending delivery row per matching subscription; nothing yet before deliveries exist."""
    return None


def cancel_for_tracker(tracker_id: int) -> int:
    """Cancel pending deliveries about a tracker that is being deleted; returns how many."""
    return 0
