"""API-key authentication, set per dialect: which headers carry the key, and how.

The native API takes `X-API-Key: <key>` or `Authorization: Bearer <key>` (as Packy does); a dialect
picks its own (PackageX's `PX-API-KEY`, EasyPost's Bearer or Basic). Each way is one small
authenticator class, so the OpenAPI document lists each as an alternative. The key fixes the
organization and the mode; views read them from `request.auth` (the ApiKey).
"""

from __future__ import annotations

import base64
import binascii
import threading
import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from rest_framework import authentication, exceptions, permissions, throttling
from rest_framework.settings import api_settings

from accounts.models import ApiKey
from accounts.services import find_api_key, hash_key
from api import ratelimit

# Recently seen keys, per process: a key lookup is a query on every request otherwise, the largest
# single cost of a small API call. An entry lives API_KEY_CACHE_SECONDS (default 10); revoking or
# deleting a key clears it in this process at once, and in other worker processes within that time.
_recent: dict[str, tuple[float, ApiKey]] = {}
_recent_lock = threading.Lock()
MAX_CACHED_KEYS = 10_000


def cached_api_key(raw: str) -> ApiKey | None:
    """find_api_key, remembered for a few seconds (positive answers only: a bad key is always looked up)."""
    ttl = settings.API_KEY_CACHE_SECONDS
    if ttl <= 0 or not raw or len(raw) > 200:
        return find_api_key(raw)
    digest = hash_key(raw)
    now = time.monotonic()
    hit = _recent.get(digest)
    if hit is not None and hit[0] > now:
        return hit[1]
    key = find_api_key(raw)
    if key is not None:
        with _recent_lock:
            if len(_recent) >= MAX_CACHED_KEYS:
                _recent.clear()
            _recent[digest] = (now + ttl, key)
    return key


@receiver([post_save, post_delete], sender=ApiKey)
def _forget_key(sender, instance: ApiKey, **kwargs) -> None:
    with _recent_lock:
        _recent.pop(instance.key_hash, None)


def _authenticated(raw: str) -> tuple[None, ApiKey]:
    key = cached_api_key(raw)
    if key is None:
        raise exceptions.AuthenticationFailed("Invalid or revoked API key.")
    return (None, key)


class HeaderKeyAuthentication(authentication.BaseAuthentication):
    """The raw key in a header of its own (`X-API-Key`, `PX-API-KEY`, …)."""

    def __init__(self, header: str = "X-API-Key"):
        self.header = header
        self.meta_name = "HTTP_" + header.upper().replace("-", "_")

    def authenticate(self, request):
        raw = request.META.get(self.meta_name, "").strip()
        return _authenticated(raw) if raw else None

    def authenticate_header(self, request) -> str:
        return f'{self.header} realm="api"'


class BearerKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>`; with `basic=True` also HTTP Basic with the key as user name."""

    def __init__(self, basic: bool = False):
        self.basic = basic

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        scheme, _, value = header.partition(" ")
        value = value.strip()
        if scheme.lower() == "bearer" and value:
            return _authenticated(value)
        if self.basic and scheme.lower() == "basic" and value:
            try:
                user = base64.b64decode(value, validate=True).decode().partition(":")[0]
            except (binascii.Error, UnicodeDecodeError, ValueError):
                user = ""
            if user:
                return _authenticated(user)
        allowed = "`Authorization: Bearer <key>`" + (" or HTTP Basic with the key as user" if self.basic else "")
        raise exceptions.AuthenticationFailed(f"Use {allowed}.")

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class HasApiKey(permissions.BasePermission):
    """Every API view needs a key; `request.auth` is then the ApiKey."""

    message = "An API key is required."

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, ApiKey)


class ApiKeyRateThrottle(throttling.SimpleRateThrottle):
    """Requests per key (rate in settings: API_RATE_LIMIT), counted in fixed windows.

    DRF's default keeps a list of every request time in the window and rewrites it on each call,
    which grows with the rate; a counter per window costs the same at 10/min and at 100,000/min.
    The counter is shared by every process (api/ratelimit.py), so the limit holds with any number
    of gunicorn workers and machines. Requests without a key are counted per client address.
    """

    scope = "api_key"
    # Set by SimpleRateThrottle.__init__ from the parsed rate (ints whenever the rate is set).
    num_requests: int
    duration: int
    # Set by allow_request when the request was counted: what is left of the window, and its end.
    remaining: int | None = None
    window_end: float

    def get_rate(self) -> str | None:
        # Read at request time (DRF binds the rates at import), so a changed setting takes effect.
        # The stubs type the rates as numbers; DRF's are "N/period" strings (THROTTLE_RATES is typed so).
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)  # type: ignore[return-value]

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_end = (window + 1) * self.duration
        number = ratelimit.reservations.number(ident, window, self.num_requests, self.duration + 1)
        self.remaining = max(0, self.num_requests - number)  # for dialects that show it (AfterShip)
        return number <= self.num_requests

    def wait(self) -> float:
        return max(0.0, self.window_end - self.now)


def scope(request) -> tuple[int, str]:
    """(organization id, mode) of the calling key: every query is filtered by both."""
    key: ApiKey = request.auth
    return key.organization_id, key.mode
