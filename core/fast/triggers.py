"""Database triggers that keep a derived table exact: installing, checking and repairing them.

A trigger sees every write whatever its path (the ORM, the bulk paths' COPY and `UPDATE … FROM
unnest`, cascades, the admin), so a table it keeps (the overview's tally, trackers/tally.py) needs
no Python on any write path. The app keeps its trigger text, per database; this module runs it.

Triggers are schema, created by a migration, so they exist whatever FAST_PATHS says: the switch
must turn on and off without a migration, and a table the triggers kept all along is exact the
moment it does. With FAST_PATHS off nothing reads such a table; the app reads the source rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, transaction

VENDORS = ("postgresql", "sqlite")


def present(table: str, names: frozenset[str], using: str = "default") -> set[str]:
    """The triggers among `names` that exist on `table` in database `using`."""
    conn = connections[using]
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [conn.ops.quote_name(table)],
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
        return {name for (name,) in cursor.fetchall()} & names


class Direct:
    """What a trigger installer uses of a schema editor (`connection`, `execute`), on a plain
    connection: SQLite's schema editor cannot run inside the transaction that keeps a recount exact."""

    def __init__(self, conn: Any) -> None:
        self.connection = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params or None)


def ensure(
    table: str, names: frozenset[str], derived_table: str, reinstall: Callable[[Direct], None], using: str = "default"
) -> bool:
    """Re-install `table`'s triggers (and rebuild what they keep) when any is missing; True if it did.

    SQLite alters a column by rebuilding the table, which drops its triggers. `reinstall` drops
    what is left, creates them all and recounts, in one transaction, so the derived table is
    exact again whatever changed meanwhile. Nothing happens on another database, or before the
    migration that creates `derived_table`.
    """
    conn = connections[using]
    if conn.vendor not in VENDORS or derived_table not in conn.introspection.table_names():
        return False
    if present(table, names, using) == names:
        return False
    with transaction.atomic(using=using):
        reinstall(Direct(conn))
    return True


def execute(statements: Sequence[str], using: str = "default") -> None:
    """Run trigger maintenance statements (an app's own SQL text) in one transaction."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
