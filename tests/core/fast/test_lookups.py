"""core.fast.lookups.AnyOf: the same rows as Django's __in, as one array parameter on PostgreSQL."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from core.fast.lookups import AnyOf
from tests.factories import TrackerFactory
from trackers.models import Tracker

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(acme):
    return [TrackerFactory(organization=acme, tracking_number=f"EZ{i}000000001") for i in range(3)]


def test_selects_what_in_selects(three):
    wanted = [three[0].pk, three[2].pk, 10**12]  # a key that names no row is simply not found
    by_any = set(Tracker.objects.filter(AnyOf(F("pk"), wanted)))
    assert by_any == set(Tracker.objects.filter(pk__in=wanted)) == {three[0], three[2]}


def test_strings_sets_and_relations(three, acme):
    numbers = {three[1].tracking_number, "nothing"}
    assert list(Tracker.objects.filter(AnyOf(F("tracking_number"), numbers))) == [three[1]]
    slugs = Tracker.objects.filter(AnyOf(F("organization__slug"), ["acme"])).count()
    assert slugs == 3


def test_an_empty_list_or_only_none_matches_nothing_without_a_query(three):
    for values in ([], [None]):
        with CaptureQueriesContext(connection) as queries:
            assert list(Tracker.objects.filter(AnyOf(F("pk"), values))) == []
        assert len(queries) == 0


def test_postgresql_sends_one_parameter_whatever_the_length(three):
    with CaptureQueriesContext(connection) as queries:
        list(Tracker.objects.filter(AnyOf(F("pk"), [t.pk for t in three])))
        list(Tracker.objects.filter(AnyOf(F("pk"), [three[0].pk])))
    if connection.vendor == "postgresql" and settings.FAST_PATHS:
        assert queries[0]["sql"].count("ANY(") == 1
        # The statement text is the same for 3 keys and for 1: one prepared statement serves all.
        sql = [q["sql"].split("ANY(")[0] for q in queries]
        assert sql[0] == sql[1]
    else:  # SQLite, or FAST_PATHS off: Django's IN
        assert " IN (" in queries[0]["sql"]
