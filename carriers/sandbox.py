"""The sandbox carrier: an offline, deterministic timeline for test mode.

`timeline(number, created_at, now)` is a pure function: the same inputs give the same events, so a
refresh is idempotent and tests can freeze time. One step every SANDBOX_STEP_SECONDS: label
created, picked up, two or three facility scans across time zones, out for delivery (or ready for
pickup), then the final status that the number forces (PackageX's PKGX table, EasyPost's EZ codes).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings

from carriers.base import NO_DETAILS, Details, EventData, TrackingResult
from carriers.numbers import EASYPOST_SANDBOX, PACKAGEX_SANDBOX
from carriers.statuses import PACKAGEX_FINAL, Detail, Status


@dataclass(frozen=True)
class Place:
    city: str
    state: str
    postal_code: str
    country: str
    time_zone: str


# Four US time-zone bands; a route takes one place from each band it crosses.
PACIFIC = (
    Place("Los Angeles", "CA", "90052", "US", "America/Los_Angeles"),
    Place("Seattle", "WA", "98101", "US", "America/Los_Angeles"),
)
MOUNTAIN = (
    Place("Denver", "CO", "80202", "US", "America/Denver"),
    Place("Salt Lake City", "UT", "84101", "US", "America/Denver"),
    Place("Phoenix", "AZ", "85001", "US", "America/Phoenix"),
)
CENTRAL = (
    Place("Chicago", "IL", "60601", "US", "America/Chicago"),
    Place("Memphis", "TN", "38118", "US", "America/Chicago"),
    Place("Dallas", "TX", "75201", "US", "America/Chicago"),
)
EASTERN = (
    Place("Louisville", "KY", "40209", "US", "America/Kentucky/Louisville"),
    Place("Atlanta", "GA", "30301", "US", "America/New_York"),
    Place("Newark", "NJ", "07102", "US", "America/New_York"),
)

# EasyPost test codes: the status each one stops at.
EASYPOST_STOPS = {
    "1": Status.PRE_TRANSIT,
    "2": Status.IN_TRANSIT,
    "3": Status.OUT_FOR_DELIVERY,
    "4": Status.DELIVERED,
    "5": Status.RETURN_TO_SENDER,
    "6": Status.FAILURE,
    "7": Status.UNKNOWN,
}

# The first PKGX block that forces each final status; any other block ends delivered.
PACKAGEX_BLOCKS = {
    "AAAAAAA": "delivered",
    "BBBBBBB": "picked_up",
    "CCCCCCC": "contact_provider",
    "DDDDDDD": "package_damaged",
    "EEEEEEE": "package_undeliverable",
    "FFFFFFF": "package_lost",
    "GGGGGGG": "address_issue",
    "HHHHHHH": "return_to_sender",
    "IIIIIII": "canceled",
}

FINAL_MESSAGES: dict[str, str] = {
    Detail.DELIVERED: "Delivered, front door",
    Detail.PICKED_UP: "Picked up by the recipient",
    Detail.CONTACT_PROVIDER: "Unable to process; contact the carrier for details",
    Detail.PACKAGE_DAMAGED: "Package damaged in transit",
    Detail.PACKAGE_UNDELIVERABLE: "Package undeliverable",
    Detail.PACKAGE_LOST: "Package lost",
    Detail.ADDRESS_ISSUE: "Delivery failed: address issue",
    Detail.RETURN_TO_SENDER: "Returning to sender",
    Detail.CANCELED: "Shipment canceled by the shipper",
}


def _digest(number: str) -> bytes:
    return hashlib.sha256(number.encode()).digest()


def route(number: str) -> list[Place]:
    """Origin, two or three facilities and the destination, crossing at least three time zones."""
    h = _digest(number)
    bands = [PACIFIC, MOUNTAIN, CENTRAL, EASTERN]
    if h[0] % 2:
        bands.reverse()  # east to west
    places = [band[h[i + 1] % len(band)] for i, band in enumerate(bands)]
    origin, first, second, destination = places
    facilities = [first, second]
    if h[5] % 2:  # a third scan at another facility of the second band
        band = bands[2]
        third = band[(h[3] + 1) % len(band)]
        facilities.append(third)
    return [origin, *facilities, destination]


def _final_for(number: str) -> tuple[str, str, str | None]:
    """(final status, final detail, the status where an EZ code stops early or None)."""
    ez = EASYPOST_SANDBOX.fullmatch(number)
    if ez:
        stop = EASYPOST_STOPS[ez.group(1)]
        finals = {
            Status.DELIVERED: (Status.DELIVERED, Detail.DELIVERED),
            Status.RETURN_TO_SENDER: (Status.RETURN_TO_SENDER, Detail.RETURN_TO_SENDER),
            Status.FAILURE: (Status.FAILURE, Detail.PACKAGE_UNDELIVERABLE),
        }
        status, detail = finals.get(stop, (stop, ""))
        return status, detail, stop
    pkgx = PACKAGEX_SANDBOX.fullmatch(number)
    forced = PACKAGEX_BLOCKS.get(pkgx.group(1), "delivered") if pkgx else "delivered"
    status, detail = PACKAGEX_FINAL[forced]
    return status, detail, None


class Step(NamedTuple):
    """One planned scan, before timeline() gives it a time."""

    status: str
    detail: str
    message: str
    place: Place


def steps(number: str) -> list[Step]:
    """Every scan the number will ever have, at offsets 0, 1, 2... steps from creation."""
    final_status, final_detail, stop = _final_for(number)
    if stop == Status.UNKNOWN:
        return []
    places = route(number)
    origin, facilities, destination = places[0], places[1:-1], places[-1]
    out = [Step(Status.PRE_TRANSIT, Detail.LABEL_CREATED, "Shipping label created", origin)]
    if stop == Status.PRE_TRANSIT:
        return out
    out.append(Step(Status.IN_TRANSIT, Detail.ACCEPTED, "Picked up by the carrier", origin))
    for place in facilities:
        out.append(Step(Status.IN_TRANSIT, Detail.ARRIVED_AT_FACILITY, f"Arrived at {place.city} facility", place))
    if stop == Status.IN_TRANSIT:
        return out
    if final_detail == Detail.PICKED_UP:
        message = f"Available for pickup at the {destination.city} post office"
        out.append(Step(Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP, message, destination))
    else:
        out.append(Step(Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY, "Out for delivery", destination))
    if stop == Status.OUT_FOR_DELIVERY:
        return out
    out.append(Step(final_status, final_detail, FINAL_MESSAGES.get(final_detail, "Status update"), destination))
    return out


# The statuses after which a parcel is still moving: the estimate is shown only then.
_MOVING = frozenset({Status.PRE_TRANSIT, Status.IN_TRANSIT, Status.OUT_FOR_DELIVERY, Status.AVAILABLE_FOR_PICKUP})


def timeline(number: str, created_at: datetime, now: datetime, step_seconds: int | None = None) -> TrackingResult:
    """What the sandbox carrier reports at `now` for a tracker created at `created_at`."""
    step = timedelta(seconds=step_seconds or settings.SANDBOX_STEP_SECONDS)
    start = created_at.replace(microsecond=0)
    planned = steps(number)
    if not planned:
        return TrackingResult(events=[], status=Status.UNKNOWN, status_detail=Detail.NOT_FOUND_YET, complete=True)
    # Only the scans that have happened are built (a refresh batch builds thousands of them);
    # the first is shown even when creation lies in the future.
    shown = max(1, min(len(planned), int((now - start) // step) + 1)) if now >= start else 1
    visible = [
        EventData(
            occurred_at=start + step * i,
            status=s.status,
            status_detail=s.detail,
            message=s.message,
            city=s.place.city,
            state=s.place.state,
            postal_code=s.place.postal_code,
            country=s.place.country,
            time_zone=s.place.time_zone,
            raw={"sandbox_step": i},
        )
        for i, s in enumerate(planned[:shown])
    ]
    latest = visible[-1]
    # Where a normal delivery would land: after label, pickup, the facilities and the delivery run.
    est = start + step * (len(route(number)) + 1)
    return TrackingResult(
        events=visible,
        status=latest.status,
        status_detail=latest.status_detail,
        est_delivery_at=est if latest.status in _MOVING else None,
        complete=shown == len(planned),
    )


class SandboxAdapter:
    code = "sandbox"

    def track(
        self, tracking_number: str, *, created_at: datetime, now: datetime, details: Details = NO_DETAILS
    ) -> TrackingResult:
        return timeline(tracking_number, created_at, now)


ADAPTER = SandboxAdapter()


def configured() -> bool:
    return True
