"""Asking the carriers for a refresh batch: one call per chunk of numbers, one request of budget per call.

Live trackers are grouped by what one call can carry: the same adapter, the same carrier account
(its budget, pause and circuit) and the same batch group (FedEx takes the locale per call), then
cut into chunks of the adapter's batch size (carriers/batching.py). Each chunk passes the account's
gate once and is asked once; a tracker that shares its number with another in the group (two
organizations following one parcel) shares its slot and its answer. An adapter that does not batch
is a batch of one, so every live tracker takes this path. Sandbox trackers, and trackers whose
courier has no adapter, are asked one by one as before (refresh.ask_carrier): no carrier, no budget.

An answer per number becomes that tracker's outcome; an error of the whole call is every tracker's
of the chunk, and the gate hears of the call once. A 429 pauses the account (the gate), and the
chunk's trackers are deferred to the pause's end like the chunks the gate refuses after it: the
account was throttled, the trackers did nothing wrong, so no backoff counts against them.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from django.utils import timezone

from carriers import batching, health
from carriers.base import Adapter, CarrierError, RateLimited, TemporaryFailure
from carriers.registry import get_courier
from trackers import refresh
from trackers.gate import Gate, Refusal, account_of
from trackers.models import Tracker
from trackers.refresh import Outcome, details_of, uses_sandbox
from trackers.staleness import Staleness

log = logging.getLogger(__name__)

# (account, adapter, numbers with their trackers): what one call asks for.
Chunk = tuple[str | None, Adapter, list[tuple[str, list[Tracker]]]]


def ask(trackers: list[Tracker], gate: Gate, now: datetime | None) -> list[Outcome]:
    """Every tracker's outcome: live ones asked in chunks through `gate`, the others one by one."""
    outcomes: list[Outcome] = []
    accounts: dict[str, str | None] = {}
    adapters: dict[str, Adapter | None] = {}
    groups: dict[tuple[str | None, Adapter, str], dict[str, list[Tracker]]] = defaultdict(dict)
    for tracker in trackers:
        adapter = None if uses_sandbox(tracker) else _adapter(tracker.courier, adapters)
        if adapter is None:
            outcomes.append(refresh.ask_carrier(tracker, now or timezone.now()))
            continue
        key = (account_of(tracker, accounts), adapter, batching.batch_group(adapter, details_of(tracker)))
        groups[key].setdefault(tracker.tracking_number, []).append(tracker)
    chunks: list[Chunk] = [
        (account, adapter, list(chunk))
        for (account, adapter, _group), numbers in groups.items()
        for chunk in batching.chunks(list(numbers.items()), batching.batch_size(adapter))
    ]
    gate.planned.update(account for account, _adapter, _numbers in chunks if account)
    for chunk in chunks:
        outcomes.extend(_ask_chunk(chunk, gate, now))
    return outcomes


def _adapter(courier: str, cache: dict[str, Adapter | None]) -> Adapter | None:
    if courier not in cache:
        found = get_courier(courier)
        cache[courier] = found.adapter if found else None
    return cache[courier]


def _ask_chunk(chunk: Chunk, gate: Gate, now: datetime | None) -> list[Outcome]:
    account, adapter, numbers = chunk
    every = [tracker for _number, group in numbers for tracker in group]
    refusal = gate.admit(account) if account else None
    if refusal is not None:
        return [Outcome(tracker, refusal=refusal) for tracker in every]
    refusals: list[Refusal] = []

    def more() -> bool:
        """A further call about these numbers (17TRACK's register round) takes its own request."""
        if account is None:
            return True
        refused = gate.admit(account)
        if refused is not None:
            refusals.append(refused)
        return refused is None

    asked_at = now or timezone.now()
    asks = [batching.Ask(number, group[0].created_at, details_of(group[0])) for number, group in numbers]
    answers: batching.Answers = {}
    failure: CarrierError | None = None
    try:
        answers = batching.track_many(adapter, asks, now=asked_at, more=more)
        failure = next((a for a in answers.values() if isinstance(a, RateLimited)), None)
    except CarrierError as exc:
        failure = exc
    except Exception as exc:  # an adapter bug must not stop the batch; it is logged and backed off
        log.exception("adapter %s failed for %d numbers", adapter.code, len(asks))
        failure = TemporaryFailure(f"Unexpected adapter error: {exc.__class__.__name__}")
    paused = gate.record(account, failure) if account else None
    health.record(every[0].courier, failure)  # refused credentials show on the couriers page
    outcomes = []
    for number, group in numbers:
        answer = answers.get(number) or failure or batching.unanswered(number, adapter.code)
        for tracker in group:
            if isinstance(answer, batching.NotAsked):
                later = Refusal(Staleness.CARRIER_BUDGET, asked_at + timedelta(minutes=1))
                outcomes.append(Outcome(tracker, refusal=refusals[-1] if refusals else later))
            elif isinstance(answer, RateLimited) and paused is not None:
                outcomes.append(Outcome(tracker, refusal=Refusal(Staleness.CARRIER_THROTTLED, paused)))
            elif isinstance(answer, CarrierError):
                outcomes.append(Outcome(tracker, error=answer, asked_at=asked_at))
            else:
                outcomes.append(Outcome(tracker, result=answer, asked_at=asked_at))
    return outcomes


def per_call(codes: list[str]) -> int:
    """Trackers one call of an account carries (a budget counts calls, so a claim takes this many
    trackers for each request it reserves). The couriers of one account share its adapter's kind
    (one direct carrier, or the aggregator for all the others), so the first one tells."""
    adapter = _adapter(codes[0], {}) if codes else None
    return batching.batch_size(adapter) if adapter is not None else 1


def calls(trackers: int, size: int) -> int:
    """Calls that carry `trackers` trackers, `size` a call."""
    return -(-trackers // max(size, 1))
