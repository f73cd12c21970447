"""Exponential backoff, the one formula behind carrier retries and webhook retries.

Each caller keeps its own constants (a carrier is asked again after 5 minutes doubling to 12 hours;
a webhook after 1 minute tripling to a day) but the shape, the cap and the jitter are stated once.
"""

from __future__ import annotations

import random
from datetime import timedelta


def exponential(
    attempt: int,
    *,
    base: timedelta,
    factor: float,
    cap: timedelta,
    jitter: float = 0.0,
    rng: random.Random | None = None,
) -> timedelta:
    """The wait after the `attempt`-th failure (1-based): base·factor^(attempt-1), capped, ± jitter."""
    seconds = min(base.total_seconds() * factor ** max(attempt - 1, 0), cap.total_seconds())
    if jitter:
        seconds *= (rng or random).uniform(1 - jitter, 1 + jitter)
    return timedelta(seconds=seconds)
