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

    A block of request numbers is reserved with one counter update; a request passes when its
    number is within the limit. Numbers are unique across processes, so no more than the limit
    ever pass in a window, whatever the number of workers and threads. Every number a process
    reserves is handed out before it reserves again, including when two of its threads reserve at
    once (each block is added to the process's pool, never put in place of another), so under
    load every number up to the limit is used. Blocks shrink as the window fills (a sixteenth of
    what the counter has left, at most limit/50, 1 for small limits), so a process whose callers
    stop mid-window leaves few numbers unused.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # ident -> (window, highest number reserved so far, [[next, last], ...] still to hand out)
        self._pools: dict[str, tuple[int, int, list[list[int]]]] = {}

    @staticmethod
    def block_size(limit: int, reserved: int = 0) -> int:
        """Numbers to reserve at once when the counter stood at `reserved` (or more) of `limit`."""
        return max(1, min(limit // 50, (limit - reserved) // 16))

    def _take(self, ident: str, window: int) -> int | None:
        held = self._pools.get(ident)
        if held is None or held[0] != window:
            return None
        for block in held[2]:
            if block[0] <= block[1]:
                block[0] += 1
                if block[0] > block[1]:
                    held[2].remove(block)
                return block[0] - 1
        return None

    def number(self, ident: str, window: int, limit: int, ttl: int) -> int:
        """This request's number in its window (1 for the first request of all processes)."""
        with self._lock:
            taken = self._take(ident, window)
            held = self._pools.get(ident)
            reserved = held[1] if held is not None and held[0] == window else 0
        if taken is not None:
            return taken
        size = self.block_size(limit, reserved)
        last = counter().hit(ident, window, ttl, size)
        with self._lock:
            if len(self._pools) > 10_000:  # one entry per recent caller; forget them all now and then
                self._pools.clear()
            held = self._pools.get(ident)
            if held is not None and held[0] > window:  # another thread has moved on to the next window
                return last - size + 1
            if held is None or held[0] != window:
                held = (window, last, [])
            blocks = held[2]
            if size > 1:
                blocks.append([last - size + 2, last])
            self._pools[ident] = (window, max(held[1], last), blocks)
        return last - size + 1

    def clear(self) -> None:
        with self._lock:
            self._pools.clear()


reservations = Reservations()


@lru_cache(maxsize=1)
def _counter(store: str, redis_url: str) -> Counter:
    if store == "redis" and redis_url:
        return RedisCounter(redis_url)
    return DatabaseCounter()


def counter() -> Counter:
    """The store RATE_LIMIT_STORE names: "redis" (the default when REDIS_URL is set) or "database"."""
    return _counter(settings.RATE_LIMIT_STORE, settings.REDIS_URL)
