"""Model instances without Model.__init__, for the hot paths that build thousands of them.

Model.__init__ walks every field (defaults, descriptors, the pre_init and post_init signals); it
was the largest single cost of an API list page and of a refresh batch's new event rows.
`instance` sets the attribute values as __init__ would and a fresh ModelState, nothing else. So:
- only for models without pre_init/post_init receivers (the tests check the ones used here);
- `values` must name every concrete field by attname (`tracker_id`, not `tracker`) that anyone
  will read: a field left out loads from the database on access for a saved row (`db` given),
  and makes no sense for a new one.
With FAST_PATHS off, `instance` is `Model.from_db` (a row) or `Model(**values)` (a new one),
`fast_cursor` a plain cursor and `fetch` plain iteration.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.base import ModelState
from psycopg.types.datetime import TimestamptzLoader

from core.fast import enabled, on_postgresql

M = TypeVar("M", bound=Model)


def instance(model: type[M], values: dict[str, Any], *, db: str | None = None) -> M:
    """A `model` holding `values`: a row read from database `db`, or a new one when db is None."""
    if not enabled():
        if db is None:
            return model(**values)
        names = [f.attname for f in model._meta.concrete_fields if f.attname in values]  # from_db's order
        return model.from_db(db, names, [values[name] for name in names])
    obj = model.__new__(model)
    obj.__dict__.update(values)
    state = obj._state = ModelState()
    state.adding, state.db = db is None, db
    return obj


def fast_cursor(connection: Any) -> Any:
    """A cursor whose timestamps load through psycopg's C loader on PostgreSQL.

    Django registers a Python subclass of psycopg's timestamptz loader (to pin the time zone, which
    its connections set to UTC anyway), and parsing its text was a fifth of an API list page's
    cost. The override is this cursor's own; every other query keeps Django's loader.
    """
    cursor = connection.cursor()
    if on_postgresql(connection):
        cursor.cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
    return cursor


def fetch(queryset: QuerySet[M]) -> list[M]:
    """The rows of a plain queryset (every concrete field, no select_related or annotations) as
    instances, built by `instance` and read through `fast_cursor`: what iterating it gives, for the
    hot paths that read hundreds of rows (a refresh batch's trackers, twice, and their events)."""
    if not enabled():
        return list(queryset)
    model, db = queryset.model, queryset.db
    connection = connections[db]
    compiler = queryset.query.get_compiler(using=db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return []
    columns = [select[0] for select in compiler.select]
    names = [column.target.attname for column in columns]
    if names != [f.attname for f in model._meta.concrete_fields] or compiler.klass_info["model"] is not model:
        raise ValueError("fetch() reads plain querysets only: every concrete field, nothing else")
    converters = compiler.get_converters(columns)
    with fast_cursor(connection) as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if converters:
        rows = compiler.apply_converters(rows, converters)
    return [instance(model, dict(zip(names, row, strict=True)), db=db) for row in rows]
