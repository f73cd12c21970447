"""OAuth 2.0 client-credentials tokens for carrier APIs, cached in Django's cache.

USPS and UPS both hand out bearer tokens that live for hours; asking for a new one per tracking
call would double our traffic and trip their rate limits. The token is cached (shared across
workers when the cache is Redis) until shortly before it expires, under a key derived from the
base URL and the credentials, so rotating a secret or pointing at another environment never
reuses a stale token. The secret itself never appears in the key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from carriers import http
from carriers.base import NO_DETAILS, AuthenticationFailure, Details, TemporaryFailure, TrackingResult
from carriers.http import RequestRejected

T = TypeVar("T")

# Renew this long before the carrier's stated expiry, so a token never dies mid-request.
EXPIRY_MARGIN_SECONDS = 120
DEFAULT_LIFETIME_SECONDS = 900  # when the carrier omits expires_in


def settings_for(code: str) -> dict:
    """The carrier's entry of CARRIER_SETTINGS (a copy: adapters never mutate settings)."""
    return dict(settings.CARRIER_SETTINGS.get(code) or {})


def has_credentials(code: str) -> bool:
    """An OAuth adapter is configured once both halves of its client credentials are set."""
    cfg = settings_for(code)
    return bool(cfg.get("client_id") and cfg.get("client_secret"))


def cache_key(carrier: str, base_url: str, client_id: str, client_secret: str) -> str:
    digest = hashlib.sha256("\x1f".join([carrier, base_url, client_id, client_secret]).encode()).hexdigest()
    return f"carrier-token:{carrier}:{digest[:32]}"


def lifetime(payload: dict) -> float:
    """Seconds to cache a token: expires_in (a number or, at USPS and UPS, a string) minus a margin."""
    raw = payload.get("expires_in")
    try:
        seconds = float(raw) if raw is not None and raw != "" else DEFAULT_LIFETIME_SECONDS
    except (TypeError, ValueError):
        seconds = DEFAULT_LIFETIME_SECONDS
    return max(1.0, seconds - min(EXPIRY_MARGIN_SECONDS, seconds / 10))


def bearer_token(key: str, fetch: Callable[[], object], carrier: str) -> tuple[str, bool]:
    """(token, fresh): the cached token under `key`, or a new one from `fetch()` (the endpoint's JSON).

    `fresh` tells the caller whether a 401 could mean a stale cached token (worth one retry).
    """
    token = cache.get(key)
    if token:
        return token, False
    payload = fetch()
    if not isinstance(payload, dict):
        raise TemporaryFailure(f"{carrier} token endpoint sent an unexpected body.")
    token = payload.get("access_token")
    if not token or not isinstance(token, str):
        if payload.get("error"):
            raise AuthenticationFailure(f"{carrier} refused the credentials: {payload.get('error')}")
        raise TemporaryFailure(f"{carrier} token endpoint sent no access_token.")
    cache.set(key, token, timeout=lifetime(payload))
    return token, True


def token_error(status: int, payload: object, carrier: str) -> None:
    """A token endpoint's 400 (RFC 6749 5.2): bad credentials are an authentication failure."""
    error = payload.get("error") if isinstance(payload, dict) else None
    if error in ("invalid_client", "unauthorized_client", "invalid_grant", "access_denied"):
        raise AuthenticationFailure(f"{carrier} refused the credentials: {error}")
    raise RequestRejected(f"{carrier} token endpoint answered HTTP {status}: {error or 'no error code'}")


def forget(key: str) -> None:
    """Drop a token the carrier no longer accepts (revoked, rotated) so the next call fetches anew."""
    cache.delete(key)


def authorized(key: str, fetch: Callable[[], object], call: Callable[[str], T], carrier: str) -> T:
    """`call(token)` with a cached token; on 401/403 from a cached token, forget it and retry once.

    A carrier may revoke a token before its stated expiry (rotation, a new deployment); one retry
    with a fresh token recovers without a backoff cycle. A fresh token that is refused is final.
    """
    token, fresh = bearer_token(key, fetch, carrier)
    try:
        return call(token)
    except AuthenticationFailure:
        forget(key)
        if fresh:
            raise
    token, _fresh = bearer_token(key, fetch, carrier)
    return call(token)


@dataclass(frozen=True)
class OAuthAdapter:
    """What every OAuth carrier shares (USPS, UPS, FedEx): a cached token, one tracking call, a parser.

    The carrier module keeps the pure pieces (request specs as dicts, the response parser, its
    settings); this class does their I/O through the one HTTP wrapper.
    """

    code: str
    carrier: str
    config: Callable[[], dict]
    token_request: Callable[[dict], dict]
    tracking_request: Callable[..., dict]  # (number, settings, token, *, details) -> request spec
    parse_tracking: Callable[[object], TrackingResult]

    def fetch_token(self, cfg: dict) -> object:
        spec = self.token_request(cfg)
        response = http.send(
            spec["method"], spec["url"], carrier=self.carrier, data=spec["data"], auth=spec.get("auth"), accept=(400,)
        )
        if response.status == 400:
            token_error(400, response.data, self.carrier)
        return response.data

    def track(
        self, tracking_number: str, *, created_at: datetime, now: datetime, details: Details = NO_DETAILS
    ) -> TrackingResult:
        response = self.call(lambda cfg, token: self.tracking_request(tracking_number, cfg, token, details=details))
        return self.parse_tracking(response.data)

    def call(self, build: Callable[[dict, str], dict]) -> http.Response:
        """Send the request `build(settings, token)` describes, with a cached token (one retry with a
        fresh one when the cached one is refused)."""
        cfg = self.config()
        key = cache_key(self.code, cfg.get("base_url", ""), cfg.get("client_id", ""), cfg.get("client_secret", ""))

        def send(token: str) -> http.Response:
            spec = build(cfg, token)
            return http.send(
                spec["method"],
                spec["url"],
                carrier=self.carrier,
                params=spec.get("params"),
                headers=spec["headers"],
                json_body=spec.get("json"),
            )

        return authorized(key, lambda: self.fetch_token(cfg), send, self.carrier)
