"""The one door for outbound carrier HTTP: timeouts, a User-Agent, and typed errors.

Every live adapter sends its requests through `send()`, so the rules live in one place: connect and
read timeouts from `settings.CARRIER_TIMEOUT`, no redirect to another host (a carrier API that
suddenly points elsewhere must not receive our credentials there), and every failure translated
into the adapter contract's errors so the cadence policy can back off sensibly:

- timeout, connection error, 5xx, a body that is not JSON -> TemporaryFailure (Retry-After kept)
- 401 / 403 -> AuthenticationFailure; 429 -> RateLimited(retry_after); 404 -> NotYetKnown
- any other 4xx -> RequestRejected (our request or number is wrong; retrying soon will not help)

Adapters that must read a 404 or 400 body themselves pass those codes in `accept`.
Tests point the adapters' base URLs at a real local server; this module is also the single seam
a test may mock.
"""

from __future__ import annotations

import email.utils
import json
import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings

from carriers.base import (
    AuthenticationFailure,
    CarrierError,
    NotYetKnown,
    RateLimited,
    TemporaryFailure,
)

log = logging.getLogger(__name__)

USER_AGENT = "tracking-platform/1.0 (self-hosted package tracking; carrier adapter)"
MAX_REDIRECTS = 3
EXCERPT = 300  # characters of a carrier's error body kept in messages (never the whole body)


class RequestRejected(CarrierError):
    """The carrier refused the request itself (4xx other than auth, not found or rate limit)."""

    code = "request_rejected"


@dataclass
class Response:
    """What an adapter needs from an HTTP answer, decoupled from `requests`."""

    status: int
    headers: dict[str, str]
    text: str
    url: str
    data: object = field(default=None)
    # The body's bytes as they came: what is kept of a carrier's answer (trackers/answers.py).
    content: bytes = b""

    def json(self) -> object:
        return self.data


_local = threading.local()


def _session() -> requests.Session:
    """One pooled session per thread: requests.Session is not guaranteed thread-safe."""
    session = getattr(_local, "session", None)
    if session is None:
        session = requests.Session()
        session.headers["User-Agent"] = USER_AGENT
        session.trust_env = False  # no proxy or netrc surprises from the environment
        _local.session = session
    return session


def timeouts() -> tuple[float, float]:
    """(connect, read) seconds; CARRIER_TIMEOUT may be one number or a pair."""
    value = settings.CARRIER_TIMEOUT
    if isinstance(value, (tuple, list)):
        return float(value[0]), float(value[1])
    return float(value), float(value)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Retry-After is either delta-seconds or an HTTP date (RFC 9110 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now if now is not None else time.time()
    return max(0.0, when.timestamp() - current)


def origin(base: str | None, default: str) -> str:
    """Scheme and host (with port) of a configured `*_API_BASE`: it replaces only those, so the
    carrier's documented paths stay as the adapter writes them."""
    parts = urlsplit((base or "").strip() or default)
    if not (parts.scheme and parts.netloc):
        parts = urlsplit(default)
    return f"{parts.scheme}://{parts.netloc}"


def _excerpt(text: str) -> str:
    return " ".join(text.split())[:EXCERPT]


def _same_origin(a: str, b: str) -> bool:
    first, second = urlsplit(a), urlsplit(b)
    return (first.scheme, first.hostname, first.port) == (second.scheme, second.hostname, second.port)


def _raise_for(status: int, headers: dict[str, str], text: str, carrier: str) -> None:
    """Translate a non-success status into the contract's typed errors."""
    retry_after = parse_retry_after(headers.get("Retry-After"))
    detail = f"{carrier} answered HTTP {status}"
    body = _excerpt(text)
    message = f"{detail}: {body}" if body else detail
    if status in (401, 403):
        raise AuthenticationFailure(message)
    if status == 429:
        raise RateLimited(message, retry_after=retry_after)
    if status == 404:
        raise NotYetKnown(message)
    if status >= 500:
        raise TemporaryFailure(message, retry_after=retry_after)
    if 300 <= status < 400:
        raise TemporaryFailure(f"{detail}: unexpected redirect")
    raise RequestRejected(message, retry_after=retry_after)


def send(
    method: str,
    url: str,
    *,
    carrier: str,
    headers: dict[str, str] | None = None,
    params: dict[str, str] | None = None,
    data: dict[str, str] | str | None = None,
    json_body: object = None,
    auth: tuple[str, str] | None = None,
    accept: Iterable[int] = (),
    expect_json: bool = True,
) -> Response:
    """Send one request and return its answer, or raise a CarrierError.

    `accept` lists non-2xx statuses returned to the caller instead of raised (e.g. 404 when the
    carrier's body says more than "not found"). Redirects are followed only within the same
    scheme, host and port.
    """
    allowed = set(accept)
    connect, read = timeouts()
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        started = time.monotonic()
        try:
            raw = _session().request(
                method,
                current,
                headers=headers,
                params=params,
                data=data,
                json=json_body,
                auth=auth,
                timeout=(connect, read),
                allow_redirects=False,
            )
        except requests.Timeout as exc:
            raise TemporaryFailure(f"{carrier} did not answer in time ({exc.__class__.__name__}).") from exc
        except requests.ConnectionError as exc:
            raise TemporaryFailure(f"Could not connect to {carrier}.") from exc
        except requests.RequestException as exc:
            raise TemporaryFailure(f"Request to {carrier} failed: {exc.__class__.__name__}.") from exc
        elapsed = time.monotonic() - started
        log.info("carrier %s %s %s -> %s in %.3fs", carrier, method, urlsplit(current).path, raw.status_code, elapsed)
        if raw.is_redirect and raw.status_code not in allowed:
            target = urljoin(current, raw.headers.get("Location", ""))
            if not _same_origin(url, target):
                raise TemporaryFailure(f"{carrier} redirected to another host; refused.")
            current = target
            params = None  # the Location already carries its query
            continue
        break
    else:
        raise TemporaryFailure(f"{carrier} redirected too many times.")

    response_headers = dict(raw.headers)
    text = raw.text
    if not (200 <= raw.status_code < 300) and raw.status_code not in allowed:
        _raise_for(raw.status_code, response_headers, text, carrier)
    response = Response(status=raw.status_code, headers=response_headers, text=text, url=current, content=raw.content)
    if expect_json:
        try:
            response.data = json.loads(text) if text.strip() else None
        except ValueError as exc:
            log.warning("carrier %s sent a body that is not JSON: %s", carrier, _excerpt(text))
            raise TemporaryFailure(f"{carrier} sent a body that is not JSON: {_excerpt(text)}") from exc
        if response.data is None and 200 <= raw.status_code < 300:
            raise TemporaryFailure(f"{carrier} sent an empty body.")
    return response
