"""Asking a carrier about several numbers in one call, where its API takes them together.

Carriers ration calls, not numbers: 17TRACK's `gettrackinfo` and `register` take up to 40
numbers a call, FedEx's Track API up to 30 `trackingInfo` entries. An adapter that can ask for
several numbers at once says so with two attributes (the `Batching` protocol):

- `batch_size`: how many numbers one call takes;
- `track_many(asks, now=…, more=…)`: the answer per number, a `TrackingResult` or the
  `CarrierError` the carrier gave for that number alone (unknown, refused). An error of the
  whole call (429, 5xx, refused credentials) is raised, as `track` raises it, and is every
  number's answer. `more()` is asked before each further call the adapter needs for the same
  numbers (17TRACK's register round); when it says no, those numbers get `NotAsked`.

Optionally `batch_group(details)`: numbers with different groups never share a call (FedEx takes
the locale per call, in a header). Every other adapter is a batch of one: `track_many` here calls
its `track`, so the refresh has one path for all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar, runtime_checkable

from carriers.base import NO_DETAILS, Adapter, CarrierError, Details, TemporaryFailure, TrackingResult

T = TypeVar("T")

Answers = dict[str, TrackingResult | CarrierError]


@dataclass(frozen=True)
class Ask:
    """One number to ask about, with what its tracker knows (each carrier passes on what it takes)."""

    number: str
    created_at: datetime
    details: Details = NO_DETAILS


class NotAsked(CarrierError):
    """The carrier account's budget had no request left for a further call about this number."""

    code = "not_asked"


def always() -> bool:
    return True


@runtime_checkable
class Batching(Protocol):
    batch_size: int

    def track_many(self, asks: Sequence[Ask], *, now: datetime, more: Callable[[], bool] = always) -> Answers: ...


def batch_size(adapter: Adapter) -> int:
    return max(1, adapter.batch_size) if isinstance(adapter, Batching) else 1


def batch_group(adapter: Adapter, details: Details) -> str:
    """Numbers of different groups go in different calls ("" for every number of most adapters)."""
    group = getattr(adapter, "batch_group", None)
    return group(details) if callable(group) else ""


def track_many(adapter: Adapter, asks: Sequence[Ask], *, now: datetime, more: Callable[[], bool] = always) -> Answers:
    """One call for `asks` (at most the adapter's batch size, one number for an adapter that does
    not batch); raises the CarrierError of the whole call."""
    if isinstance(adapter, Batching):
        return adapter.track_many(asks, now=now, more=more)
    (ask,) = asks
    return {ask.number: adapter.track(ask.number, created_at=ask.created_at, now=now, details=ask.details)}


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def unanswered(number: str, carrier: str) -> CarrierError:
    """A number the carrier's answer left out: ask again later."""
    return TemporaryFailure(f"{carrier} said nothing about {number} in its answer.")
