"""Shared by the webhook tests: the frozen start time and sending whatever is due now."""

from __future__ import annotations

from datetime import UTC, datetime

from webhooks import dispatch

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)


def send_due() -> int:
    """Claim and send batch after batch until nothing is due (what the delivery task does)."""
    total = 0
    while batch := dispatch.claim():
        total += dispatch.process(batch)
    return total
