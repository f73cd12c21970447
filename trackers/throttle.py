"""Carrier accounts' shared state: request budgets counted in windows, pauses and circuits.

Every worker on every machine counts its requests on the same counters (core/counters.py: Redis
when configured, else the database), so a budget holds whatever the number of workers. A request
is counted before it is sent, in the window it is sent in: `reserve` adds the requests wanted to
every window of the account at once and grants only what fits under every limit, giving the rest
back, so the requests granted never exceed a limit in any window (a count that a give-back has not
caught up with only makes another worker's grant smaller, never larger).

A 429 pauses the account for everyone until its Retry-After; consecutive 5xx or timeouts open its
circuit, after which one worker at a time probes it; the first answer closes it. That state is one
row per account (CarrierAccount), written only when something goes wrong or recovers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from carriers.budgets import Limit
from core.backoff import exponential
from core.counters import Counter, DatabaseCounter, RedisCounter
from trackers.models import CarrierAccount, CarrierWindow

# How far ahead a claim plans: the schedule claims every minute.
CLAIM_HORIZON = 60
# How long one probe of an open circuit may take before another worker may probe instead.
PROBE_SECONDS = 60
CIRCUIT_CAP = timedelta(hours=1)
RESERVE_ATTEMPTS = 4
KEEP_WINDOWS = 2 * 86400  # database rows of windows older than this are swept


@lru_cache(maxsize=1)
def _counter(store: str, redis_url: str) -> Counter:
    if store == "redis" and redis_url:
        return RedisCounter(redis_url, prefix="carrierbudget")
    return DatabaseCounter(CarrierWindow._meta.db_table, keep=KEEP_WINDOWS)


def counter() -> Counter:
    """The store the API rate limit uses too (RATE_LIMIT_STORE): Redis when REDIS_URL is set."""
    return _counter(settings.RATE_LIMIT_STORE, settings.REDIS_URL)


def window_start(limit: Limit, at: datetime) -> int:
    """The start of the window `at` falls in, in epoch seconds (windows are aligned on UTC time)."""
    stamp = int(at.timestamp())
    return stamp - stamp % limit.period


def window_end(limit: Limit, at: datetime) -> datetime:
    return datetime.fromtimestamp(window_start(limit, at) + limit.period, tz=UTC)


def _ident(account: str, limit: Limit) -> str:
    return f"{account}:{limit.period}"


@dataclass
class Grant:
    count: int
    windows: dict[int, int]  # period -> window start, the windows the count was taken from
    # When the limit that refused (granted less than wanted) resets.
    resets_at: datetime | None = None


def reserve(account: str, wanted: int, limits: tuple[Limit, ...] | list[Limit], at: datetime) -> Grant:
    """Take up to `wanted` requests from every limit's current window at once; what fits under all.

    Each attempt first reads the counts and asks only for what seems to fit, so workers reserving
    at once inflate the counts for each other by little; an attempt that another worker's
    reservation squeezed out (it will give back what it cannot use) looks again, a few times.
    """
    windows = {limit.period: window_start(limit, at) for limit in limits}
    if not limits:
        return Grant(wanted, windows)
    store = counter()
    for _attempt in range(RESERVE_ATTEMPTS):
        room, resets_at = wanted, None
        for limit in limits:
            free = limit.count - store.peek(_ident(account, limit), windows[limit.period])
            if free < wanted:
                end = window_end(limit, at)
                resets_at = end if resets_at is None else max(resets_at, end)
            room = min(room, free)
        if room <= 0:
            return Grant(0, windows, resets_at)
        granted = room
        for limit in limits:
            count = store.hit(_ident(account, limit), windows[limit.period], limit.period + 60, room)
            granted = min(granted, max(0, limit.count - (count - room)))
        if granted < room:
            for limit in limits:
                store.give_back(_ident(account, limit), windows[limit.period], room - granted)
        if granted:
            return Grant(granted, windows, resets_at if granted < wanted else None)
    return Grant(0, windows, resets_at)


def release(account: str, limits: tuple[Limit, ...] | list[Limit], windows: dict[int, int], unused: int) -> None:
    """Give back requests reserved and never sent (only matters while their window lasts)."""
    if unused > 0:
        store = counter()
        for limit in limits:
            if limit.period in windows:
                store.give_back(_ident(account, limit), windows[limit.period], unused)


def used(account: str, limit: Limit, at: datetime) -> int:
    return counter().peek(_ident(account, limit), window_start(limit, at))


def capacity(account: str, limits: tuple[Limit, ...], at: datetime, claimed: int = 0) -> int:
    """Requests the account can still send within the next claim horizon (short windows refill).

    `claimed`: requests this claim run already promised against the short windows.
    """
    room = math.inf
    for limit in limits:
        if limit.short:
            room = min(room, limit.count * math.ceil(CLAIM_HORIZON / limit.period) - claimed)
        else:
            room = min(room, max(0, limit.count - used(account, limit, at)))
    return int(room) if room != math.inf else 10**9


# --- pauses and circuits -------------------------------------------------------------------------


def states(accounts: list[str] | set[str]) -> dict[str, CarrierAccount]:
    return {row.account: row for row in CarrierAccount.objects.filter(account__in=sorted(accounts))}


def blocked(state: CarrierAccount | None, now: datetime) -> tuple[str, datetime] | None:
    """("throttled" | "down", until) when the account may not be asked now; None when it may (or may be probed)."""
    if state is None:
        return None
    if state.paused_until and state.paused_until > now:
        return "throttled", state.paused_until
    if state.circuit_open_until:
        if state.circuit_open_until > now:
            return "down", state.circuit_open_until
        if state.probe_until and state.probe_until > now:
            return "down", state.probe_until
    return None


def circuit_state(state: CarrierAccount | None, now: datetime) -> str:
    """closed, open, or half-open (open, and due for a probe)."""
    if state is None or state.circuit_open_until is None:
        return "closed"
    return "open" if state.circuit_open_until > now else "half-open"


def take_probe(account: str, now: datetime) -> bool:
    """True for the one worker allowed to probe an open circuit whose pause has passed."""
    return bool(
        CarrierAccount.objects.filter(account=account, circuit_open_until__lte=now)
        .filter(Q(probe_until__isnull=True) | Q(probe_until__lte=now))
        .update(probe_until=now + timedelta(seconds=PROBE_SECONDS))
    )


def pause(account: str, until: datetime, message: str = "") -> None:
    """A 429: nobody asks this account again before `until`."""
    with transaction.atomic():
        row, _ = CarrierAccount.objects.select_for_update().get_or_create(account=account)
        if row.paused_until is None or row.paused_until < until:
            row.paused_until = until
        row.last_error = message[:300]
        row.updated_at = timezone.now()
        row.save()


def failed(account: str, now: datetime, message: str = "") -> CarrierAccount:
    """A 5xx or timeout: count it; at the threshold (or a failed probe) the circuit opens."""
    with transaction.atomic():
        row, _ = CarrierAccount.objects.select_for_update().get_or_create(account=account)
        row.failures += 1
        probing = row.circuit_open_until is not None
        if probing or row.failures >= settings.CARRIER_CIRCUIT_FAILURES:
            row.circuit_opens += 1
            pause_for = exponential(
                row.circuit_opens, base=timedelta(seconds=settings.CARRIER_CIRCUIT_SECONDS), factor=2, cap=CIRCUIT_CAP
            )
            row.circuit_open_until = now + pause_for
            row.probe_until = None
        row.last_error = message[:300]
        row.updated_at = now
        row.save()
        return row


def answered(account: str, now: datetime) -> None:
    """The carrier answered: failures forgotten, the circuit closed."""
    CarrierAccount.objects.filter(account=account).filter(
        Q(failures__gt=0) | Q(circuit_open_until__isnull=False)
    ).update(failures=0, circuit_open_until=None, circuit_opens=0, probe_until=None, updated_at=now)
