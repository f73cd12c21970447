"""The trackers and events tables carry no index that only costs writes (core/migration_ops.py)."""

from __future__ import annotations

import gc

import pytest
from django.db import connection

from trackers import tally

pytestmark = pytest.mark.django_db

TABLES = ("trackers_tracker", "trackers_trackingevent", "events_event")


def indexes(table: str) -> dict[str, dict]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {name: info for name, info in found.items() if info["index"]}


@pytest.mark.parametrize("table", TABLES)
def test_no_pattern_index_and_no_foreign_key_index_of_its_own(table):
    found = indexes(table)
    assert not [name for name in found if name.endswith("_like")]
    single = [info["columns"] for info in found.values() if len(info["columns"]) == 1 and not info["unique"]]
    for column in ("organization_id", "tracker_id"):
        assert [column] not in single
    # The composite indexes that make them redundant are there, led by that column.
    leading = {info["columns"][0] for info in found.values() if len(info["columns"]) > 1}
    assert {"trackers_tracker": "organization_id", "trackers_trackingevent": "tracker_id"}.get(
        table, "organization_id"
    ) in leading


def test_the_tally_triggers_survived_the_migration():
    # A table rebuild (SQLite's way to alter a column) would have dropped them.
    assert tally.triggers_present() == {"trackers_tally_insert", "trackers_tally_update", "trackers_tally_delete"}


@pytest.mark.fast_paths
def test_startup_objects_are_frozen_for_the_collector():
    assert gc.get_freeze_count() > 10_000  # config.apps.ProjectConfig.ready
