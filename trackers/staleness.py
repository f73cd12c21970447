"""Why a tracker is late or no longer refreshed: the words of `staleness_reason`.

Empty while the tracker is checked on its cadence. Set by the refresh (trackers/refresh.py) and by
the claims when a carrier account cannot be asked (trackers/tasks.py), so a user sees why a
tracker is not moving without asking support.
"""

from __future__ import annotations

from django.db import models


class Staleness(models.TextChoices):
    CARRIER_BUDGET = "carrier_budget", "The carrier's request budget is spent until its window resets"
    CARRIER_THROTTLED = "carrier_throttled", "The carrier asked us to slow down (429) and the account is paused"
    CARRIER_DOWN = "carrier_down", "The carrier keeps failing; its circuit is open and probed now and then"
    BACKOFF = "backoff", "The carrier's last answer was an error; asked again after a growing pause"
    EXPIRED = "expired", "No news for too long; refreshing stopped"
    COMPLETED = "completed", "A final status; refreshing stopped"
    NO_ADAPTER = "no_adapter", "No adapter is configured for this courier"
    CREDENTIALS_INVALID = "credentials_invalid", "The carrier refused our credentials"


# Reasons that mean refreshing has stopped, as opposed to a tracker that is only late.
STOPPED = frozenset({Staleness.EXPIRED, Staleness.COMPLETED})
