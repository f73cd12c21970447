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
        ("PKGX-AAAA", "tracker_number_trgm"),
    ],
)
def test_a_search_can_be_answered_from_the_trigram_indexes(acme, text, index):
    TrackerFactory.create_batch(5, organization=acme)
    query = Tracker.objects.filter(search_q(text))  # the search alone: its OR can only use the trigrams
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: make the planner show its options
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan
