"""The API's fast read paths give what the ORM paths give: same pages, same documents, same scope.

trackers.api_queries builds the list page and the tracker document from prebuilt statements
(core/fast/reads.py), and core/fast/lane.py runs /api/ calls through a shorter middleware stack;
these tests pin them to the ORM's and the full stack's answers (with FAST_PATHS off, the ORM's own).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db.models.signals import post_init, pre_init

from accounts.models import Mode
from core import pagination
from tests.api.conftest import error_of
from tests.factories import TrackerFactory, TrackingEventFactory
from trackers import services
from trackers.api_queries import _query, tracker_page
from trackers.models import Tracker, TrackingEvent
from trackers.representation import tracker_dict

URL = "/api/v1/trackers"


@pytest.fixture
def tied(acme, globex):
    """12 Acme test trackers, created in pairs at the same instant (ties broken by id), plus others' rows."""
    base = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(12):
        TrackerFactory(organization=acme, tracking_number=f"EZ-{i:02d}", created_at=base + timedelta(minutes=i // 2))
    TrackerFactory(organization=acme, mode=Mode.LIVE, tracking_number="EZ-LIVE", created_at=base)
    TrackerFactory(organization=globex, tracking_number="EZ-GLOBEX", created_at=base + timedelta(minutes=3))


def _orm_pages(acme, limit: int) -> list[list[int]]:
    pages, cursor = [], None
    while True:
        page = pagination.paginate(services.trackers_for(acme, Mode.TEST), limit, cursor)
        pages.append([t.pk for t in page.items])
        cursor = page.next_cursor
        if not cursor:
            return pages


def _fast_pages(acme, limit: int) -> list[list[int]]:
    pages, cursor = [], None
    while True:
        page = tracker_page(acme.pk, Mode.TEST, limit, cursor)
        pages.append([t.pk for t in page.items])
        cursor = page.next_cursor
        if not cursor:
            return pages


@pytest.mark.parametrize("limit", [1, 4, 5, 12, 20])
def test_list_page_is_the_orm_keyset_page(acme, tied, limit):
    fast = _fast_pages(acme, limit)
    assert fast == _orm_pages(acme, limit)
    seen = [pk for page in fast for pk in page]
    assert len(seen) == len(set(seen)) == 12  # neither the live tracker nor Globex's


def test_list_cursor_is_interchangeable_with_the_orm_one(acme, tied):
    orm = pagination.paginate(services.trackers_for(acme, Mode.TEST), 5)
    fast = tracker_page(acme.pk, Mode.TEST, 5, None)
    assert fast.next_cursor == orm.next_cursor
    after = pagination.paginate(services.trackers_for(acme, Mode.TEST), 5, orm.next_cursor)
    assert [t.pk for t in tracker_page(acme.pk, Mode.TEST, 5, fast.next_cursor).items] == [t.pk for t in after.items]


def test_list_bad_cursor_is_still_a_400(api, acme, tied):
    assert error_of(api.get(URL, {"cursor": "nonsense"}))["code"] == "invalid_cursor"


def test_list_items_are_the_representation_of_the_orm_tracker(api, acme):
    tracker = TrackerFactory(
        organization=acme, tracking_number="EZ-1", metadata={"a": [1, {"b": None}]}, last_error="carrier down"
    )
    item = api.get(URL).json()["data"][0]
    assert item == tracker_dict(Tracker.objects.get(pk=tracker.pk))
    assert item["carrier_error"] == "carrier down"


def test_document_fields_load_without_extra_queries(acme, django_assert_num_queries):
    tracker = TrackerFactory(organization=acme, tracking_number="EZ-2", last_error="timeout")
    TrackingEventFactory(tracker=tracker)
    fetched, events = _query("default").fetch(tracker.pk)
    assert fetched is not None
    with django_assert_num_queries(0):  # nothing the representation reads is left deferred
        document = tracker_dict(fetched, events)
    assert document == tracker_dict(Tracker.objects.get(pk=tracker.pk), list(tracker.events.all()))


def test_models_have_no_init_receivers():
    # core.fast.reads.Columns.build skips Model.__init__, whose only other work is sending these signals.
    for model in (Tracker, TrackingEvent):
        assert not pre_init.has_listeners(model) and not post_init.has_listeners(model)


@pytest.mark.fast_paths
def test_api_calls_skip_the_browser_middleware(api, acme, tied):
    response = api.get(URL, HTTP_COOKIE="sessionid=abc; csrftoken=x")
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")  # no session was read
    assert not response.cookies
    assert response["X-Frame-Options"] == "DENY"  # the security headers stay
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_outside_the_api_keep_the_full_stack(client, db):
    response = client.get("/login/")
    assert "csrftoken" in response.cookies


@pytest.mark.parametrize(
    ("accept", "code"), [("application/json", 200), ("*/*", 200), ("text/html", 406), ("application/xml", 406)]
)
def test_accept_header_is_still_honoured(api, acme, tied, accept, code):
    response = api.get(URL, HTTP_ACCEPT=accept)
    assert response.status_code == code
    if code == 406:
        assert error_of(response)["code"] == "not_acceptable"


def test_detail_bytes_are_what_drf_renders_and_follow_changes(api, acme):
    tracker = TrackerFactory(organization=acme, tracking_number="EZ-3", metadata={"é": "ü"})
    TrackingEventFactory(tracker=tracker)
    url = f"{URL}/{tracker.public_id}"
    plain = api.get(url)
    assert plain["Content-Type"] == "application/json"
    indented = api.get(url, HTTP_ACCEPT="application/json; indent=2")  # negotiated in full, rendered by DRF
    assert indented.status_code == 200 and b"\n  " in indented.content
    assert (
        plain.json() == indented.json() == tracker_dict(Tracker.objects.get(pk=tracker.pk), list(tracker.events.all()))
    )
    assert api.get(url).content == plain.content  # the cached bytes
    assert api.patch(url, {"order_id": "#77"}, format="json").status_code == 200
    assert api.get(url).json()["order_id"] == "#77"  # a change moves the cache key


def test_detail_is_scoped_to_the_key(api, globex, acme):
    other = TrackerFactory(organization=globex, tracking_number="EZ-4")
    live = TrackerFactory(organization=acme, mode=Mode.LIVE, tracking_number="EZ-5")
    for tracker in (other, live):
        assert error_of(api.get(f"{URL}/{tracker.public_id}"))["code"] == "not_found"


class FakeConnection:
    """What checked_read reads of a connection: a reused one whose health is not checked yet."""

    def __init__(self, usable: bool):
        self.connection = object()
        self.health_check_enabled, self.health_check_done, self.in_atomic_block = True, False, False
        self.usable, self.closed = usable, False

    def is_usable(self) -> bool:
        return self.usable

    def close(self) -> None:
        self.closed = True


def _failing_once(error):
    calls = []

    def read():
        calls.append(1)
        if len(calls) == 1:
            raise error
        return "row"

    return read, calls


@pytest.mark.fast_paths
def test_a_read_on_a_dead_connection_reconnects_and_runs_again():
    from django.db import InterfaceError

    from core.fast.reads import checked_read

    connection = FakeConnection(usable=False)
    read, calls = _failing_once(InterfaceError("connection already closed"))
    assert checked_read(connection, read) == "row"
    assert connection.closed and len(calls) == 2 and connection.health_check_done


@pytest.mark.fast_paths
def test_a_failed_read_on_a_live_connection_is_raised():
    from django.db import OperationalError

    from core.fast.reads import checked_read

    connection = FakeConnection(usable=True)
    read, calls = _failing_once(OperationalError("statement timeout"))
    with pytest.raises(OperationalError):
        checked_read(connection, read)
    assert not connection.closed and len(calls) == 1


@pytest.mark.fast_paths
def test_a_checked_connection_reads_once():
    from core.fast.reads import checked_read

    connection = FakeConnection(usable=False)
    connection.health_check_done = True
    read, calls = _failing_once(RuntimeError("not retried"))
    with pytest.raises(RuntimeError):
        checked_read(connection, read)
    assert len(calls) == 1 and not connection.closed
