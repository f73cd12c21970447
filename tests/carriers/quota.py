"""Local carriers that ration their APIs as real ones do: a quota per fixed window, 429 beyond it.

`QuotaCarrier` is a USPS (one number per call); `SeventeenTrackCarrier` and `FedExCarrier` take
several numbers a call, as their APIs document, and answer each number apart: 17TRACK rejects a
number it does not follow until it is registered, FedEx answers one `completeTrackResults` entry
per `trackingInfo`. Each refuses a call with more numbers than its API takes; `refuse` names
numbers the carrier rejects alone (the rest of the call is answered).

Every tracking request is counted in the window it arrives in (aligned on UTC time, as the
platform's budgets are); past `quota` requests in a window the answer is 429 with Retry-After
(seconds to the window's end). `fail_with` makes the next answers 5xx instead, for circuit tests.
Any number is answered with the same in-transit document.
"""

from __future__ import annotations

import json
import time
from collections import Counter

from tests.carriers import documents as doc
from tests.carriers import fedex_documents as fedex
from tests.carriers import seventeentrack_documents as seventeen
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


class _Rationed(LocalServer):
    """A quota per fixed window on the calls under `paths`; `fail_with` answers 5xx first."""

    paths: tuple[str, ...] = ()

    def __init__(self, quota: int = 10**9, period: int = 3600) -> None:
        super().__init__()
        self.quota = quota
        self.period = period
        self.counts: Counter[int] = Counter()
        self.refused = 0
        self.fail_with: list[int] = []
        self.refuse: set[str] = set()

    def calls(self, path: str | None = None) -> list[Request]:
        with self.arrived:
            return [r for r in self.requests if r.path in ((path,) if path else self.paths)]

    def _ration(self, request: Request) -> Canned | None:
        """The answer when the call is not served (5xx, over quota), else None (the caller holds the lock)."""
        if self.fail_with:
            return Canned(self.fail_with.pop(0), {"message": "down"})
        window = int(request.at) - int(request.at) % self.period
        self.counts[window] += 1
        if self.counts[window] > self.quota:
            self.refused += 1
            retry = window + self.period - int(time.time())
            return Canned(429, {"message": "quota"}, {"Retry-After": str(max(1, retry))})
        return None


class SeventeenTrackCarrier(_Rationed):
    """17TRACK v2.2: register and gettrackinfo, up to 40 numbers a call, answered per number."""

    paths = ("/track/v2.2/gettrackinfo", "/track/v2.2/register")
    LIMIT = 40

    def __init__(self, quota: int = 10**9, period: int = 3600) -> None:
        super().__init__(quota, period)
        self.registered: set[str] = set()

    def _arrive(self, request: Request) -> Canned:
        with self.arrived:
            self.requests.append(request)
            self.arrived.notify_all()
            if request.path not in self.paths:
                return Canned(404, {"message": "no route"})
            if (refused := self._ration(request)) is not None:
                return refused
            items = json.loads(request.body)
            if len(items) > self.LIMIT:
                return Canned(200, seventeen.TOO_MANY)
            accepted, rejected = [], []
            for item in items:
                number = item["number"]
                if number in self.refuse:
                    rejected.append(seventeen.refusal(number, -18019906, "The tracking number is invalid."))
                elif request.path.endswith("/register"):
                    if number in self.registered:
                        rejected.append(seventeen.refusal(number, seventeen.ALREADY_CODE, "Already registered."))
                    else:
                        self.registered.add(number)
                        carrier = item.get("carrier") or seventeen.YANWEN
                        accepted.append(seventeen.registration(number, carrier, item.get("lang")))
                elif number not in self.registered:
                    rejected.append(seventeen.refusal(number, seventeen.NOT_REGISTERED_CODE, "Register first."))
                else:
                    accepted.append(seventeen.tracked(number, item.get("carrier") or seventeen.YANWEN))
            return Canned(200, seventeen.answer(accepted, rejected))


class FedExCarrier(_Rationed):
    """FedEx Track API v1: an OAuth token, then up to 30 trackingInfo entries a call, answered per number."""

    paths = ("/track/v1/trackingnumbers",)
    LIMIT = 30

    def _arrive(self, request: Request) -> Canned:
        with self.arrived:
            self.requests.append(request)
            self.arrived.notify_all()
            if request.path == "/oauth/token":
                return Canned(200, fedex.TOKEN)
            if request.path not in self.paths:
                return Canned(404, {"message": "no route"})
            if (refused := self._ration(request)) is not None:
                return refused
            infos = json.loads(request.body)["trackingInfo"]
            if len(infos) > self.LIMIT:
                return Canned(400, fedex.TOO_MANY_NUMBERS)
            entries = []
            for info in infos:
                number = info["trackingNumberInfo"]["trackingNumber"]
                if number in self.refuse:
                    error = fedex.number_error(number, "TRACKING.TRACKINGNUMBER.INVALID", "Invalid tracking number.")
                    entries.append(fedex.complete(number, error))
                else:
                    entries.append(fedex.complete(number))
            return Canned(200, fedex.responses(entries))
