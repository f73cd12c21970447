"""Request counters that every web process and machine shares, so a rate limit holds across them.

The counters themselves (Redis when REDIS_URL is set, else an upsert on the shared database) are
core/counters.py, shared with the carriers' request budgets; this module reserves request numbers
from them in blocks.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from django.conf import settings

from api.models import RateWindow
from core import counters
from core.counters import Counter, RedisCounter

__all__ = ["Counter", "DatabaseCounter", "RedisCounter", "Reservations", "counter", "reservations"]


class DatabaseCounter(counters.DatabaseCounter):
    """The API's counters, in its own table (one bucket per rate window)."""

    def __init__(self) -> None:
        super().__init__(RateWindow._meta.db_table, keep=1)


class Reservations:
    """This process's share of each caller's window, taken from the shared counter in blocks.

    A block of B request numbers is reserved with one counter update; a request passes when its
    number is within the limit. Numbers are unique across processes, so no more than the limit
    ever pass in a window, whatever the number of workers; at worst a process's unused numbers go
    unused (B - 1 per process per window). B is 1 for small limits, so they stay exact.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._blocks: dict[str, tuple[int, int, int]] = {}  # ident -> (window, next number, last number)

    @staticmethod
    def block_size(limit: int) -> int:
        return max(1, limit // 50)

    def number(self, ident: str, window: int, limit: int, ttl: int) -> int:
        """This request's number in its window (1 for the first request of all processes)."""
        with self._lock:
            held = self._blocks.get(ident)
            if held is not None and held[0] == window and held[1] <= held[2]:
                self._blocks[ident] = (window, held[1] + 1, held[2])
                return held[1]
        size = self.block_size(limit)
        last = counter().hit(ident, window, ttl, size)
        with self._lock:
            if len(self._blocks) > 10_000:  # one entry per recent caller; forget them all now and then
                self._blocks.clear()
            self._blocks[ident] = (window, last - size + 2, last)
        return last - size + 1

    def clear(self) -> None:
        with self._lock:
            self._blocks.clear()


reservations = Reservations()


@lru_cache(maxsize=1)
def _counter(store: str, redis_url: str) -> Counter:
    if store == "redis" and redis_url:
        return RedisCounter(redis_url)
    return DatabaseCounter()


def counter() -> Counter:
    """The store RATE_LIMIT_STORE names: "redis" (the default when REDIS_URL is set) or "database"."""
    return _counter(settings.RATE_LIMIT_STORE, settings.REDIS_URL)
