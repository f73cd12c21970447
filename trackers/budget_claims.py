"""Claiming live trackers of budgeted carrier accounts: within the budget, overdue first, fairly.

For each account with due trackers, a claim takes no more than the account can send before the
next claim (trackers/throttle.capacity): nothing while it is paused or its circuit is open (one
tracker, the probe, once the circuit may be probed). The requests of the long windows (minute and
longer) are reserved at the claim and handed to the task (a `Permit`), so the next claim sees
them spent. Among the account's due trackers, each organization's most overdue comes first, then
each one's second, and so on (a row number per organization, by due time): a tenant with 90 % of
the trackers gets no more than the others while they have trackers waiting.

An account that cannot be asked marks its due trackers with the reason (once), so a tracker
shows why it is late while it waits.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from accounts.models import Mode
from carriers import budgets
from carriers.registry import all_couriers
from core.fast.bulk import claim
from trackers import batching, throttle
from trackers.gate import Permit, courier_account
from trackers.models import Tracker
from trackers.staleness import Staleness


@dataclass
class Claim:
    ids: list[int]
    lease_until: datetime
    permits: dict[str, Permit]
    calls: int = 0  # requests the claim's trackers need (fewer than trackers where the carrier batches)


def budgeted_couriers() -> dict[str, list[str]]:
    """account -> the courier codes whose live trackers are counted on it."""
    found: dict[str, list[str]] = defaultdict(list)
    for courier in all_couriers():
        account = courier_account(courier.code)
        if account:
            found[account].append(courier.code)
    return dict(found)


def unbudgeted(due: QuerySet[Tracker]) -> QuerySet[Tracker]:
    """`due` without the live trackers of budgeted accounts (those are claimed by `claim_all`)."""
    codes = sorted(code for codes in budgeted_couriers().values() for code in codes)
    return due.exclude(Q(mode=Mode.LIVE) & Q(courier__in=codes)) if codes else due


def _due(codes: list[str], now: datetime) -> QuerySet[Tracker]:
    return Tracker.objects.filter(active=True, next_refresh_at__lte=now, mode=Mode.LIVE, courier__in=codes)


def fair_order(due: QuerySet[Tracker], count: int) -> list[int]:
    """Up to `count` keys of `due`: every organization's most overdue first, then their second, …"""
    ranked = due.annotate(
        rank=Window(
            RowNumber(), partition_by=[F("organization_id")], order_by=[F("next_refresh_at").asc(), F("pk").asc()]
        )
    )
    return list(ranked.order_by("rank", "next_refresh_at", "pk").values_list("pk", flat=True)[:count])


def _mark(due: QuerySet[Tracker], reason: str) -> None:
    due.exclude(staleness_reason=reason).update(staleness_reason=reason)


def claim_account(account: str, codes: list[str], limit: int, now: datetime, claimed: int = 0) -> Claim | None:
    """One claim of the account's due trackers, or None when it cannot or need not be asked now.

    `claimed`: requests of the account this run already claimed (short windows are not reserved at
    the claim, so the run keeps their count itself). Where the account's carrier takes several
    numbers a call, each request carries that many trackers (trackers/batching.py).
    """
    limits = budgets.limits(account)
    due = _due(codes, now)
    state = throttle.states([account]).get(account)
    blocked = throttle.blocked(state, now)
    if blocked is not None:
        _mark(due, Staleness.CARRIER_THROTTLED if blocked[0] == "throttled" else Staleness.CARRIER_DOWN)
        return None
    room = throttle.capacity(account, limits, now, claimed)
    if state is not None and state.circuit_open_until is not None:
        room = min(room, 1)  # half-open: one probe
    if room <= 0:
        _mark(due, Staleness.CARRIER_BUDGET)
        return None
    size = batching.per_call(codes)
    wanted = fair_order(due, min(room * size, limit))
    if not wanted:
        return None
    if len(wanted) < limit and room * size < limit:  # the budget, not the queue, ends this run's claims
        _mark(due.exclude(pk__in=wanted), Staleness.CARRIER_BUDGET)
    long_limits = [lim for lim in limits if not lim.short]
    grant = throttle.reserve(account, batching.calls(len(wanted), size), long_limits, now)
    if long_limits and grant.count == 0:
        _mark(due, Staleness.CARRIER_BUDGET)
        return None
    wanted = wanted[: grant.count * size] if long_limits else wanted
    lease_until = now + timedelta(seconds=settings.REFRESH_CLAIM_SECONDS)
    chosen = Tracker.objects.filter(pk__in=wanted, active=True, next_refresh_at__lte=now).order_by("next_refresh_at")
    ids = claim(chosen, {"next_refresh_at": lease_until})
    needed = batching.calls(len(ids), size)
    if long_limits:
        throttle.release(account, long_limits, grant.windows, grant.count - needed)
    if not ids:
        return None
    permits = {account: Permit(grant.windows, needed)} if long_limits else {}
    return Claim(ids, lease_until, permits, needed)


def claim_all(max_batches: int, batch_size: int | None = None, now: datetime | None = None) -> list[Claim]:
    """Claims for every budgeted account with due trackers, up to `max_batches` in all."""
    now = now or timezone.now()
    size = batch_size or settings.REFRESH_BATCH_SIZE
    claims: list[Claim] = []
    for account, codes in sorted(budgeted_couriers().items()):
        claimed = 0
        while len(claims) < max_batches:
            found = claim_account(account, codes, size, now, claimed)
            if found is None:
                break
            claims.append(found)
            claimed += found.calls
    return claims
