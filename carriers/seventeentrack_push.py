"""17TRACK webhook pushes (Tracking API v2.2): check the signature, read the pushed number and state.

17TRACK posts to the URL set in its console for every registered number, so registering a number
(seventeentrack.register) is subscribing it. The body:
`{"event": "TRACKING_UPDATED" | "TRACKING_STOPPED", "data": {"number", "carrier", "param", "tag",
"track_info": {...}}}`, whose `track_info` has the shape of gettrackinfo's, so it is read by the
polling parser: same events, same fingerprints, same statuses. The `sign` header is the SHA-256
hex digest of the raw body, "/" and the account's security key (SEVENTEENTRACK_PUSH_KEY), as
17TRACK's v2 webhook documentation gives it.

The push is stamped with the latest `latest_sync_time` of its providers (when 17TRACK last asked
the carrier), which orders it against polls and other pushes.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from django.conf import settings

from carriers import seventeentrack, timezones
from carriers.base import CarrierError
from carriers.parsing import as_dict, dicts, text
from carriers.push import Push, PushRefused, json_object, number_of

SENDER = "17track"
SIGNATURE_HEADER = "sign"
UPDATED = "TRACKING_UPDATED"
STOPPED = "TRACKING_STOPPED"


def key() -> str:
    return settings.SEVENTEENTRACK_PUSH_KEY


def signature(body: bytes, security_key: str) -> str:
    """What 17TRACK sends in `sign`: sha256(body + "/" + key), hex."""
    return hashlib.sha256(body + b"/" + security_key.encode()).hexdigest()


def verify(body: bytes, sign: str | None) -> None:
    """Refuse a push this installation cannot check, or whose `sign` does not match the body."""
    if not key():
        raise PushRefused("push_not_configured", "Pushes from 17TRACK are not configured here.", 403)
    if not sign:
        raise PushRefused("signature_missing", "The push has no 'sign' header.")
    if not hmac.compare_digest(sign.strip().lower(), signature(body, key())):
        raise PushRefused("signature_invalid", "The push's 'sign' header does not match its body.")


def _synced_at(info: dict) -> datetime | None:
    times = []
    for provider in dicts(as_dict(info.get("tracking")).get("providers")):
        stamp = text(provider.get("latest_sync_time"))
        if not stamp:
            continue
        try:
            times.append(timezones.to_utc(stamp, "UTC"))
        except (AttributeError, ValueError):  # not a time stamp: parse_datetime gave None
            continue
    return max(times, default=None)


def parse(body: bytes) -> Push:
    """A verified body -> Push; an event we do not know, or no number, is a 400 refusal."""
    data = json_object(body)
    event = data.get("event")
    if event not in (UPDATED, STOPPED):
        raise PushRefused("unknown_event", f"17TRACK push event {event!r} is not one this endpoint reads.", 400)
    item = as_dict(data.get("data"))
    number = number_of(item.get("number"))
    if not number:
        raise PushRefused("invalid_push", "The push names no tracking number.", 400)
    info = as_dict(item.get("track_info"))
    result = None
    if info:
        try:
            result = seventeentrack.parse_tracking({"track_info": info})
        except CarrierError:  # 17TRACK knows nothing yet: nothing to apply
            result = None
    carrier = item.get("carrier")
    return Push(
        sender=SENDER,
        number=number,
        result=result,
        taken_at=_synced_at(info),
        stopped=event == STOPPED,
        carrier_key=carrier if isinstance(carrier, int) else None,
    )
