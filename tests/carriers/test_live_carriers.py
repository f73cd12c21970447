"""The operator's carrier commands against servers answering like the carriers.

The first test runs the real commands in a child process configured only through the environment
(DHL_API_KEY and DHL_API_BASE, FedEx's and the aggregator's variables), on a database of its own;
the others refresh in-process and check the stored rows in detail.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import time_machine

from accounts.models import Mode
from carriers.statuses import Detail, Status
from tests.httpserver import Canned
from trackers import services
from trackers.models import TrackingEvent
from trackers.refresh import refresh_trackers
from trackers.representation import tracker_dict

from . import dhl_documents as doc
from . import fedex_documents as fedex_doc
from . import seventeentrack_documents as agg_doc

PATH = "/track/shipments"
ROOT = Path(__file__).resolve().parents[2]


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def test_add_tracker_then_refresh_trackers_with_carriers_configured_from_the_environment(http_server, tmp_path):
    """DHL, FedEx and the aggregator (for Yanwen), each from its documented variables only."""
    http_server.add("GET", PATH, Canned(200, doc.delivered()))
    http_server.add("POST", "/oauth/token", Canned(200, fedex_doc.TOKEN))
    http_server.add("POST", "/track/v1/trackingnumbers", Canned(200, fedex_doc.delivered()))
    http_server.add("POST", "/track/v2.2/gettrackinfo", Canned(200, agg_doc.IN_TRANSIT))
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.endswith(("_API_KEY", "_API_BASE", "_BASE_URL", "_CLIENT_ID", "_CLIENT_SECRET"))
        and key != "DATABASE_URL"
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'done.sqlite3'}",
        DJANGO_SETTINGS_MODULE="config.settings",
        DHL_API_KEY="dhl-key",
        DHL_API_BASE=http_server.url,
        FEDEX_CLIENT_ID="fedex-id",
        FEDEX_CLIENT_SECRET="fedex-secret",
        FEDEX_API_BASE=http_server.url + "/ignored/path",  # only scheme and host are replaced
        SEVENTEENTRACK_API_KEY="17-key",
        SEVENTEENTRACK_API_BASE=http_server.url,
    )
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "create_api_key", "--org", "shop", "--mode", "live")
    cases = {
        "dhl": (doc.DHL_NUMBER, ("delivered", "delivered", "Jane Smith", 8)),
        "fedex": (fedex_doc.FEDEX_NUMBER, ("delivered", "delivered", "K.NG", 7)),
        "yanwen": (agg_doc.NUMBER, ("out_for_delivery", "out_for_delivery", "", 5)),
    }
    ids = {
        courier: manage(env, "add_tracker", "--org", "shop", "--mode", "live", "--courier", courier, number)
        for courier, (number, _expected) in cases.items()
    }
    assert all(tracker_id.startswith("trk_") for tracker_id in ids.values())
    assert manage(env, "refresh_trackers", *ids.values()) == "refreshed 3 changed 3 events_added 20 failed 0"
    assert manage(env, "tracker_status", ids["dhl"]) == "delivered delivered 8"
    with closing(sqlite3.connect(tmp_path / "done.sqlite3")) as db:
        for courier, (_number, expected) in cases.items():
            row = db.execute(
                "SELECT status, status_detail, signed_by, (SELECT COUNT(*) FROM trackers_trackingevent e"
                " WHERE e.tracker_id = t.id) FROM trackers_tracker t WHERE public_id = ?",
                [ids[courier]],
            ).fetchone()
            assert row == expected, courier
        zones = {z for (z,) in db.execute("SELECT DISTINCT time_zone FROM trackers_trackingevent")}
    assert {"Asia/Hong_Kong", "Europe/Berlin", "America/Chicago", "Asia/Shanghai", "Europe/Madrid", None} <= zones
    (hit,) = http_server.hits("GET", PATH)
    assert hit.headers["DHL-API-Key"] == "dhl-key" and hit.query["trackingNumber"] == [doc.DHL_NUMBER]
    assert http_server.hits("POST", "/track/v2.2/gettrackinfo")[0].headers["17token"] == "17-key"


def test_a_live_dhl_tracker_gets_local_times_zones_status_and_signer(acme, dhl_live):
    dhl_live.add("GET", PATH, Canned(200, doc.TRACKING_IN_TRANSIT), Canned(200, doc.delivered()))
    with time_machine.travel(datetime(2026, 3, 4, 12, tzinfo=UTC), tick=False) as clock:
        tracker = services.create_tracker(acme, Mode.LIVE, doc.DHL_NUMBER, "dhl").tracker
        first = refresh_trackers([tracker])
        tracker.refresh_from_db()
        assert first.events_added == 7 and first.failed == 0
        assert (tracker.status, tracker.status_detail) == (Status.OUT_FOR_DELIVERY, Detail.OUT_FOR_DELIVERY)
        assert (tracker.service, tracker.weight, tracker.weight_unit) == ("EXPRESS WORLDWIDE", 1.5, "kg")
        clock.shift(3600)
        second = refresh_trackers([tracker])
        tracker.refresh_from_db()
    assert second.events_added == 1
    assert (tracker.status, tracker.status_detail, tracker.signed_by) == (
        Status.DELIVERED,
        Detail.DELIVERED,
        "Jane Smith",
    )
    assert tracker.delivered_at == datetime(2026, 3, 4, 13, 47, tzinfo=UTC)
    events = list(TrackingEvent.objects.filter(tracker=tracker).order_by("occurred_at"))
    assert [e.time_zone for e in events] == [
        None,
        "Asia/Hong_Kong",
        "Asia/Hong_Kong",
        "Europe/Berlin",
        "Europe/Berlin",
        "Europe/London",
        "Europe/London",
        "Europe/London",
    ]
    document = tracker_dict(tracker, reversed(events))
    assert document["signed_by"] == "Jane Smith"
    assert document["weight"] == {"value": 1.5, "unit": "kg"}
    assert document["service"] == "EXPRESS WORLDWIDE"
    assert document["carrier_error"] is None
    pickup = document["events"][-2]
    assert (pickup["local_time"], pickup["time_zone"]) == ("2026-03-02T18:02:00+08:00", "Asia/Hong_Kong")
    unplaced = document["events"][-1]
    assert (unplaced["time_zone"], unplaced["time_zone_known"]) == (None, False)


def test_a_refused_key_backs_off_and_says_so_in_words(acme, dhl_live):
    dhl_live.add("GET", PATH, Canned(401, doc.UNAUTHORIZED))
    now = datetime(2026, 3, 4, 12, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        tracker = services.create_tracker(acme, Mode.LIVE, doc.DHL_NUMBER, "dhl").tracker
        refresh_trackers([tracker])
        tracker.refresh_from_db()
    assert tracker.last_error.startswith("authentication_failure: DHL answered HTTP 401")
    assert (tracker.next_refresh_at - now).total_seconds() >= 3600
    assert tracker_dict(tracker)["carrier_error"] == tracker.last_error


def test_a_live_fedex_tracker_gets_its_events_zones_status_and_signer(acme, fedex_live):
    fedex_live.add("POST", "/oauth/token", Canned(200, fedex_doc.TOKEN))
    fedex_live.add("POST", "/track/v1/trackingnumbers", Canned(200, fedex_doc.delivered()))
    with time_machine.travel(datetime(2026, 3, 4, 23, tzinfo=UTC), tick=False):
        tracker = services.create_tracker(acme, Mode.LIVE, fedex_doc.FEDEX_NUMBER, "fedex").tracker
        refresh_trackers([tracker])
        tracker.refresh_from_db()
    assert (tracker.status, tracker.signed_by, tracker.weight, tracker.weight_unit) == (
        Status.DELIVERED,
        "K.NG",
        4.5,
        "lb",
    )
    zones = list(
        TrackingEvent.objects.filter(tracker=tracker).order_by("occurred_at").values_list("time_zone", flat=True)
    )
    assert zones == [
        None,
        "America/Denver",
        "America/Chicago",
        "America/Chicago",
        "America/Los_Angeles",
        "America/Los_Angeles",
        "America/Los_Angeles",
    ]
    assert tracker.next_refresh_at is None  # delivered: never asked again
