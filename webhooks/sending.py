"""The one way a webhook leaves this server: a JSON POST to an address the SSRF guard checked.

The URL's host is resolved once (urlguard.resolve_public) and the connection goes to that
address, never to a second lookup that DNS rebinding could change; the Host header and, for
https, the TLS server name and certificate check still use the URL's host name. Redirects are
not followed, connect and total time are bounded (settings WEBHOOK_CONNECT_TIMEOUT and
WEBHOOK_TOTAL_TIMEOUT), and at most 1 KiB of the answer is read, for the attempt log.
Connection pools are kept per (address, host) so a busy receiver gets keep-alive connections, as
many as a worker has requests in flight (WEBHOOK_CONCURRENCY).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock
from urllib.parse import urlsplit

import certifi
import urllib3
from django.conf import settings
from urllib3 import exceptions as u3

from core.errors import ServiceError
from webhooks import urlguard
from webhooks.headers import merge

EXCERPT_BYTES = 1024
USER_AGENT = "tracking-platform-webhooks/1.0"
MAX_POOLS = 256
_DRAIN_LIMIT = 64 * 1024

_pools: OrderedDict[tuple, urllib3.HTTPConnectionPool] = OrderedDict()
_pools_lock = Lock()


@dataclass
class Answer:
    """What one attempt got: an HTTP status, or an error class and a message saying why not."""

    status_code: int | None = None
    error: str = ""
    message: str = ""
    latency_ms: int = 0
    excerpt: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _pool(scheme: str, address: str, port: int, host: str) -> urllib3.HTTPConnectionPool:
    key = (scheme, address, port, host)
    with _pools_lock:
        pool = _pools.get(key)
        if pool is not None:
            _pools.move_to_end(key)
            return pool
        if scheme == "https":
            literal = _is_ip_literal(host)
            pool = urllib3.HTTPSConnectionPool(
                address,
                port,
                maxsize=_pool_size(),
                server_hostname=None if literal else host,
                assert_hostname=None if literal else host,
                cert_reqs="CERT_REQUIRED",
                ca_certs=certifi.where(),
            )
        else:
            pool = urllib3.HTTPConnectionPool(address, port, maxsize=_pool_size())
        _pools[key] = pool
        while len(_pools) > MAX_POOLS:
            _pools.popitem(last=False)[1].close()
        return pool


def _pool_size() -> int:
    return max(2, settings.WEBHOOK_CONCURRENCY)


def _is_ip_literal(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def _error_name(exc: BaseException | None) -> str:
    if isinstance(exc, u3.NewConnectionError):
        return "ConnectionError"
    if isinstance(exc, u3.ConnectTimeoutError):
        return "ConnectTimeout"
    if isinstance(exc, u3.ReadTimeoutError | TimeoutError):
        return "ReadTimeout"
    if isinstance(exc, u3.SSLError):
        return "SSLError"
    if isinstance(exc, u3.ProtocolError):
        return "ProtocolError"
    return exc.__class__.__name__


def _excerpt(response: urllib3.BaseHTTPResponse, deadline: float) -> str:
    """At most EXCERPT_BYTES of the body; the connection is kept only when the rest is short."""
    try:
        if time.monotonic() >= deadline:
            raise TimeoutError
        data = response.read(EXCERPT_BYTES, decode_content=True) or b""
        remaining = response.length_remaining
        if remaining is not None and remaining <= _DRAIN_LIMIT and time.monotonic() < deadline:
            response.drain_conn()
            response.release_conn()
        else:
            response.close()
    except (u3.HTTPError, OSError):
        response.close()
        data = b""
    return data[:EXCERPT_BYTES].decode("utf-8", errors="replace")


def post(url: str, body: bytes, headers: dict[str, str], custom: dict[str, str] | None = None) -> Answer:
    """POST `body` as JSON to `url`; never raises: every outcome is an Answer for the log.

    `headers` are the format's (its signature); `custom` the subscription's own extra headers,
    which never override ours (webhooks.headers.merge).
    """
    started = time.monotonic()
    deadline = started + settings.WEBHOOK_TOTAL_TIMEOUT

    def done(**kwargs) -> Answer:
        return Answer(latency_ms=int((time.monotonic() - started) * 1000), **kwargs)

    try:
        addresses = urlguard.resolve_public(url)
    except ServiceError as exc:
        return done(error="UrlRefused", message=exc.message)
    parts = urlsplit(url)
    scheme, host = parts.scheme, parts.hostname or ""
    port = parts.port or (443 if scheme == "https" else 80)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    sent = merge(
        custom or {},
        {"Host": parts.netloc, "Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
    )
    timeout = urllib3.Timeout(connect=settings.WEBHOOK_CONNECT_TIMEOUT, total=settings.WEBHOOK_TOTAL_TIMEOUT)
    last_exc: BaseException | None = None
    for address in addresses:
        try:
            response = _pool(scheme, address.split("%")[0], port, host).urlopen(
                "POST",
                target,
                body=body,
                headers=sent,
                redirect=False,
                retries=False,
                timeout=timeout,
                preload_content=False,
                assert_same_host=False,
            )
        except u3.NewConnectionError as exc:
            last_exc = exc  # refused on this address: the host may listen on another one it resolved to
            continue
        except (u3.HTTPError, OSError) as exc:
            return done(error=_error_name(exc), message=_message(exc))
        excerpt = _excerpt(response, deadline)
        status = response.status
        message = ""
        if 300 <= status < 400:
            location = response.headers.get("Location", "")
            message = f"Redirects are not followed (HTTP {status} to {location or 'nowhere'})."[:300]
        elif not 200 <= status < 300:
            message = f"The receiver answered HTTP {status}."
        return done(status_code=status, message=message, excerpt=excerpt)
    return done(error=_error_name(last_exc), message=_message(last_exc))


def _message(exc: BaseException | None) -> str:
    if exc is None:
        return "No address to connect to."
    if isinstance(exc, u3.NewConnectionError):
        return "Could not connect to the receiver (connection refused or unreachable)."
    if isinstance(exc, u3.ConnectTimeoutError):
        return f"No connection within {settings.WEBHOOK_CONNECT_TIMEOUT:g} s."
    if isinstance(exc, u3.ReadTimeoutError | TimeoutError):
        return f"No answer within {settings.WEBHOOK_TOTAL_TIMEOUT:g} s."
    return f"{exc.__class__.__name__}: {exc}"[:300]
