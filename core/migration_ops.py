"""Migration operations the apps share: dropping indexes that only cost writes.

`DropColumnIndex`: the index Django gives a foreign key, where the model's composite indexes all
start with that column already. Used inside SeparateDatabaseAndState beside the AlterField that
sets db_index=False, so SQLite drops the index instead of rebuilding the table (a rebuild loses the
table's triggers, such as the trackers' tally, trackers/tally.py).

`DropPatternIndex`: on PostgreSQL Django gives every unique or indexed varchar column a second
index with `varchar_pattern_ops`, for `LIKE 'abc%'` queries. Public ids and tokens are looked up
whole, never by prefix, so on the hot tables (trackers, events) those indexes only cost every
insert and every non-HOT update one more index entry each (profiled on a refresh at scale). The
operation finds the index by what it is (a one-column pattern index on that column, whatever the
table was called when Django named it), drops it, and re-creates it when unapplied. A later
AlterField of such a column makes Django re-create it: drop it again in that migration.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

_PATTERN_INDEXES = """
    SELECT c.relname FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_opclass o ON o.oid = i.indclass[0]
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
    WHERE i.indrelid = %s::regclass AND i.indnatts = 1 AND a.attname = %s
      AND o.opcname IN ('varchar_pattern_ops', 'text_pattern_ops')
"""


class _IndexOperation(migrations.operations.base.Operation):
    """A database-only operation on one index of `model_name.name`; the model state is untouched."""

    reduces_to_sql = True
    reversible = True
    vendors: tuple[str, ...] = ("postgresql", "sqlite")

    def __init__(self, model_name: str, name: str) -> None:
        self.model_name, self.name = model_name, name

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return self.__class__.__qualname__, [], {"model_name": self.model_name, "name": self.name}

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def _index(self, app_label: str, schema_editor: Any, state: Any) -> tuple[Any, Any] | None:
        if schema_editor.connection.vendor not in self.vendors:
            return None
        model = state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return None
        return model, model._meta.get_field(self.name)


class DropColumnIndex(_IndexOperation):
    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        found = self._index(app_label, schema_editor, from_state)
        if not found:
            return
        model, field = found
        with schema_editor.connection.cursor() as cursor:
            constraints = schema_editor.connection.introspection.get_constraints(cursor, model._meta.db_table)
        for name, info in constraints.items():
            plain = info["index"] and not (info["unique"] or info["primary_key"] or info.get("foreign_key"))
            if plain and info["columns"] == [field.column] and "_pattern_ops" not in str(info.get("definition")):
                schema_editor.execute(schema_editor._delete_index_sql(model, name))

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        found = self._index(app_label, schema_editor, to_state)
        if found:
            model, field = found
            schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))

    def describe(self) -> str:
        return f"Drop the single-column index of {self.model_name}.{self.name}"

    @property
    def migration_name_fragment(self) -> str:
        return f"drop_{self.model_name.lower()}_{self.name}_index"


class DropPatternIndex(_IndexOperation):
    vendors = ("postgresql",)

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        found = self._index(app_label, schema_editor, to_state)
        if not found:
            return
        model, field = found
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(_PATTERN_INDEXES, [schema_editor.quote_name(model._meta.db_table), field.column])
            names = [name for (name,) in cursor.fetchall()]
        for name in names:
            schema_editor.execute(schema_editor._delete_index_sql(model, name))

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        found = self._index(app_label, schema_editor, to_state)
        if found:
            schema_editor.execute(schema_editor._create_like_index_sql(*found))

    def describe(self) -> str:
        return f"Drop the LIKE-pattern index of {self.model_name}.{self.name}"

    @property
    def migration_name_fragment(self) -> str:
        return f"drop_{self.model_name.lower()}_{self.name}_pattern_index"
