"""Prebuilt reads: statements built once from model metadata, run on a plain cursor.

The API's hottest reads (a tracker's document version, its rows, the first list page, a public
page's freshness check) are one short indexed query each; through the ORM, compiling the query
cost about as much as running it. The app keeps its statement text (marked as a fast path) and
runs it here; `Columns` turns the rows into the instances the ORM would return (same converters,
same types on SQLite and PostgreSQL) without Model.__init__. Callers give the ORM equivalent
as their fallback, taken when FAST_PATHS is off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from django.db import Error, connections
from django.db.models import Model

from core.fast import enabled
from core.fast.instances import fast_cursor, instance

M = TypeVar("M", bound=Model)
R = TypeVar("R")


class Columns(Generic[M]):
    """The concrete fields of `model` that a prebuilt statement reads (all but `skipped`).

    `sql` is their quoted column list; `build` makes the instance Model.from_db would make from
    one row, the fields left out staying deferred (loaded on access).
    """

    def __init__(self, model: type[M], alias: str, skipped: Iterable[str] = ()) -> None:
        connection = connections[alias]
        left_out = set(skipped)
        fields = [f for f in model._meta.concrete_fields if f.attname not in left_out]
        self.model, self.alias = model, alias
        self.names = [f.attname for f in fields]
        self.sql = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        self.converters: list[tuple[int, list[Callable], object]] = []
        for index, field in enumerate(fields):
            col = field.get_col(model._meta.db_table)
            found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            if found:
                self.converters.append((index, found, col))

    def build(self, row: Iterable[Any], connection: Any = None) -> M:
        """The instance for one row (`connection`: the alias's, when the caller has it at hand)."""
        connection = connection or connections[self.alias]
        values = list(row)
        for index, functions, col in self.converters:
            for function in functions:
                values[index] = function(values[index], col, connection)
        return instance(self.model, dict(zip(self.names, values, strict=True)), db=self.alias)

    def build_all(self, rows: Iterable[Iterable[Any]]) -> list[M]:
        connection = connections[self.alias]
        return [self.build(row, connection) for row in rows]


def checked_read(connection: Any, read: Callable[[], R]) -> R:
    """`read` (one idempotent read) with the request's connection health check folded into it.

    With CONN_HEALTH_CHECKS on, Django sends `SELECT 1` before a request's first query on a reused
    connection: a second round trip for an API read that makes one. Here the read itself is the
    check: it runs at once, and if it fails and the connection then proves dead, the connection is
    replaced and the read runs again, as the health check would have made it. A failure on a live
    connection is raised as it is. With FAST_PATHS off, Django's own health check runs.
    """
    if (
        not enabled()
        or connection.connection is None
        or connection.health_check_done
        or not connection.health_check_enabled
    ):
        return read()
    connection.health_check_done = True
    try:
        return read()
    except Error:  # OperationalError, or InterfaceError on a closed socket
        if connection.in_atomic_block or connection.is_usable():
            raise
    connection.close()
    return read()


def fetchone(alias: str, sql: str, params: list, *, checked: bool = False) -> tuple | None:
    """The first row of a prebuilt statement (through checked_read when `checked`)."""
    connection = connections[alias]

    def run() -> tuple | None:
        with fast_cursor(connection) as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    return checked_read(connection, run) if checked else run()


def fetchall(alias: str, sql: str, params: list, *, checked: bool = False) -> list[tuple]:
    """Every row of a prebuilt statement (through checked_read when `checked`)."""
    connection = connections[alias]

    def run() -> list[tuple]:
        with fast_cursor(connection) as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return checked_read(connection, run) if checked else run()
