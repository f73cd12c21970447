"""What a carrier's push is once verified and read: the shape every sender's parser returns.

A push is news the sender sends us unasked (17TRACK's webhook, UPS Track Alert). Each sender's
module (`seventeentrack_push`, `ups_push`) checks the sender's own authentication on the raw body
and turns the body into a `Push`, pure and without I/O; applying it to trackers is the trackers
app's business (trackers/pushes.py), through the same refresh code as polling.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from carriers.base import TrackingResult
from carriers.numbers import lenient


class PushRefused(Exception):
    """The push cannot be accepted as sent: a refusal with its own code, words and HTTP status."""

    def __init__(self, code: str, message: str, status: int = 401):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Push:
    sender: str  # "17track", "ups"
    number: str  # in its stored form (carriers.numbers)
    # What the sender says now, in our vocabulary; None when there is nothing to apply.
    result: TrackingResult | None
    # When the sender's data was taken from the carrier: what orders a push against polls and other
    # pushes (trackers.refresh's `last_refreshed_at`). None: the sender does not say.
    taken_at: datetime | None
    # The push says a scan happened but carries less than the carrier's own answer (UPS Track
    # Alert): the tracker is asked at once instead of applying the push itself.
    ask: bool = False
    # The sender stopped following the number: no more pushes will come for it.
    stopped: bool = False
    carrier_key: int | None = None  # 17TRACK's carrier key, when the push names it


def json_object(body: bytes) -> dict:
    """The body as a JSON object, or a 400 refusal (read only after the signature was checked)."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise PushRefused("invalid_json", "The push body is not valid JSON.", 400) from None
    if not isinstance(data, dict):
        raise PushRefused("invalid_push", "The push body must be a JSON object.", 400)
    return data


def number_of(value: object) -> str:
    """The pushed number in its stored form ('' when there is none)."""
    return lenient(value) if isinstance(value, str) else ""
