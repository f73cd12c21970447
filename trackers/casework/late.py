"""The "late" criterion of the exception queue, in one place: past the prediction's latest date.

The rule itself is the predicted-delivery model's (trackers.predicting.late); the queue, its counts
and its filters pick it up from here.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from trackers import predicting


def late_q(now: datetime) -> Q | None:
    """Trackers past their predicted latest delivery date at `now` (the date in UTC)."""
    return predicting.late(now.date())
