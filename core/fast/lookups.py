"""`column = ANY(array)`: an IN list that travels as one parameter on PostgreSQL.

A refresh batch asks for 200 trackers, their events and their shipments by key. Django's `__in`
writes one placeholder per value, and building, converting and sending those 200 parameters cost
more than PostgreSQL's work on the query (profiled on a refresh at scale). `AnyOf` sends the values as one
array, so the statement text is the same whatever the list's length (and psycopg's prepared
statement cache can keep it). Elsewhere it is Django's IN.

    Tracker.objects.filter(AnyOf(F("pk"), ids))
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models.lookups import In


class AnyOf(In):
    lookup_name = "any_of"

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        if hasattr(self.rhs, "resolve_expression"):  # a subquery: IN (SELECT …) is already one statement
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        values = [field.get_db_prep_value(v, connection, prepared=True) for v in self.rhs if v is not None]
        if not values:
            raise EmptyResultSet
        return f"{lhs} = ANY(%s)", [*lhs_params, values]
