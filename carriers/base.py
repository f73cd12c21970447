"""The contract between the refresh engine and a carrier adapter.

An adapter turns a tracking number into a `TrackingResult` in our vocabulary, or raises one of the
typed `CarrierError`s so the cadence policy can decide when to ask again. Live adapters keep their
work pure where they can (`build_request` / `parse_response`), with status maps kept as data; only
`carriers.http` touches the network.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol


@dataclass(frozen=True)
class EventData:
    occurred_at: datetime  # aware, UTC
    status: str
    status_detail: str = ""
    message: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""
    time_zone: str | None = None
    raw: dict = field(default_factory=dict, compare=False, hash=False)
    # The carrier's own code for the scan (what its status map reads) and its words beyond `message`.
    raw_code: str = ""
    raw_description: str = ""
    # Set when an organization's status override restated this scan: the key it had under the
    # carrier's map, so an override changes the words stored, never the scan's identity.
    identity: str = field(default="", compare=False, hash=False, repr=False)

    @property
    def fingerprint(self) -> str:
        """Stable across refreshes: the same scan from the carrier gives the same key."""
        if self.identity:
            return self.identity
        parts = [
            self.occurred_at.isoformat(),
            self.status,
            self.status_detail,
            self.message,
            self.city,
            self.state,
            self.postal_code,
            self.country,
        ]
        return hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()


@dataclass
class TrackingResult:
    events: list[EventData]
    status: str
    status_detail: str = ""
    est_delivery_at: datetime | None = None
    # True when the carrier says nothing more will ever happen (the sandbox at its end).
    complete: bool = False
    # Shipment details, kept where the carrier gives them (empty or None otherwise).
    signed_by: str = ""
    weight: float | None = None
    weight_unit: str = ""  # as the carrier spells it, lower case: "kg", "lb"
    service: str = ""
    # Why the status is what it is: the carrier's code (and words) that the status map read.
    raw_code: str = ""
    raw_description: str = ""
    # The carrier's answer as it came (the HTTP body), and the adapter that parsed it (its status
    # maps' version is read from it): kept, when the answer changed something, to re-apply the maps.
    raw_answer: bytes = b""
    answered_by: str = ""
    # True when an organization's status override chose the status (trackers/overrides.py).
    overridden: bool = False


@dataclass(frozen=True)
class Details:
    """What the tracker knows that some carriers need to answer, or answer better: the language
    the caller asked for (ISO 639-1, e.g. `de`), the ship date, and the recipient's postal code
    and country. Every adapter is given them; each passes on what its carrier's API takes."""

    language: str = ""
    ship_date: date | None = None
    postal_code: str = ""
    destination_country: str = ""

    def locale(self, default: str = "en_US") -> str:
        """`de_DE`-style: the language with the country carriers most often pair it with."""
        language = self.language.strip().lower().replace("-", "_")
        if not language:
            return default
        if "_" in language:
            lang, _, region = language.partition("_")
            return f"{lang}_{region.upper()}"
        country = DEFAULT_REGIONS.get(language)
        if country is None:
            return default
        return f"{language}_{country}"


NO_DETAILS = Details()
# The country a language is most often paired with in carriers' locale lists (en_US, de_DE, …).
DEFAULT_REGIONS = {
    "en": "US",
    "de": "DE",
    "fr": "FR",
    "es": "ES",
    "it": "IT",
    "nl": "NL",
    "pt": "PT",
    "pl": "PL",
    "sv": "SE",
    "da": "DK",
    "fi": "FI",
    "cs": "CZ",
    "ja": "JP",
    "zh": "CN",
    "ko": "KR",
    "ru": "RU",
    "tr": "TR",
}


class CarrierError(Exception):
    """Base class: `retry_after` (seconds) is the carrier's own hint, when it gives one."""

    code = "carrier_error"

    def __init__(self, message: str = "", retry_after: float | None = None):
        super().__init__(message or self.__class__.__doc__)
        self.retry_after = retry_after


class NotYetKnown(CarrierError):
    """The carrier has no information for this number yet."""

    code = "not_yet_known"


class TemporaryFailure(CarrierError):
    """The carrier could not answer now (timeout, 5xx); ask again later."""

    code = "temporary_failure"


class AuthenticationFailure(CarrierError):
    """The carrier refused our credentials."""

    code = "authentication_failure"
    # Wrong or revoked keys are not fixed by asking again soon: wait at least this long (seconds),
    # so a bad key never hammers the carrier; the tracker's last error says why meanwhile.
    BACKOFF_SECONDS = 3600.0

    def __init__(self, message: str = "", retry_after: float | None = None):
        super().__init__(message, self.BACKOFF_SECONDS if retry_after is None else retry_after)


class RateLimited(CarrierError):
    """The carrier asked us to slow down."""

    code = "rate_limited"


class Adapter(Protocol):
    @property
    def code(self) -> str: ...

    def track(
        self, tracking_number: str, *, created_at: datetime, now: datetime, details: Details = NO_DETAILS
    ) -> TrackingResult: ...
