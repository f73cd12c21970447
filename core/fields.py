"""Model fields shared by the apps."""

from __future__ import annotations

from django.db import models


class BulkJSONField(models.JSONField):
    """A JSONField that keeps PostgreSQL bulk inserts fast for large documents.

    Django 5.2 bulk-inserts through UNNEST of typed arrays, and psycopg escapes every JSON string
    inside a text array with a per-character regex: for webhook payloads that costs more than the
    insert itself. Declaring `get_placeholder` makes Django use plain VALUES rows for this column's
    table, where each document travels as its own parameter. Stored exactly like a JSONField (and
    deconstructed as one, so migrations do not see a difference).
    """

    def get_placeholder(self, value, compiler, connection) -> str:
        return "%s"

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.JSONField", args, kwargs
