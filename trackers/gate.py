"""One refresh batch's door to the carriers: each request passes its account's budget and state first.

Before a live tracker's carrier is asked, the gate checks the account's pause and circuit and
takes one request from its budget (trackers/throttle.py). Requests are taken in blocks, one block
per account and window for the batch's trackers of that account, so a batch costs one counter
update per account and window, not one per request. A claim may hand the gate requests it already
reserved for the long windows (a `Permit`); the gate uses them only while those windows last.
Windows shorter than a minute are paced: when one is spent, the worker waits for the next
(at most PACE_SECONDS), as the carrier would have it wait.

A refused tracker is not asked: it gets a `Refusal` (why, and when to try again), which the
refresh turns into a staleness reason and a later check.
"""

from __future__ import annotations

import time
from collections import Counter as Tally
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from carriers import budgets
from carriers.base import CarrierError, RateLimited, TemporaryFailure
from carriers.registry import AGGREGATOR, get_courier
from trackers import throttle
from trackers.models import CarrierAccount, Tracker
from trackers.staleness import Staleness

PACE_SECONDS = 2.0


def margin(limit: budgets.Limit) -> float:
    """Seconds at the end of a window in which no request of it is sent (a tenth, at most one second)."""
    return min(limit.period / 10, 1.0)


# When a probe of an open circuit is out elsewhere, look again this much later.
PROBE_RETRY = timedelta(seconds=30)


@dataclass(frozen=True)
class Refusal:
    reason: str  # a Staleness value
    until: datetime


@dataclass
class Permit:
    """Requests a claim reserved in the long windows of an account, for the task it queued."""

    windows: dict[int, int]
    count: int


@dataclass
class _Pool:
    windows: dict[int, int]
    left: int


def account_of(tracker: Tracker, cache: dict[str, str | None] | None = None) -> str | None:
    """The budgeted account a live tracker's refresh is counted on; None when no budget applies."""
    if tracker.mode != "live":
        return None
    if cache is not None and tracker.courier in cache:
        return cache[tracker.courier]
    account = courier_account(tracker.courier)
    if cache is not None:
        cache[tracker.courier] = account
    return account


def courier_account(code: str) -> str | None:
    """The budgeted account a live courier's requests are counted on (its own API's, or the aggregator's)."""
    courier = get_courier(code)
    if courier is None or courier.code == "sandbox":
        return None
    through = courier.through
    if through is None:
        return None
    account = budgets.account_for(courier.code if through == "direct" else AGGREGATOR)
    return account if budgets.limits(account) else None


@dataclass
class Gate:
    planned: Tally[str] = field(default_factory=Tally)  # account -> calls still to make in this batch
    permits: dict[str, Permit] = field(default_factory=dict)
    pools: dict[tuple[str, bool], _Pool] = field(default_factory=dict)
    states: dict[str, CarrierAccount | None] = field(default_factory=dict)
    probing: set[str] = field(default_factory=set)
    sent: Tally[str] = field(default_factory=Tally)

    def __post_init__(self) -> None:
        for account, permit in self.permits.items():
            self.pools[(account, False)] = _Pool(dict(permit.windows), permit.count)

    def _state(self, account: str) -> CarrierAccount | None:
        if account not in self.states:
            self.states.update({account: None, **throttle.states([account])})
        return self.states[account]

    def admit(self, account: str) -> Refusal | None:
        """None when the request may go; else why not and until when."""
        now = timezone.now()
        state = self._state(account)
        blocked = throttle.blocked(state, now)
        if blocked is not None:
            kind, until = blocked
            return Refusal(Staleness.CARRIER_THROTTLED if kind == "throttled" else Staleness.CARRIER_DOWN, until)
        if state is not None and state.circuit_open_until is not None:
            if account in self.probing or not throttle.take_probe(account, now):
                return Refusal(Staleness.CARRIER_DOWN, now + PROBE_RETRY)
            self.probing.add(account)
        refusal = self._spend(account)
        if refusal is None:
            self.sent[account] += 1
        self.planned[account] = max(0, self.planned[account] - 1)
        return refusal

    def _spend(self, account: str) -> Refusal | None:
        limits = budgets.limits(account)
        taken: list[_Pool] = []
        for short in (False, True):
            chosen = [limit for limit in limits if limit.short == short]
            if not chosen:
                continue
            pool = self._pool(account, short, chosen)
            if isinstance(pool, Refusal):
                return pool
            taken.append(pool)
        for pool in taken:
            pool.left -= 1
        return None

    def _pool(self, account: str, short: bool, limits: list[budgets.Limit]) -> _Pool | Refusal:
        wanted = max(1, self.planned[account])
        deadline = time.monotonic() + PACE_SECONDS
        while True:
            now = timezone.now()
            # A request is sent well inside the window it is counted in, so it also reaches the
            # carrier inside it: the window's last moments are left alone (the worker waits).
            shortest = min(limits)
            left = (throttle.window_end(shortest, now) - now).total_seconds()
            if left < margin(shortest):
                time.sleep(left)
                continue
            current = {limit.period: throttle.window_start(limit, now) for limit in limits}
            pool = self.pools.get((account, short))
            if pool is not None and pool.left > 0 and pool.windows == current:
                return pool
            if short:
                wanted = min(wanted, min(limit.count for limit in limits))
            grant = throttle.reserve(account, wanted, limits, now)
            if grant.count:
                self.pools[(account, short)] = pool = _Pool(grant.windows, grant.count)
                return pool
            resets_at = grant.resets_at or now + timedelta(seconds=1)
            wait = (resets_at - now).total_seconds()
            if not short or time.monotonic() + wait > deadline:
                return Refusal(Staleness.CARRIER_BUDGET, resets_at)
            time.sleep(max(wait, 0.001))  # pacing a short window: the next one starts in under a second or two

    def record(self, account: str, error: CarrierError | None) -> datetime | None:
        """What the carrier's answer to one call says about the account, for every worker; when it
        paused the account (a 429), until when."""
        now = timezone.now()
        state = self.states.get(account)
        if isinstance(error, RateLimited):
            until = now + timedelta(seconds=error.retry_after or settings.CARRIER_PAUSE_SECONDS)
            throttle.pause(account, until, str(error))
            self.states.pop(account, None)
            return until
        elif isinstance(error, TemporaryFailure):
            self.states[account] = throttle.failed(account, now, str(error))
            self.probing.discard(account)
        elif state is not None and (state.failures or state.circuit_open_until is not None):
            throttle.answered(account, now)  # any answer, even "not found", means the carrier is up
            self.states.pop(account, None)
            self.probing.discard(account)
        return None

    def close(self) -> None:
        """Give back what was reserved and not sent, while its window lasts."""
        for (account, short), pool in self.pools.items():
            limits = [limit for limit in budgets.limits(account) if limit.short == short]
            if pool.left > 0:
                throttle.release(account, limits, pool.windows, pool.left)
                pool.left = 0
