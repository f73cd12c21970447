"""GET /api/v1/trackers (keyset pages, filters, search) and GET /api/v1/trackers/{id}."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tests.api.conftest import error_of, make_tracker
from tests.factories import TrackerFactory, TrackingEventFactory
from trackers import services
from trackers.models import Tracker


@pytest.fixture
def many(acme):
    """25 test trackers, one minute apart (index 0 is the oldest)."""
    base = timezone.now() - timedelta(hours=1)
    rows = []
    for i in range(25):
        rows.append(
            TrackerFactory(
                organization=acme,
                tracking_number=f"PKGX-AAAAAAA-{i:07d}",
                created_at=base + timedelta(minutes=i),
                updated_at=base + timedelta(minutes=i),
                status="delivered" if i % 5 == 0 else "in_transit",
                courier="usps" if i % 2 else "sandbox",
                order_id=f"#{1000 + i}",
                title=f"Item {i}",
                customer_name="Karen Ng" if i == 7 else "Someone",
                customer_email=f"c{i}@example.com",
            )
        )
    return rows


def ids(response) -> list[str]:
    return [t["id"] for t in response.json()["data"]]


def test_list_is_newest_first_with_default_limit_20(api, many):
    response = api.get("/api/v1/trackers")
    assert response.status_code == 200
    body = response.json()
    assert ids(response) == [t.public_id for t in reversed(many)][:20]
    assert body["meta"]["limit"] == 20 and body["meta"]["has_more"] is True
    assert "events" not in body["data"][0]


def test_cursor_walks_every_tracker_once(api, many):
    seen, cursor = [], None
    for _ in range(10):
        response = api.get("/api/v1/trackers", {"limit": 7, **({"cursor": cursor} if cursor else {})})
        seen += ids(response)
        meta = response.json()["meta"]
        cursor = meta["next_cursor"]
        if not meta["has_more"]:
            assert cursor is None
            break
    assert seen == [t.public_id for t in reversed(many)]


def test_cursor_is_stable_when_rows_share_created_at(api, acme):
    same = timezone.now()
    made = [TrackerFactory(organization=acme, created_at=same) for _ in range(5)]
    first = api.get("/api/v1/trackers", {"limit": 2}).json()
    rest = api.get("/api/v1/trackers", {"limit": 10, "cursor": first["meta"]["next_cursor"]}).json()
    got = [t["id"] for t in first["data"] + rest["data"]]
    assert sorted(got) == sorted(t.public_id for t in made) and len(set(got)) == 5


@pytest.mark.parametrize("limit", ["0", "101", "-1", "ten", "1.5"])
def test_bad_limit_is_400(api, limit):
    response = api.get("/api/v1/trackers", {"limit": limit})
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_limit"


def test_limit_bounds_are_accepted(api, many):
    assert len(ids(api.get("/api/v1/trackers", {"limit": 1}))) == 1
    assert len(ids(api.get("/api/v1/trackers", {"limit": 100}))) == 25


@pytest.mark.parametrize("cursor", ["garbage", "W10", "eyJhIjogMX0", "!!!"])
def test_bad_cursor_is_400(api, many, cursor):
    response = api.get("/api/v1/trackers", {"cursor": cursor})
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_cursor"


def test_filters(api, many):
    def get(**params):
        return set(ids(api.get("/api/v1/trackers", {"limit": 100, **params})))

    by_id = {t.public_id: t for t in many}
    assert get(status="delivered") == {p for p, t in by_id.items() if t.status == "delivered"}
    assert get(courier="USPS") == {p for p, t in by_id.items() if t.courier == "usps"}
    assert get(tracking_number=" pkgx-aaaaaaa-0000003 ") == {many[3].public_id}
    assert get(tracking_number="no such ###") == set()
    assert get(order_id="#1004") == {many[4].public_id}
    cut = many[20].created_at
    assert get(created_after=cut.isoformat()) == {t.public_id for t in many[20:]}
    assert get(created_before=cut.isoformat()) == {t.public_id for t in many[:20]}
    assert get(created_after=cut.date().isoformat()) == {t.public_id for t in many if t.created_at.date() >= cut.date()}
    Tracker.objects.filter(pk=many[2].pk).update(updated_at=timezone.now() + timedelta(days=1))
    assert get(updated_after=(timezone.now() + timedelta(hours=1)).isoformat()) == {many[2].public_id}
    assert get(status="delivered", courier="sandbox") == {
        p for p, t in by_id.items() if t.status == "delivered" and t.courier == "sandbox"
    }


def test_q_searches_number_order_title_name_and_email(api, many):
    def q(text):
        return set(ids(api.get("/api/v1/trackers", {"q": text, "limit": 100})))

    assert q("0000012") == {many[12].public_id}
    assert q("#1013") == {many[13].public_id}
    assert q("item 14") == {many[14].public_id}
    assert q("karen") == {many[7].public_id}
    assert q("C15@EXAMPLE") == {many[15].public_id}
    assert q("nothing like this") == set()


@pytest.mark.parametrize(
    "params",
    [{"status": "lost"}, {"created_after": "yesterday"}, {"updated_after": "2026-13-01"}],
)
def test_bad_filter_values_are_400(api, params):
    response = api.get("/api/v1/trackers", params)
    assert response.status_code == 400
    assert error_of(response)["errors"][0]["field"] == next(iter(params))


def test_list_page_of_100_runs_in_constant_queries(api, acme, django_assert_max_num_queries, one_rate_window):
    for i in range(100):
        tracker = TrackerFactory(organization=acme)
        if i < 3:
            TrackingEventFactory(tracker=tracker)
    api.get("/api/v1/trackers")  # key's last_used_at is written once a minute; warm it
    with django_assert_max_num_queries(2):  # the key, one page
        response = api.get("/api/v1/trackers", {"limit": 100})
    assert len(response.json()["data"]) == 100


def test_detail_has_events_newest_first_with_local_times(api, acme):
    tracker = make_tracker(acme, "PKGX-AAAAAAA-0000009", title="Mug")
    Tracker.objects.filter(pk=tracker.pk).update(created_at=timezone.now() - timedelta(hours=1))
    tracker.refresh_from_db()
    services.refresh_now(tracker)
    TrackingEventFactory(
        tracker=tracker, occurred_at=datetime(2020, 1, 1, 12, tzinfo=UTC), time_zone=None, fingerprint="nozone"
    )
    response = api.get(f"/api/v1/trackers/{tracker.public_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == tracker.public_id
    assert body["public_url"] == f"http://testserver/t/{tracker.public_token}/"
    events = body["events"]
    assert len(events) >= 5
    times = [e["occurred_at"] for e in events]
    assert times == sorted(times, reverse=True)
    zoned = events[0]
    assert zoned["time_zone"] and zoned["time_zone_known"] is True
    assert zoned["occurred_at"].endswith("Z")
    local = datetime.fromisoformat(zoned["local_time"])
    assert local.utcoffset() is not None
    assert local == datetime.fromisoformat(zoned["occurred_at"].replace("Z", "+00:00"))
    assert {"status", "status_detail", "message", "location"} <= set(zoned)
    assert set(zoned["location"]) == {"city", "state", "postal_code", "country"}
    unzoned = events[-1]
    assert unzoned["time_zone"] is None and unzoned["time_zone_known"] is False
    assert unzoned["local_time"] == "2020-01-01T12:00:00+00:00"


def test_detail_of_unknown_id_is_404(api):
    response = api.get("/api/v1/trackers/trk_doesnotexist")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_detail_with_200_events_runs_in_constant_queries(one_rate_window, api, acme, django_assert_max_num_queries):
    tracker = TrackerFactory(organization=acme)
    for _ in range(200):
        TrackingEventFactory(tracker=tracker)
    api.get(f"/api/v1/trackers/{tracker.public_id}")
    with django_assert_max_num_queries(3):  # the key, the tracker, its events
        response = api.get(f"/api/v1/trackers/{tracker.public_id}")
    assert len(response.json()["events"]) == 200


def test_detail_of_a_tracker_without_events_has_an_empty_timeline(api, acme):
    tracker = make_tracker(acme, "PKGX-AAAAAAA-0000042", metadata={"k": ["v", 1]}, ship_date="2026-03-01")
    body = api.get(f"/api/v1/trackers/{tracker.public_id}").json()
    assert body["events"] == []
    assert body["metadata"] == {"k": ["v", 1]}
    assert body["ship_date"] == "2026-03-01"
    assert body["created_at"].endswith("Z")


def test_detail_read_matches_the_orm(api, acme):
    """The one-statement read gives the same document as the tracker and events loaded by the ORM."""
    from trackers.representation import tracker_dict

    tracker = make_tracker(acme, "PKGX-AAAAAAA-0000043", title="Mug", order_created_at="2026-03-01T10:00:00Z")
    for i in range(5):
        TrackingEventFactory(tracker=tracker, occurred_at=timezone.now() - timedelta(hours=i), time_zone=None)
    tracker.refresh_from_db()
    expected = tracker_dict(tracker, tracker.events.order_by("-occurred_at", "-id"))
    assert api.get(f"/api/v1/trackers/{tracker.public_id}").json() == expected


def test_a_repeated_detail_read_is_one_small_query(api, acme, django_assert_num_queries, one_rate_window):
    tracker = TrackerFactory(organization=acme)
    TrackingEventFactory(tracker=tracker)
    api.get(f"/api/v1/trackers/{tracker.public_id}")
    with django_assert_num_queries(1):
        assert len(api.get(f"/api/v1/trackers/{tracker.public_id}").json()["events"]) == 1


def test_the_detail_document_follows_every_change(api, acme):
    tracker = make_tracker(acme, "PKGX-AAAAAAA-0000044")
    url = f"/api/v1/trackers/{tracker.public_id}"
    assert api.get(url).json()["events"] == []
    Tracker.objects.filter(pk=tracker.pk).update(created_at=timezone.now() - timedelta(minutes=3))
    tracker.refresh_from_db()
    services.refresh_now(tracker)  # the refresh engine adds events and moves updated_at
    refreshed = api.get(url).json()
    assert len(refreshed["events"]) >= 3 and refreshed["status"] != "unknown"
    api.patch(url, {"title": "Renamed", "metadata": {"a": 1}}, format="json")
    assert api.get(url).json()["title"] == "Renamed"
    assert api.get(url).json()["metadata"] == {"a": 1}
    api.delete(url)
    assert api.get(url).status_code == 404
