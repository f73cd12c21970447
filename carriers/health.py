"""Which couriers refused our credentials lately, for the dashboard's couriers page.

A refused key is the installation's problem, not one tracker's: the refresh engine tells this
module each courier's last outcome, and the couriers page says "refused our credentials" beside it
until a refresh succeeds again. Kept in Django's cache (shared by all workers with Redis); each
process writes only when a courier's state changes, so a busy refresh costs no cache traffic.
"""

from __future__ import annotations

from datetime import datetime

from django.core.cache import cache
from django.utils import timezone

from carriers.base import AuthenticationFailure, CarrierError

KEY = "carrier-health:{code}"
KEEP_SECONDS = 7 * 24 * 3600

# This process's last written state per courier: True while refused.
_written: dict[str, bool] = {}


def record(code: str, error: CarrierError | None) -> None:
    """Note one refresh's outcome for `code`: refused credentials, or anything else."""
    refused = isinstance(error, AuthenticationFailure)
    if error is not None and not refused:
        return  # a timeout or a 5xx says nothing about our credentials
    if _written.get(code) == refused:
        return
    if refused:
        cache.set(KEY.format(code=code), {"message": str(error)[:300], "at": timezone.now()}, KEEP_SECONDS)
    else:
        cache.delete(KEY.format(code=code))
    _written[code] = refused


def refusals(codes: list[str]) -> dict[str, tuple[str, datetime]]:
    """code -> (the carrier's words, when) for the couriers whose last answer refused our credentials."""
    found = cache.get_many([KEY.format(code=code) for code in codes])
    return {key.split(":", 1)[1]: (value["message"], value["at"]) for key, value in found.items()}


def forget() -> None:
    """Tests and key rotation: this process writes again on the next outcome."""
    _written.clear()
