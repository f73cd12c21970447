"""The trackers pages: search, filters, sorting, keyset pages, bulk actions, export, add, edit."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Mode
from carriers.statuses import Status
from events.models import Event
from tests.factories import TrackerFactory, TrackingEventFactory
from trackers.models import Tracker


def listed(client, **params) -> str:
    response = client.get("/dashboard/trackers/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def three(acme):
    a = TrackerFactory(
        organization=acme,
        tracking_number="PKGX-AAAAAAA-0000001",
        order_id="#1001",
        title="Blue teapot",
        customer_name="Karen Ng",
        customer_email="karen@example.com",
        status=Status.DELIVERED,
    )
    b = TrackerFactory(
        organization=acme,
        tracking_number="PKGX-BBBBBBB-0000002",
        order_id="#1002",
        title="Red kettle",
        customer_name="Luis Ortega",
        customer_email="luis@example.com",
        status=Status.IN_TRANSIT,
        courier="usps",
    )
    c = TrackerFactory(organization=acme, tracking_number="EZ3000000003", status=Status.FAILURE)
    return a, b, c


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("PKGX-AAAAAAA-0000001", "0000001"),
        ("pkgx-bbbbbbb", "0000002"),  # a prefix, any case
        ("#1002", "0000002"),
        ("teapot", "0000001"),
        ("ortega", "0000002"),
        ("KAREN@example.com", "0000001"),
    ],
)
def test_search_by_number_order_title_customer_and_email(alice_client, three, q, expected):
    body = listed(alice_client, q=q)
    assert expected in body
    others = {"0000001", "0000002", "EZ3000000003"} - {expected}
    assert not any(o in body for o in others)


def test_filters_by_status_courier_and_creation_date(midday, alice_client, three):
    c = three[2]
    Tracker.objects.filter(pk=c.pk).update(created_at=timezone.now() - timedelta(days=10))
    assert "0000002" in listed(alice_client, status="in_transit")
    assert "0000001" not in listed(alice_client, status="in_transit")
    body = listed(alice_client, courier="usps")
    assert "0000002" in body and "0000001" not in body
    old_day = (timezone.now() - timedelta(days=10)).date().isoformat()
    body = listed(alice_client, created_from=old_day, created_to=old_day)
    assert "EZ3000000003" in body and "0000001" not in body
    # A bad value is ignored, never an error page.
    assert listed(alice_client, status="bogus", created_from="yesterday", cursor="%%%")


def test_sorting_by_tracking_number(alice_client, three):
    body = listed(alice_client, sort="number")
    assert body.index("EZ3000000003") < body.index("PKGX-AAAAAAA-0000001") < body.index("PKGX-BBBBBBB-0000002")
    body = listed(alice_client, sort="number_desc")
    assert body.index("PKGX-BBBBBBB-0000002") < body.index("EZ3000000003")


@pytest.mark.parametrize("sort", ["newest", "oldest", "updated", "number", "number_desc"])
def test_keyset_pages_cover_every_tracker_once(alice_client, acme, sort):
    now = timezone.now()
    made = TrackerFactory.create_batch(120, organization=acme)
    # Ties on the sort value must not lose or repeat rows.
    for i, t in enumerate(made):
        Tracker.objects.filter(pk=t.pk).update(created_at=now - timedelta(minutes=i // 3), updated_at=now)
    seen: list[str] = []
    params = {"sort": sort}
    for _ in range(5):
        response = alice_client.get("/dashboard/trackers/", params)
        page = response.context["page"]
        seen += [t.public_id for t in page.items]
        if not page.next_cursor:
            break
        params["cursor"] = page.next_cursor
    assert len(seen) == 120 and len(set(seen)) == 120


def test_list_query_count_is_constant(alice_client, acme, django_assert_max_num_queries):
    Tracker.objects.bulk_create(
        [
            Tracker(organization=acme, mode=Mode.TEST, tracking_number=f"PKGX-AAAAAAA-{i:07d}", courier="sandbox")
            for i in range(3000)
        ],
        batch_size=1000,
    )
    alice_client.get("/dashboard/trackers/")  # warm the session
    with django_assert_max_num_queries(9):
        response = alice_client.get("/dashboard/trackers/", {"q": "PKGX", "status": "unknown", "sort": "updated"})
    assert len(response.context["page"].items) == 50
    with django_assert_max_num_queries(9):
        alice_client.get("/dashboard/trackers/", {"cursor": response.context["page"].next_cursor})
    with django_assert_max_num_queries(12):
        assert alice_client.get("/dashboard/").status_code == 200


def test_bulk_refresh_and_delete(alice_client, acme, django_capture_on_commit_callbacks):
    trackers = TrackerFactory.create_batch(3, organization=acme)
    ids = [t.public_id for t in trackers]
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post("/dashboard/trackers/bulk/", {"action": "refresh", "ids": ids[:2]})
    page = alice_client.get(response["Location"]).content.decode()
    assert 'data-count="succeeded">2<' in page and "2 of 2 trackers" in page
    assert all(t.last_refreshed_at for t in Tracker.objects.filter(public_id__in=ids[:2]))
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post("/dashboard/trackers/bulk/", {"action": "delete", "ids": ids[:2]})
    assert list(Tracker.objects.filter(organization=acme).values_list("public_id", flat=True)) == [ids[2]]
    assert Event.objects.filter(type="tracker.deleted").count() == 2


def test_csv_export_streams_what_the_filters_show(alice_client, three, acme):
    TrackerFactory(organization=acme, tracking_number="PKGX-CCCCCCC-0000003", title="=HYPERLINK(1)")
    response = alice_client.get("/dashboard/trackers/export.csv", {"status": "in_transit"})
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["tracking_number"] for r in rows] == ["PKGX-BBBBBBB-0000002"]
    assert rows[0]["customer_email"] == "luis@example.com" and rows[0]["public_url"].startswith("http://testserver/t/")
    rows = list(
        csv.DictReader(
            io.StringIO(b"".join(alice_client.get("/dashboard/trackers/export.csv").streaming_content).decode())
        )
    )
    assert len(rows) == 4
    assert next(r for r in rows if r["tracking_number"] == "PKGX-CCCCCCC-0000003")["title"] == "'=HYPERLINK(1)"


def test_add_a_tracker(alice_client, acme):
    response = alice_client.post(
        "/dashboard/trackers/new/",
        {"tracking_number": "PKGX-DDDDDDD-1234567", "title": "Mug", "customer_email": "a@example.com"},
    )
    tracker = Tracker.objects.get(organization=acme)
    assert response.status_code == 302 and response["Location"] == f"/dashboard/trackers/{tracker.public_id}/"
    assert (tracker.courier, tracker.title, tracker.mode) == ("sandbox", "Mug", "test")


def test_add_shows_the_service_message(alice_client, acme):
    response = alice_client.post("/dashboard/trackers/new/", {"tracking_number": "1Z999AA10123456784"})
    assert response.status_code == 200
    assert "Test mode accepts sandbox numbers only" in response.content.decode()
    response = alice_client.post(
        "/dashboard/trackers/new/", {"tracking_number": "PKGX-DDDDDDD-1234567", "customer_email": "not-an-email"}
    )
    assert "Enter a valid email address." in response.content.decode()
    assert not Tracker.objects.exists()


def test_detail_shows_timeline_and_edits_fields(alice_client, acme):
    tracker = TrackerFactory(organization=acme, metadata={"store": "eu", "old": 1})
    TrackingEventFactory(tracker=tracker, message="Arrived at Chicago hub", time_zone="America/Chicago")
    TrackingEventFactory(tracker=tracker, message="Scanned somewhere", time_zone=None, city="")
    url = f"/dashboard/trackers/{tracker.public_id}/"
    body = alice_client.get(url).content.decode()
    assert "Arrived at Chicago hub" in body
    assert "CST" in body or "CDT" in body
    assert "UTC" in body and "location time zone unknown" in body
    assert tracker.public_url in body
    response = alice_client.post(
        url,
        {"title": "New title", "customer_name": "Ana", "metadata": '{"store": "us", "new": true}', "language": "es"},
    )
    assert response.status_code == 302
    tracker.refresh_from_db()
    assert (tracker.title, tracker.customer_name, tracker.language) == ("New title", "Ana", "es")
    assert tracker.metadata == {"store": "us", "new": True}
    event = Event.objects.get(type="tracker.updated")
    assert set(event.previous_attributes) >= {"title", "customer_name", "metadata"}


def test_detail_rejects_bad_input_without_saving(alice_client, acme):
    tracker = TrackerFactory(organization=acme, title="Keep")
    url = f"/dashboard/trackers/{tracker.public_id}/"
    response = alice_client.post(url, {"title": "Changed", "metadata": "[1, 2"})
    assert "Not valid JSON" in response.content.decode()
    response = alice_client.post(url, {"title": "Changed", "customer_email": "nope"})
    assert "Enter a valid email address." in response.content.decode()
    tracker.refresh_from_db()
    assert tracker.title == "Keep"


def test_refresh_now_and_delete(alice_client, acme):
    tracker = TrackerFactory(organization=acme, created_at=timezone.now() - timedelta(minutes=10))
    url = f"/dashboard/trackers/{tracker.public_id}/"
    response = alice_client.post(url + "refresh/", follow=True)
    assert "new event(s)" in response.content.decode()
    assert tracker.events.count() > 0
    alice_client.post(url + "delete/")
    assert not Tracker.objects.filter(pk=tracker.pk).exists()
    assert alice_client.get(url).status_code == 404


def test_overview_counts_queues_and_charts(midday, alice_client, acme, settings):
    now = timezone.now()
    TrackerFactory(organization=acme, status=Status.DELIVERED, delivered_at=now - timedelta(days=1), courier="sandbox")
    TrackerFactory(
        organization=acme,
        status=Status.FAILURE,
        status_detail="package_damaged",
        tracking_number="PKGX-FFFFFFF-BROKEN1",
    )
    stale = TrackerFactory(organization=acme, status=Status.IN_TRANSIT, tracking_number="PKGX-AAAAAAA-STALE01")
    Tracker.objects.filter(pk=stale.pk).update(last_event_at=now - timedelta(days=settings.STALE_AFTER_DAYS + 1))
    TrackerFactory(
        organization=acme, status=Status.IN_TRANSIT, last_event_at=now, tracking_number="PKGX-AAAAAAA-FRESH01"
    )
    response = alice_client.get("/dashboard/")
    body = response.content.decode()
    counts = {value: n for value, _, n in response.context["counts"]}
    assert counts["delivered"] == 1 and counts["failure"] == 1 and counts["in_transit"] == 2
    assert [t.tracking_number for t in response.context["exceptions"]] == ["PKGX-FFFFFFF-BROKEN1"]
    assert [t.tracking_number for t in response.context["stale"]] == ["PKGX-AAAAAAA-STALE01"]
    assert body.count('class="col"') == 30 and "<svg" in body
    assert response.context["per_day_total"] == 1
    assert [b.label for b in response.context["transit"]] == ["Sandbox carrier"]
