"""The dashboard's search can use the trigram indexes of migration 0007 (PostgreSQL): each indexed
expression must be exactly what Django's lookups write, or the planner can never pick it."""

import pytest
from django.db import connection

from tests.factories import TrackerFactory
from trackers.models import Tracker
from trackers.queries import search_q


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("#54321", "tracker_order_id_trgm"),
        ("blue mug", "tracker_title_trgm"),
        ("karen", "tracker_customer_name_trgm"),
        ("karen@example", "tracker_customer_email_trgm"),
        ("PKGX-AAAA", "tracker_number_trgm"),
    ],
)
def test_a_search_can_be_answered_from_the_trigram_indexes(acme, text, index):
    # Every optional field filled, as in a shop's trackers: `col <> ''` alone then selects everything,
    # and only the trigram test narrows the search.
    for n in range(40):
        fields = {"order_id": f"#1{n:04d}", "title": f"Item {n}", "customer_name": f"Name {n}"}
        TrackerFactory(organization=acme, customer_email=f"c{n}@shop.example", **fields)
    query = Tracker.objects.filter(search_q(text))  # the search alone: its OR can only use the trigrams
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE trackers_tracker")
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: make the planner show its options
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan


@pytest.mark.postgres
def test_the_optional_columns_index_only_non_empty_values(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'tracker_%%_trgm'")
        found = dict(cursor.fetchall())
    for column in ("order_id", "title", "customer_name", "customer_email"):
        assert f"WHERE (({column})::text <> ''::text)" in found[f"tracker_{column}_trgm"]
    assert "WHERE" not in found["tracker_number_trgm"]  # every tracker has a number


def test_a_search_still_finds_what_it_found_and_never_an_empty_field(acme):
    match = TrackerFactory(organization=acme, title="Blue mug", customer_email="karen@example.com")
    TrackerFactory(organization=acme)  # every optional field empty
    for text in ("blue", "MUG", "karen@", "example.com"):
        assert list(Tracker.objects.filter(search_q(text))) == [match]
