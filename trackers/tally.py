"""The overview's exact counts without scanning every tracker: a tally kept by triggers (a fast path).

Counting an organization's trackers by status, and its deliveries per day and per courier,
reads every one of its trackers; at 100,000 that cost the dashboard overview 150-250 ms. The
database itself keeps `trackers_trackertally` instead: a trigger on `trackers_tracker` turns
every insert, update and delete into signed deltas (+1 for the row as it is now, -1 for the
row as it was), so every write path counts, including the refresh's bulk `UPDATE … FROM unnest`,
COPY, cascades and the admin. Deltas are only ever inserted, so concurrent refresh workers never
wait on a shared counter row or deadlock on one; `compact` (scheduled every minute) folds them
into one row per key, so a read sums a few hundred rows at most.

On PostgreSQL the trigger is per statement, with transition tables: one insert of grouped deltas
per statement, nothing for statements that change no counted column. SQLite (the one-machine
default) has only row triggers, which is fine at its scale.

Deliveries are tallied by UTC day, so the 90-day transit chart counts whole days.

The trigger text is this app's; core.fast.triggers installs, checks and repairs it. With
FAST_PATHS off the reads below count the trackers themselves through the ORM (the triggers stay,
being schema: the tally is exact the moment the setting comes back on).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.db.models import Count, Sum

from carriers.statuses import Status
from core.fast import enabled, triggers
from trackers.models import Tracker, TrackerTally

TABLE = "trackers_trackertally"
COLUMNS = "organization_id, mode, status, courier, delivered_on, trackers, transit_ms"

# --- PostgreSQL: one statement-level trigger for insert, update and delete ------------------------

# The key and measures of one tracker row `r`, as the tally counts it.
_PG_ROW = """
    r.organization_id, r.mode, r.status,
    CASE WHEN r.status = 'delivered' AND r.delivered_at IS NOT NULL THEN r.courier ELSE '' END AS courier,
    CASE WHEN r.status = 'delivered' AND r.delivered_at IS NOT NULL
         THEN (r.delivered_at AT TIME ZONE 'UTC')::date END AS delivered_on,
    CASE WHEN r.status = 'delivered' AND r.delivered_at IS NOT NULL
         THEN round(extract(epoch FROM r.delivered_at - r.created_at) * 1000)::bigint ELSE 0 END AS transit_ms
"""

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION trackers_tally_deltas() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {TABLE} ({COLUMNS})
        SELECT organization_id, mode, status, courier, delivered_on, count(*), sum(transit_ms)
        FROM (SELECT {_PG_ROW} FROM new_rows r) d
        GROUP BY 1, 2, 3, 4, 5;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO {TABLE} ({COLUMNS})
        SELECT organization_id, mode, status, courier, delivered_on, -count(*), -sum(transit_ms)
        FROM (SELECT {_PG_ROW} FROM old_rows r) d
        GROUP BY 1, 2, 3, 4, 5;
    ELSE
        INSERT INTO {TABLE} ({COLUMNS})
        SELECT organization_id, mode, status, courier, delivered_on, sum(n), sum(transit_ms * n)
        FROM (
            SELECT {_PG_ROW}, -1 AS n FROM old_rows r
            UNION ALL
            SELECT {_PG_ROW}, 1 AS n FROM new_rows r
        ) d
        GROUP BY 1, 2, 3, 4, 5
        HAVING sum(n) <> 0 OR sum(transit_ms * n) <> 0;
    END IF;
    RETURN NULL;
END $$;
"""

PG_TRIGGERS = [
    "CREATE TRIGGER trackers_tally_insert AFTER INSERT ON trackers_tracker "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION trackers_tally_deltas()",
    "CREATE TRIGGER trackers_tally_update AFTER UPDATE ON trackers_tracker "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION trackers_tally_deltas()",
    "CREATE TRIGGER trackers_tally_delete AFTER DELETE ON trackers_tracker "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION trackers_tally_deltas()",
]

PG_DROP = [
    "DROP TRIGGER IF EXISTS trackers_tally_insert ON trackers_tracker",
    "DROP TRIGGER IF EXISTS trackers_tally_update ON trackers_tracker",
    "DROP TRIGGER IF EXISTS trackers_tally_delete ON trackers_tracker",
    "DROP FUNCTION IF EXISTS trackers_tally_deltas()",
]

# --- SQLite: row triggers -------------------------------------------------------------------------


def _sqlite_row(row: str, sign: int) -> str:
    """The tally's columns for tracker row `row` (NEW, OLD or an alias), counted with `sign`."""
    delivered = f"{row}.status = 'delivered' AND {row}.delivered_at IS NOT NULL"
    return (
        f"SELECT {row}.organization_id AS organization_id, {row}.mode AS mode, {row}.status AS status, "
        f"CASE WHEN {delivered} THEN {row}.courier ELSE '' END AS courier, "
        f"CASE WHEN {delivered} THEN date({row}.delivered_at) END AS delivered_on, {sign} AS trackers, "
        f"CASE WHEN {delivered} THEN {sign} * CAST(round((julianday({row}.delivered_at) "
        f"- julianday({row}.created_at)) * 86400000) AS INTEGER) ELSE 0 END AS transit_ms"
    )


_COUNTED = ("organization_id", "mode", "status", "courier", "delivered_at", "created_at")

SQLITE_TRIGGERS = [
    f"CREATE TRIGGER trackers_tally_insert AFTER INSERT ON trackers_tracker BEGIN "
    f"INSERT INTO {TABLE} ({COLUMNS}) {_sqlite_row('NEW', 1)}; END",
    f"CREATE TRIGGER trackers_tally_delete AFTER DELETE ON trackers_tracker BEGIN "
    f"INSERT INTO {TABLE} ({COLUMNS}) {_sqlite_row('OLD', -1)}; END",
    f"CREATE TRIGGER trackers_tally_update AFTER UPDATE OF {', '.join(_COUNTED)} ON trackers_tracker "
    f"WHEN {' OR '.join(f'OLD.{c} IS NOT NEW.{c}' for c in _COUNTED)} BEGIN "
    f"INSERT INTO {TABLE} ({COLUMNS}) {_sqlite_row('OLD', -1)}; "
    f"INSERT INTO {TABLE} ({COLUMNS}) {_sqlite_row('NEW', 1)}; END",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS trackers_tally_insert",
    "DROP TRIGGER IF EXISTS trackers_tally_delete",
    "DROP TRIGGER IF EXISTS trackers_tally_update",
]


def install(schema_editor) -> None:
    """Create the triggers and count the trackers already there (used by the migration).

    On PostgreSQL CREATE TRIGGER locks the table against writes until the migration commits, so
    no write falls between the count and the trigger.
    """
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
        for statement in PG_TRIGGERS:
            schema_editor.execute(statement)
        schema_editor.execute(
            f"INSERT INTO {TABLE} ({COLUMNS}) "
            f"SELECT organization_id, mode, status, courier, delivered_on, count(*), sum(transit_ms) "
            f"FROM (SELECT {_PG_ROW} FROM trackers_tracker r) d GROUP BY 1, 2, 3, 4, 5"
        )
    else:
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)
        schema_editor.execute(
            f"INSERT INTO {TABLE} ({COLUMNS}) SELECT organization_id, mode, status, courier, delivered_on, "
            f"sum(trackers), sum(transit_ms) FROM ({_sqlite_row('r', 1)} FROM trackers_tracker r) "
            "GROUP BY 1, 2, 3, 4, 5"
        )


TRIGGER_NAMES = frozenset({"trackers_tally_insert", "trackers_tally_update", "trackers_tally_delete"})


def triggers_present(using: str = "default") -> set[str]:
    """The tally's triggers that exist on trackers_tracker in database `using`."""
    return triggers.present("trackers_tracker", TRIGGER_NAMES, using)


def ensure_triggers(sender=None, using: str = "default", **kwargs) -> bool:
    """After migrations: re-install the triggers and recount when any is missing; True if it did.

    SQLite alters a column by rebuilding the table, which drops its triggers (migration
    trackers/0009 avoids that; a later AlterField on Tracker would not).
    """

    def reinstall(editor: triggers.Direct) -> None:
        TrackerTally.objects.using(using).all().delete()
        uninstall(editor)  # the ones left, so install() creates all three
        install(editor)

    return triggers.ensure("trackers_tracker", TRIGGER_NAMES, TABLE, reinstall, using)


def uninstall(schema_editor) -> None:
    for statement in PG_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP:
        schema_editor.execute(statement)


# --- compaction -----------------------------------------------------------------------------------

_FOLD = (
    "SELECT organization_id, mode, status, courier, delivered_on, sum(trackers), sum(transit_ms) FROM {source} "
    "WHERE organization_id IN (SELECT id FROM accounts_organization) "
    "GROUP BY 1, 2, 3, 4, 5 HAVING sum(trackers) <> 0 OR sum(transit_ms) <> 0"
)


def compact() -> int:
    """Fold the deltas into one row per key; returns the rows left. Safe beside any writer.

    PostgreSQL: one statement deletes the rows its snapshot sees and re-inserts their sums, so
    deltas committed meanwhile are untouched, and a second compaction at once skips the rows the
    first deleted. SQLite: its IMMEDIATE transaction holds the only write lock throughout. It runs
    with FAST_PATHS off too: the triggers still add deltas, and this keeps the table small.
    """
    if connection.vendor == "postgresql":
        triggers.execute(
            [
                f"WITH gone AS (DELETE FROM {TABLE} RETURNING {COLUMNS}) "
                f"INSERT INTO {TABLE} ({COLUMNS}) " + _FOLD.format(source="gone")
            ]
        )
    else:
        triggers.execute(
            [
                f"CREATE TEMP TABLE tally_fold AS SELECT {COLUMNS} FROM {TABLE}",
                f"DELETE FROM {TABLE}",
                f"INSERT INTO {TABLE} ({COLUMNS}) " + _FOLD.format(source="tally_fold"),
                "DROP TABLE tally_fold",
            ]
        )
    return TrackerTally.objects.count()


# --- reading --------------------------------------------------------------------------------------


def _scope(organization_id: int, mode: str):
    return TrackerTally.objects.filter(organization_id=organization_id, mode=mode)


def by_status(organization_id: int, mode: str) -> dict[str, int]:
    if not enabled():
        counted = _trackers(organization_id, mode).values("status").annotate(n=Count("id"))
        return dict(counted.values_list("status", "n"))
    rows = _scope(organization_id, mode).values("status").annotate(n=Sum("trackers")).values_list("status", "n")
    return {status: n for status, n in rows if n}


def deliveries_by_day(organization_id: int, mode: str, first: date) -> dict[date, int]:
    if not enabled():
        return dict(
            Counter(delivered.astimezone(UTC).date() for _, _, delivered in _delivered(organization_id, mode, first))
        )
    rows = (
        _scope(organization_id, mode)
        .filter(status="delivered", delivered_on__gte=first)
        .values("delivered_on")
        .annotate(n=Sum("trackers"))
        .values_list("delivered_on", "n")
    )
    return {day: n for day, n in rows if n}


def transit_by_courier(organization_id: int, mode: str, first: date) -> list[tuple[str, int, int]]:
    """(courier, deliveries, total transit in ms) for deliveries on or after `first`."""
    if not enabled():
        sums: dict[str, list[int]] = {}
        for courier, created, delivered in _delivered(organization_id, mode, first):
            entry = sums.setdefault(courier, [0, 0])
            entry[0] += 1
            entry[1] += _milliseconds(delivered - created)
        return [(courier, n, ms) for courier, (n, ms) in sums.items()]
    rows = (
        _scope(organization_id, mode)
        .filter(status="delivered", delivered_on__gte=first)
        .values("courier")
        .annotate(n=Sum("trackers"), ms=Sum("transit_ms"))
        .values_list("courier", "n", "ms")
    )
    return [(courier, n, ms) for courier, n, ms in rows if n]


# --- with FAST_PATHS off: the trackers themselves, through the ORM ---------------------------------


def _trackers(organization_id: int, mode: str):
    return Tracker.objects.filter(organization_id=organization_id, mode=mode)


def _delivered(organization_id: int, mode: str, first: date):
    """(courier, created_at, delivered_at) of the trackers delivered on or after UTC day `first`."""
    since = datetime(first.year, first.month, first.day, tzinfo=UTC)
    delivered = _trackers(organization_id, mode).filter(status=Status.DELIVERED, delivered_at__gte=since)
    return delivered.values_list("courier", "created_at", "delivered_at").iterator()


def _milliseconds(transit: timedelta) -> int:
    """Whole milliseconds, half away from zero, as the triggers' round() counts them."""
    micro = transit // timedelta(microseconds=1)
    return (abs(micro) + 500) // 1000 * (1 if micro >= 0 else -1)
