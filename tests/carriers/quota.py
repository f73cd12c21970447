"""A local USPS that rations its API as real carriers do: a quota per fixed window, 429 beyond it.

Every tracking request is counted in the window it arrives in (aligned on UTC time, as the
platform's budgets are); past `quota` requests in a window the answer is 429 with Retry-After
(seconds to the window's end). `fail_with` makes the next answers 5xx instead, for circuit tests.
Any number is answered with the same in-transit document.
"""

from __future__ import annotations

import time
from collections import Counter

from tests.carriers import documents as doc
from tests.httpserver import Canned, LocalServer, Request

TRACK_PREFIX = "/tracking/v3/tracking/"


class QuotaCarrier(LocalServer):
    def __init__(self, quota: int, period: int = 3600) -> None:
        super().__init__()
        self.quota = quota
        self.period = period
        self.counts: Counter[int] = Counter()
        self.refused = 0  # 429s answered
        self.fail_with: list[int] = []  # statuses to answer next, one per request, before the quota applies
        self.answer: object = doc.USPS_TRACKING_IN_TRANSIT

    def tracking(self) -> list[Request]:
        with self.arrived:
            return [r for r in self.requests if r.path.startswith(TRACK_PREFIX)]

    def _arrive(self, request: Request) -> Canned:
        with self.arrived:
            self.requests.append(request)
            self.arrived.notify_all()
            if request.path == "/oauth2/v3/token":
                return Canned(200, doc.USPS_TOKEN)
            if not request.path.startswith(TRACK_PREFIX):
                return Canned(404, {"error": {"code": "404", "message": "no route"}})
            if self.fail_with:
                return Canned(self.fail_with.pop(0), {"error": {"code": "503", "message": "down"}})
            window = int(request.at) - int(request.at) % self.period
            self.counts[window] += 1
            if self.counts[window] > self.quota:
                self.refused += 1
                retry = window + self.period - int(time.time())
                return Canned(429, {"error": {"code": "429", "message": "quota"}}, {"Retry-After": str(max(1, retry))})
            return Canned(200, self.answer)
