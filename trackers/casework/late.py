"""The "late" criterion of the exception queue, in one place.

A tracker is late when it is past its prediction's latest date. The prediction lives in another
app (the per-lane delivery model); until it is wired here, nothing counts as late. To wire it,
return a Q over Tracker that is true for late trackers (e.g. built from the predictions app's
"is late" rule); the queue, its counts and its filters pick it up.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q


def late_q(now: datetime) -> Q | None:
    """Trackers past their predicted latest delivery date at `now`; None while no prediction is wired."""
    return None
