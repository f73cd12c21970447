"""Bulk writes past the ORM: COPY, staging tables, `UPDATE … FROM unnest`, pipeline mode, claims.

Django's bulk_update builds a CASE WHEN expression per field and row, and bulk_create a placeholder
per value, which cost more CPU than the database's work for a refresh batch. On PostgreSQL, with
FAST_PATHS on, these functions send typed arrays, COPY streams and single statements instead;
otherwise each one is the plain ORM call that does the same (named in its docstring).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from django.db import connection, connections, models, transaction
from django.db.models import F, QuerySet

from core.fast import enabled, on_postgresql

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)


def bulk_update(
    model: type[models.Model],
    objects: Sequence[models.Model],
    fields: Sequence[str],
    *,
    where: dict[str, Any] | None = None,
) -> None:
    """Write `fields` of `objects` to their rows; with `where`, only to rows that still match it."""
    if not objects:
        return
    if not on_postgresql(connection):
        model._default_manager.filter(**(where or {})).bulk_update(objects, fields, batch_size=500)
        return
    meta = model._meta
    columns, casts, params = ["id"], ["bigint[]"], [[obj.pk for obj in objects]]
    for name in fields:
        # `fields` names concrete columns: a Field (never a relation's reverse side), with a database type.
        field = cast("models.Field[Any, Any]", meta.get_field(name))
        db_type = cast(str, field.db_type(connection))
        casts.append("text[]" if db_type.startswith("varchar") or db_type == "text" else f"{db_type}[]")
        columns.append(field.column)
        params.append([field.get_db_prep_save(getattr(obj, field.attname), connection) for obj in objects])
    assignments = ", ".join(f'"{c}" = v."{c}"' for c in columns[1:])
    arrays = ", ".join(f"%s::{cast}" for cast in casts)
    names = ", ".join(f'"{c}"' for c in columns)
    # Only model metadata (table and column names) is interpolated; values travel as parameters.
    table = meta.db_table
    sql = f'UPDATE "{table}" AS t SET {assignments} FROM unnest({arrays}) AS v({names}) WHERE t."id" = v."id"'
    for name, value in (where or {}).items():
        field = cast("models.Field[Any, Any]", meta.get_field(name))
        sql += f' AND t."{field.column}" = %s'
        params.append(field.get_db_prep_save(value, connection))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def insert_ignoring_conflicts(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """Insert rows, skipping any that hit a unique constraint (an event already stored)."""
    if stage(model, objects):
        move_staged(model)


def stage(model: type[models.Model], objects: Sequence[models.Model]) -> bool:
    """The first half of insert_ignoring_conflicts: True when `move_staged` must follow.

    On PostgreSQL the rows stream through COPY into a session-local staging table, and
    `move_staged` moves them with one `INSERT … SELECT … ON CONFLICT DO NOTHING`: COPY skips the
    per-value SQL building that makes bulk_create the most expensive step of a refresh batch, and
    the move can be sent in a pipeline (`overlapped`), which COPY cannot. Elsewhere bulk_create
    inserts them here and nothing follows.
    """
    if not objects:
        return False
    if not on_postgresql(connection):
        model._default_manager.bulk_create(objects, ignore_conflicts=True, batch_size=500)
        return False
    fields, columns, table, staging = _staging(model)
    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    with connection.cursor() as cursor:
        cursor.execute(
            f'CREATE TEMP TABLE IF NOT EXISTS "{staging}" ON COMMIT DELETE ROWS '
            f'AS SELECT {columns} FROM "{table}" WITH NO DATA'
        )
        with cursor.cursor.copy(f'COPY "{staging}" ({columns}) FROM STDIN') as copy:
            for obj in objects:
                copy.write_row(
                    [
                        json.dumps(getattr(obj, f.attname)) if f.attname in json_fields else getattr(obj, f.attname)
                        for f in fields
                    ]
                )
    return True


def move_staged(model: type[models.Model]) -> None:
    """The second half: the staged rows into the table, skipping conflicts; the staging emptied."""
    _fields, columns, table, staging = _staging(model)
    with connection.cursor() as cursor:
        cursor.execute(f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM "{staging}" ON CONFLICT DO NOTHING')
        cursor.execute(f'TRUNCATE "{staging}"')


def _staging(model: type[models.Model]) -> tuple[list[Any], str, str, str]:
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    return fields, ", ".join(f'"{f.column}"' for f in fields), meta.db_table, f"_staging_{meta.db_table}"


def increment_returning(
    model: type[models.Model], pks: Sequence[int], counter: str, *, where: dict[str, Any], values: dict[str, Any]
) -> dict[int, int]:
    """Add one to `counter` and set `values` on the rows of `pks` that match `where`: {pk: new count}.

    One `UPDATE … RETURNING` statement (PostgreSQL, and SQLite since 3.35): the check, the count and
    the write cannot be split by another worker, without a locking read first. Rows that no longer
    match are left out of the answer.
    """
    if not pks:
        return {}
    if not enabled():
        return _increment_with_the_orm(model, pks, counter, where=where, values=values)
    meta = model._meta

    def column(name: str) -> str:
        return cast("models.Field[Any, Any]", meta.get_field(name)).column

    def prep(name: str, value: Any) -> Any:
        return cast("models.Field[Any, Any]", meta.get_field(name)).get_db_prep_save(value, connection)

    pk = f'"{meta.pk.column}"'
    sets = [f'"{column(counter)}" = "{column(counter)}" + 1'] + [f'"{column(n)}" = %s' for n in values]
    conditions = [f"{pk} IN ({', '.join(['%s'] * len(pks))})"] + [f'"{column(n)}" = %s' for n in where]
    params = [prep(n, v) for n, v in values.items()] + list(pks) + [prep(n, v) for n, v in where.items()]
    sql = (
        f'UPDATE "{meta.db_table}" SET {", ".join(sets)} WHERE {" AND ".join(conditions)} '
        f'RETURNING {pk}, "{column(counter)}"'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {int(row[0]): int(row[1]) for row in cursor.fetchall()}


def _increment_with_the_orm(
    model: type[models.Model], pks: Sequence[int], counter: str, *, where: dict[str, Any], values: dict[str, Any]
) -> dict[int, int]:
    """increment_returning through the ORM: lock the matching rows, update them, read the counts."""
    manager = model._default_manager
    with transaction.atomic():
        held = list(manager.select_for_update().filter(pk__in=pks, **where).values_list("pk", flat=True))
        if not held:
            return {}
        manager.filter(pk__in=held).update(**{counter: F(counter) + 1}, **values)
        return dict(manager.filter(pk__in=held).values_list("pk", counter))


def claim(queryset: QuerySet[M], values: dict[str, Any]) -> list[Any]:
    """Set `values` on the rows of `queryset` (ordered and sliced) that no other transaction holds; their keys.

    Workers claiming due rows at once each take different ones (SKIP LOCKED). On PostgreSQL one
    `UPDATE … WHERE pk IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING pk` statement: the claim's
    read and write cost one round trip. Otherwise a transaction locks and reads the keys
    (select_for_update; SQLite's IMMEDIATE transactions serialize claims instead) and updates them.
    """
    model, db = queryset.model, queryset.db
    conn = connections[db]
    keys = queryset.values_list("pk", flat=True)
    if on_postgresql(conn):
        meta = model._meta
        # Compiled without select_for_update (which refuses to compile outside a transaction): the
        # lock clause goes last, after LIMIT, where Django puts it too.
        inner, inner_params = keys.query.get_compiler(using=db).as_sql()
        locking = conn.ops.for_update_sql(skip_locked=True)
        fields = [cast("models.Field[Any, Any]", meta.get_field(name)) for name in values]
        sets = ", ".join(f"{conn.ops.quote_name(f.column)} = %s" for f in fields)
        pk = conn.ops.quote_name(meta.pk.column)
        sql = f"UPDATE {conn.ops.quote_name(meta.db_table)} SET {sets} WHERE {pk} IN ({inner} {locking}) RETURNING {pk}"
        params = [f.get_db_prep_save(value, conn) for f, value in zip(fields, values.values(), strict=True)]
        with conn.cursor() as cursor:
            cursor.execute(sql, [*params, *inner_params])
            return [row[0] for row in cursor.fetchall()]
    with transaction.atomic(using=db):
        ids = list(keys.select_for_update(skip_locked=True))
        if ids:
            model._default_manager.db_manager(db).filter(pk__in=ids).update(**values)
    return ids


def commit_without_waiting_for_disk() -> None:
    """PostgreSQL: this transaction's commit does not wait for its WAL to reach the disk.

    `SET LOCAL synchronous_commit TO OFF`, for small transactions committed one after another
    (webhook attempt logs), which would otherwise each wait on a disk flush. The commit is still
    visible at once and survives any client's death; only a crash of the database server itself
    can lose the last fraction of a second of them. With FAST_PATHS off, commits wait as usual.
    """
    if on_postgresql(connection):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def insert_with_ids(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """Insert new rows and set each object's primary key, as bulk_create does, but faster.

    On PostgreSQL the keys are taken from the table's sequence in one statement and the rows
    stream through COPY: for a refresh batch's outbox events (large JSON documents) bulk_create's
    statement building cost more than the database's work. Elsewhere bulk_create does the job.
    """
    if not objects:
        return
    if not on_postgresql(connection):
        model._default_manager.bulk_create(objects, batch_size=500)
        return
    meta = model._meta
    fields = list(meta.concrete_fields)
    columns = ", ".join(f'"{f.column}"' for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = pk
            obj._state.adding = False
        with cursor.cursor.copy(f'COPY "{meta.db_table}" ({columns}) FROM STDIN') as copy:
            for obj in objects:
                copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])


def overlapped(send: Callable[[], None], work: Callable[[], T]) -> T:
    """Run `work` here while the database executes the statements `send` writes; returns work's result.

    A refresh batch's writes keep PostgreSQL busy while Python waits, and its webhook documents keep
    Python busy while PostgreSQL waits; on two cores they can run at once. On PostgreSQL `send`
    runs in psycopg's pipeline mode: its statements leave at once without waiting for their
    results, and the block's end waits for them, raising any error they met (so `send` must not
    read results, and COPY cannot be sent so). Elsewhere it is `send()` then `work()`.
    """
    if not on_postgresql(connection):
        send()
        return work()
    connection.ensure_connection()
    pg = connection.connection
    # The statements' errors surface at the block's end, in psycopg: mapped to Django's as usual.
    with connection.wrap_database_errors, pg.pipeline():
        send()
        pg.pgconn.flush()  # without it libpq keeps the statements until the block's end
        return work()
