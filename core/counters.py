"""Counters in fixed time windows that every process on every machine shares.

With Redis, a count is one INCRBY (with its expiry); otherwise it is one upsert on the database
every process already shares (`INSERT … ON CONFLICT … DO UPDATE … RETURNING`, atomic on
PostgreSQL and SQLite alike). A per-process counter would let N workers each pass the whole limit.
Two users: the API's request rate limit (api/ratelimit.py) and the carriers' request budgets
(trackers/throttle.py), each with its own table and key prefix.
"""

from __future__ import annotations

import threading
from typing import Protocol

from django.db import connection


class Counter(Protocol):
    def hit(self, ident: str, window: int, ttl: int, amount: int = 1) -> int:
        """Add `amount` to `ident` in `window`; the count so far, these included."""
        ...

    def peek(self, ident: str, window: int) -> int:
        """The count of `ident` in `window`, unchanged."""
        ...

    def give_back(self, ident: str, window: int, amount: int) -> None:
        """Take back `amount` that a `hit` added and nobody used."""
        ...


class RedisCounter:
    def __init__(self, url: str, prefix: str = "ratelimit") -> None:
        import redis

        self.client = redis.Redis.from_url(url)
        self.prefix = prefix

    def key(self, ident: str, window: int) -> str:
        return f"{self.prefix}:{ident}:{window}"

    def hit(self, ident: str, window: int, ttl: int, amount: int = 1) -> int:
        pipe = self.client.pipeline(transaction=False)
        pipe.incrby(self.key(ident, window), amount)
        pipe.expire(self.key(ident, window), ttl, nx=True)
        count, _ = pipe.execute()
        return int(count)

    def peek(self, ident: str, window: int) -> int:
        return int(self.client.get(self.key(ident, window)) or 0)

    def give_back(self, ident: str, window: int, amount: int) -> None:
        if amount > 0:
            self.client.decrby(self.key(ident, window), amount)


class DatabaseCounter:
    """Rows (ident, bucket, count) of `table`; rows of buckets older than `keep` are swept now and then."""

    def __init__(self, table: str, keep: int = 1) -> None:
        self.table = table
        self.keep = keep
        self._swept = threading.local()

    def hit(self, ident: str, window: int, ttl: int, amount: int = 1) -> int:
        last = getattr(self._swept, "window", None)
        if last is None or window - last > self.keep or window < last:
            # The first hit this thread sees past the kept span sweeps the finished windows.
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {self.table} WHERE bucket < %s", [window - self.keep])  # noqa: S608 (a model's table name)
            self._swept.window = window
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {self.table} (ident, bucket, count) VALUES (%s, %s, %s) "  # noqa: S608 (a model's table name)
                f"ON CONFLICT (ident, bucket) DO UPDATE SET count = {self.table}.count + %s RETURNING count",
                [ident, window, amount, amount],
            )
            row = cursor.fetchone()
        return int(row[0]) if row else amount

    def peek(self, ident: str, window: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count FROM {self.table} WHERE ident = %s AND bucket = %s", [ident, window])  # noqa: S608
            row = cursor.fetchone()
        return int(row[0]) if row else 0

    def give_back(self, ident: str, window: int, amount: int) -> None:
        if amount > 0:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {self.table} SET count = count - %s WHERE ident = %s AND bucket = %s",  # noqa: S608
                    [amount, ident, window],
                )
