"""One test per Django or psycopg internal that core/fast relies on (core/fast/INTERNALS.md).

Each fails with a message naming the internal and the document, so an upgrade that changes one
says what to re-check, instead of surfacing as a wrong answer somewhere in the suite. They check
the internals themselves, so they run whatever FAST_PATHS says.
"""

from __future__ import annotations

import gc
import inspect

import pytest
from django.core.handlers import base, exception
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Model
from django.db.models.base import ModelState
from django.db.models.lookups import In
from django.db.models.sql.compiler import SQLCompiler

from tests.factories import TrackerFactory
from trackers.models import Tracker

DOC = "core/fast/INTERNALS.md"
postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="a psycopg / PostgreSQL internal")


def changed(internal: str) -> str:
    return f"Django/psycopg internal changed: {internal}. Re-check the fast path that uses it ({DOC})."


def test_model_state_and_instance_dict():
    """instances.instance: ModelState(adding, db) and __init__ storing exactly the attnames in __dict__."""
    state = ModelState()
    assert (state.adding, state.db) == (True, None), changed("django.db.models.base.ModelState defaults")
    values = {f.attname: None for f in Tracker._meta.concrete_fields}
    values.update(metadata={}, status="unknown")
    made = Tracker(**values)
    assert set(made.__dict__) - {"_state"} == set(values), changed("Model.__init__ stores only attnames")
    assert hasattr(Model, "from_db"), changed("Model.from_db (the plain path of instances.instance)")


def test_init_signals_are_the_only_other_work_of_init():
    """instances.instance skips Model.__init__, whose other work is pre_init/post_init."""
    source = inspect.getsource(Model.__init__)
    assert "pre_init.send" in source and "post_init.send" in source, changed("Model.__init__ sends pre/post_init")


@pytest.mark.django_db
def test_compiler_select_klass_info_and_converters(acme):
    """instances.fetch: compiler.as_sql, .select[i][0].target, .klass_info, get/apply_converters."""
    TrackerFactory(organization=acme)
    queryset = Tracker.objects.all()
    compiler = queryset.query.get_compiler(using="default")
    sql, _params = compiler.as_sql()
    assert sql.startswith("SELECT"), changed("SQLCompiler.as_sql")
    attnames = [select[0].target.attname for select in compiler.select]
    assert attnames == [f.attname for f in Tracker._meta.concrete_fields], changed("SQLCompiler.select columns")
    assert compiler.klass_info["model"] is Tracker, changed("SQLCompiler.klass_info['model']")
    columns = [select[0] for select in compiler.select]
    assert callable(compiler.get_converters) and callable(compiler.apply_converters), changed("compiler converters")
    assert isinstance(compiler.get_converters(columns), dict), changed("SQLCompiler.get_converters returns a dict")


def test_column_converters():
    """reads.Columns: field.get_col(table), ops.get_db_converters(col), col.get_db_converters(connection)."""
    col = Tracker._meta.get_field("created_at").get_col(Tracker._meta.db_table)
    assert isinstance(connection.ops.get_db_converters(col), list), changed("DatabaseOperations.get_db_converters")
    assert isinstance(col.get_db_converters(connection), list), changed("Col.get_db_converters")


def test_compile_dispatches_to_as_vendor():
    """lookups.AnyOf: SQLCompiler.compile calls as_<vendor>; In has process_lhs and a list rhs."""
    source = inspect.getsource(SQLCompiler.compile)
    assert "as_" in source and "vendor" in source, changed("SQLCompiler.compile's as_<vendor> dispatch")
    lookup = In(F("pk"), [1, 2])
    assert hasattr(lookup, "process_lhs") and lookup.rhs == [1, 2], changed("django.db.models.lookups.In")


def test_base_handler_chain_attributes():
    """lane.ApiLane: BaseHandler's _middleware_chain, _get_response and the three middleware lists."""
    handler = base.BaseHandler()
    handler.load_middleware()
    for name in ("_middleware_chain", "_view_middleware", "_template_response_middleware", "_exception_middleware"):
        assert hasattr(handler, name), changed(f"BaseHandler.{name}")
    assert callable(getattr(handler, "_get_response", None)), changed("BaseHandler._get_response")
    assert callable(exception.convert_exception_to_response), changed("convert_exception_to_response")


def test_connection_health_check_attributes():
    """reads.checked_read: health_check_enabled/_done, in_atomic_block, is_usable, close_if_health_check_failed."""
    for name in ("health_check_enabled", "health_check_done", "in_atomic_block", "connection"):
        assert hasattr(connection, name), changed(f"BaseDatabaseWrapper.{name}")
    source = inspect.getsource(BaseDatabaseWrapper.close_if_health_check_failed)
    assert "health_check_done" in source, changed("close_if_health_check_failed reads health_check_done")


def test_gc_freeze():
    """runtime.freeze_startup_objects: gc.freeze and gc.get_freeze_count (CPython 3.7+)."""
    assert callable(gc.freeze) and isinstance(gc.get_freeze_count(), int), changed("gc.freeze")


@postgresql
@pytest.mark.django_db
def test_django_registers_a_python_timestamptz_loader():
    """instances.fast_cursor: Django's loader subclasses psycopg's TimestamptzLoader, reachable via cursor.cursor."""
    from psycopg.adapt import PyFormat  # noqa: F401  (psycopg 3's adapters API)
    from psycopg.pq import Format
    from psycopg.types.datetime import TimestamptzLoader

    connection.ensure_connection()
    oid = connection.connection.adapters.types["timestamptz"].oid
    loader = connection.connection.adapters.get_loader(oid, Format.TEXT)
    assert issubclass(loader, TimestamptzLoader), changed("Django's BaseTzLoader subclasses TimestamptzLoader")
    with connection.cursor() as cursor:
        assert hasattr(cursor.cursor, "adapters"), changed("CursorWrapper.cursor is psycopg's cursor")


@postgresql
@pytest.mark.django_db
def test_copy_and_pipeline_mode():
    """bulk: psycopg Cursor.copy / Copy.write_row, Connection.pipeline, PGconn.flush, wrap_database_errors."""
    import psycopg

    connection.ensure_connection()
    assert hasattr(psycopg.Cursor, "copy") and hasattr(psycopg.Copy, "write_row"), changed("psycopg COPY")
    assert hasattr(psycopg.Connection, "pipeline"), changed("psycopg pipeline mode")
    assert callable(connection.connection.pgconn.flush), changed("psycopg PGconn.flush")
    assert connection.wrap_database_errors is not None, changed("DatabaseWrapper.wrap_database_errors")


@postgresql
def test_for_update_sql_and_limit_come_last():
    """bulk.claim: ops.for_update_sql(skip_locked) and a sliced query's SQL ending in LIMIT."""
    assert connection.ops.for_update_sql(skip_locked=True) == "FOR UPDATE SKIP LOCKED", changed("for_update_sql")
    keys = Tracker.objects.order_by("next_refresh_at").values_list("pk", flat=True)[:5]
    sql, _params = keys.query.get_compiler(using="default").as_sql()
    assert sql.rstrip().endswith("LIMIT 5"), changed("SQLCompiler.as_sql puts LIMIT last")


@postgresql
@pytest.mark.django_db
def test_synchronous_commit_can_be_set_per_transaction():
    """bulk.commit_without_waiting_for_disk: PostgreSQL's SET LOCAL synchronous_commit."""
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "off", changed("SET LOCAL synchronous_commit")


@pytest.mark.django_db
def test_trigger_catalogues():
    """triggers.present: pg_trigger (tgname, tgrelid, tgisinternal) or sqlite_master (type, tbl_name)."""
    from trackers import tally

    assert tally.triggers_present() == tally.TRIGGER_NAMES, changed(
        "the trigger catalogue (pg_trigger / sqlite_master)"
    )
