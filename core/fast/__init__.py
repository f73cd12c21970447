"""The speed engine, fenced: every path that reaches past Django's public API for speed.

What lives here, what each trick is worth and which Django and psycopg internals it relies on:
INTERNALS.md beside this file (tests/core/fast/test_internals.py fails when an upgrade changes one).
Product code calls these functions and never the internals directly. With the FAST_PATHS setting
off, each falls back to the plain ORM (or Django's own handler) and the behaviour is the same.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def enabled() -> bool:
    """Whether the fast paths run (settings.FAST_PATHS; read per call, so tests can switch it)."""
    return bool(settings.FAST_PATHS)


def on_postgresql(connection: Any) -> bool:
    """Whether a PostgreSQL-only fast path may run on `connection`: on, and the database is PostgreSQL."""
    return connection.vendor == "postgresql" and bool(settings.FAST_PATHS)
