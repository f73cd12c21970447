"""UPS Track Alert: subscribe 1Z numbers, check the pushes' credential, read the pushed activity.

Subscribing (POST /api/track/v1/subscription/standard/package, OAuth like the Track API, up to 100
numbers a call) names our endpoint and an opaque `credential` (UPS_PUSH_CREDENTIAL); UPS then
posts each new scan of those packages for 14 days with that credential in the `credential`
header. A push is one activity, not the timeline: trackingNumber, local and GMT activity date and
time, activityLocation (no postal code before delivery), activityStatus {type, code, description},
scheduledDeliveryDate. Applied as it is, a pushed scan and the same scan polled later from the
Track API (which names more of its place) would be two events; so a UPS push is checked and read
here (a number and a dated scan, through the Track API's own activity parser) and makes the
tracker ask the Track API at once (trackers/pushes.py): one timeline, one fingerprint per scan.
"""

from __future__ import annotations

import hmac
import re
import uuid

from django.conf import settings

from carriers import http, oauth, ups
from carriers.parsing import as_dict
from carriers.push import Push, PushRefused, json_object, number_of

SENDER = "ups"
CREDENTIAL_HEADER = "credential"
SUBSCRIBE_PATH = "/api/track/v1/subscription/standard/package"
MAX_NUMBERS = 100  # UPS refuses a whole subscription of more (VSS220)
SUBSCRIBABLE = re.compile(r"1Z[0-9A-Z]{16}")


def credential() -> str:
    return settings.UPS_PUSH_CREDENTIAL


def enabled() -> bool:
    """Subscriptions need the UPS credentials and a credential for UPS to send back."""
    return bool(credential()) and ups.configured()


def subscribable(number: str) -> bool:
    return bool(SUBSCRIBABLE.fullmatch(number))


def subscription_request(numbers: list[str], cfg: dict, token: str, url: str, secret: str) -> dict:
    """The documented subscription request for up to 100 numbers, pushing to `url` with `secret`."""
    return {
        "method": "POST",
        "url": http.origin(cfg.get("base_url"), "https://onlinetools.ups.com") + SUBSCRIBE_PATH,
        "headers": {
            "Authorization": f"Bearer {token}",
            "Accept": "application/json",
            "transId": uuid.uuid4().hex,
            "transactionSrc": ups.TRANSACTION_SOURCE,
        },
        "json": {
            "locale": "en_US",
            "countryCode": "US",
            "trackingNumberList": numbers[:MAX_NUMBERS],
            "destination": {"url": url, "credentialType": "Bearer", "credential": secret},
        },
    }


def subscribe(numbers: list[str], url: str) -> list[str]:
    """Subscribe `numbers` (≤ 100) to pushes at `url`; the numbers UPS accepted."""
    cfg = ups.config()
    key = oauth.cache_key("ups", cfg.get("base_url", ""), cfg.get("client_id", ""), cfg.get("client_secret", ""))

    def call(token: str) -> http.Response:
        spec = subscription_request(numbers, cfg, token, url, credential())
        return http.send(
            spec["method"], spec["url"], carrier=ups.CARRIER, headers=spec["headers"], json_body=spec["json"]
        )

    response = oauth.authorized(key, lambda: ups.ADAPTER.fetch_token(cfg), call, ups.CARRIER)
    valid = as_dict(response.data).get("validTrackingNumbers")
    return [number_of(n) for n in valid if isinstance(n, str)] if isinstance(valid, list) else []


def verify(header: str | None) -> None:
    """Refuse a push without the credential we gave UPS when subscribing."""
    if not credential():
        raise PushRefused("push_not_configured", "Pushes from UPS are not configured here.", 403)
    if not header:
        raise PushRefused("credential_missing", "The push has no 'credential' header.")
    if not hmac.compare_digest(header.encode(), credential().encode()):
        raise PushRefused("credential_invalid", "The push's 'credential' header is not the one subscribed with.")


def _activity(body: dict) -> dict:
    """The pushed fields in the Track API's activity shape, for its parser."""
    place, status = as_dict(body.get("activityLocation")), as_dict(body.get("activityStatus"))
    return {
        "location": {
            "address": {
                "city": place.get("city"),
                "stateProvince": place.get("stateProvince"),
                "postalCode": place.get("postalCode"),
                "countryCode": place.get("country"),
            }
        },
        "status": {"type": status.get("type"), "code": status.get("code"), "description": status.get("description")},
        "date": body.get("localActivityDate"),
        "time": body.get("localActivityTime"),
        "gmtDate": body.get("gmtActivityDate"),
        "gmtTime": body.get("gmtActivityTime"),
    }


def parse(body: bytes) -> Push:
    """A verified body -> Push asking for the carrier's answer; no number or no dated scan is a 400."""
    data = json_object(body)
    number = number_of(data.get("trackingNumber"))
    event = ups.parse_activity(_activity(data)) if number else None
    if event is None:
        raise PushRefused("invalid_push", "The push needs a trackingNumber and a dated activity.", 400)
    return Push(sender=SENDER, number=number, result=None, taken_at=event.occurred_at, ask=True)
