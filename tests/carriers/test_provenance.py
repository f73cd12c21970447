"""The carrier's own words kept: raw codes per scan, answers kept compressed, organizations' overrides."""

from __future__ import annotations

import json
import zlib
from datetime import UTC, datetime, timedelta

import time_machine

from accounts.models import Mode
from carriers import provenance, usps
from carriers.statuses import Detail, Status
from tests.factories import OrganizationFactory
from tests.httpserver import Canned
from trackers import answers, overrides, services
from trackers.models import CarrierAnswer, TrackingEvent
from trackers.refresh import refresh_trackers
from trackers.representation import event_dict

from . import dhl_documents as dhl_doc
from . import documents as doc
from . import fedex_documents as fedex_doc
from . import seventeentrack_documents as agg_doc

NOW = datetime(2026, 3, 5, 18, tzinfo=UTC)
USPS_PATH = f"/tracking/v3/tracking/{doc.USPS_NUMBER}"


def refreshed(org, number: str, courier: str) -> list[TrackingEvent]:
    with time_machine.travel(NOW, tick=False):
        tracker = services.create_tracker(org, Mode.LIVE, number, courier).tracker
        report = refresh_trackers([tracker])
    assert report.failed == 0 and report.events_added
    return list(TrackingEvent.objects.filter(tracker=tracker).order_by("occurred_at"))


def codes(events: list[TrackingEvent]) -> list[tuple[str, str]]:
    return sorted((e.raw_code, e.raw_description) for e in events)


def test_usps_scans_keep_their_event_code(acme, usps_live):
    usps_live.add("POST", "/oauth2/v3/token", Canned(200, doc.USPS_TOKEN))
    usps_live.add("GET", USPS_PATH, Canned(200, doc.USPS_TRACKING_IN_TRANSIT))
    events = refreshed(acme, doc.USPS_NUMBER, "usps")
    assert codes(events) == sorted((e["eventCode"], "") for e in doc.USPS_EVENTS_IN_TRANSIT)
    assert event_dict(events[-1])["raw_code"] == "OF"


def test_ups_activities_keep_their_status_code_and_short_words(acme, ups_live):
    ups_live.add("POST", "/security/v1/oauth/token", Canned(200, doc.UPS_TOKEN))
    ups_live.add("GET", f"/api/track/v1/details/{doc.UPS_NUMBER}", Canned(200, doc.UPS_TRACKING))
    events = refreshed(acme, doc.UPS_NUMBER, "ups")
    expected = [(a["status"]["code"], a["status"]["simplifiedTextDescription"]) for a in doc.UPS_ACTIVITY]
    assert codes(events) == sorted(expected)
    # The words equal the message here: the API shows only words beyond it.
    assert event_dict(events[-1])["raw_description"] == ""


def test_dhl_events_keep_their_status_code_and_remark(acme, dhl_live):
    body = {"shipments": [{**dhl_doc.SHIPMENT_IN_TRANSIT, "events": [dict(e) for e in dhl_doc.EVENTS_IN_TRANSIT]}]}
    body["shipments"][0]["events"][0]["remark"] = "The courier calls first."
    dhl_live.add("GET", "/track/shipments", Canned(200, body))
    events = refreshed(acme, dhl_doc.DHL_NUMBER, "dhl")
    assert {e.raw_code for e in events} == {"transit", "pre-transit"}
    assert events[-1].raw_description == "The courier calls first."
    assert event_dict(events[-1])["raw_description"] == "The courier calls first."


def test_fedex_scans_keep_their_event_type_and_exception_words(acme, fedex_live):
    fedex_live.add("POST", "/oauth/token", Canned(200, fedex_doc.TOKEN))
    fedex_live.add("POST", "/track/v1/trackingnumbers", Canned(200, fedex_doc.exception()))
    events = refreshed(acme, fedex_doc.FEDEX_NUMBER, "fedex")
    assert events[-1].raw_code == "DE"
    assert events[-1].raw_description == "Incorrect address - Street number not valid for street name"
    assert {e.raw_code for e in events} == {"DE"} | {s["eventType"] for s in fedex_doc.SCANS_IN_TRANSIT}


def test_aggregated_events_keep_their_sub_status(acme, aggregator_live):
    aggregator_live.add("POST", "/track/v2.2/gettrackinfo", Canned(200, agg_doc.IN_TRANSIT))
    events = refreshed(acme, agg_doc.NUMBER, "yanwen")
    assert sorted(e.raw_code for e in events) == sorted(e["sub_status"] for e in agg_doc.EVENTS)


def test_answers_that_change_something_are_kept_compressed_then_purged(acme, usps_live, settings):
    usps_live.add("POST", "/oauth2/v3/token", Canned(200, doc.USPS_TOKEN))
    usps_live.add(
        "GET",
        USPS_PATH,
        Canned(200, doc.USPS_TRACKING_IN_TRANSIT),
        Canned(200, doc.USPS_TRACKING_IN_TRANSIT),
        Canned(200, doc.usps_delivered()),
    )
    with time_machine.travel(NOW, tick=False) as clock:
        tracker = services.create_tracker(acme, Mode.LIVE, doc.USPS_NUMBER, "usps").tracker
        refresh_trackers([tracker])
        clock.shift(600)
        assert refresh_trackers([tracker]).changed == 0  # the same answer again: nothing kept
        clock.shift(600)
        refresh_trackers([tracker])
    kept = list(CarrierAnswer.objects.filter(tracker=tracker).order_by("received_at"))
    assert [a.received_at for a in kept] == [NOW, NOW + timedelta(seconds=1200)]
    first = kept[0]
    raw = bytes(first.body)
    assert zlib.decompress(raw) == answers.body(first) and len(raw) < len(answers.body(first))
    assert json.loads(answers.body(first)) == doc.USPS_TRACKING_IN_TRANSIT  # the body, not our parse
    assert (first.adapter, first.map_version) == ("usps", provenance.map_version("usps"))
    assert (first.raw_code, first.status, first.overridden) == ("OF", Status.OUT_FOR_DELIVERY, False)
    assert (kept[1].raw_code, kept[1].status) == ("01", Status.DELIVERED)

    settings.CARRIER_ANSWER_RETENTION_DAYS = 30
    assert answers.purge(NOW + timedelta(days=30, seconds=600)) == 1  # the first is past 30 days
    assert list(CarrierAnswer.objects.filter(tracker=tracker)) == [kept[1]]


def test_the_map_version_follows_the_maps_contents(monkeypatch):
    before = provenance.map_version("usps")
    assert len(before) == 12 and before == provenance.map_version("usps")
    assert before != provenance.map_version("ups")
    monkeypatch.setitem(usps.EVENT_CODES, "OF", (Status.IN_TRANSIT, Detail.IN_TRANSIT))
    assert provenance.map_version("usps") != before


def test_an_override_changes_the_next_refresh_for_its_organization_only(acme, usps_live):
    globex_like = OrganizationFactory(slug="initech")
    overrides.save_override(globex_like, "usps", "OF", Status.FAILURE, Detail.PACKAGE_LOST)
    usps_live.add("POST", "/oauth2/v3/token", Canned(200, doc.USPS_TOKEN))
    usps_live.add("GET", USPS_PATH, *[Canned(200, doc.USPS_TRACKING_IN_TRANSIT)] * 3)
    with time_machine.travel(NOW, tick=False) as clock:
        tracker = services.create_tracker(acme, Mode.LIVE, doc.USPS_NUMBER, "usps").tracker
        refresh_trackers([tracker])
        tracker.refresh_from_db()
        assert tracker.status == Status.OUT_FOR_DELIVERY  # another organization's override never applies

        overrides.save_override(acme, "usps", "OF", Status.FAILURE, Detail.PACKAGE_LOST)
        clock.shift(600)
        report = refresh_trackers([tracker])
    tracker.refresh_from_db()
    assert (tracker.status, tracker.status_detail) == (Status.FAILURE, Detail.PACKAGE_LOST)
    # The scan keeps its identity: nothing is duplicated (renormalize restates the stored scan).
    assert report.changed == 1 and report.events_added == 0
    assert TrackingEvent.objects.filter(tracker=tracker).count() == len(doc.USPS_EVENTS_IN_TRANSIT)
    newest = CarrierAnswer.objects.filter(tracker=tracker).order_by("-received_at").first()
    assert newest is not None and newest.overridden and newest.status == Status.FAILURE


def test_the_hourly_purge_is_scheduled(db):
    from django_q.models import Schedule

    from trackers.schedule import ANSWERS_SCHEDULE_NAME

    (row,) = Schedule.objects.filter(name=ANSWERS_SCHEDULE_NAME)
    assert (row.func, row.minutes) == ("trackers.answers.purge", 60)


def test_a_kept_answer_about_several_numbers_is_read_for_each(acme):
    other = fedex_doc._result(fedex_doc.SCANS_IN_TRANSIT, "DL", "Delivered")
    body = json.loads(json.dumps(fedex_doc.TRACKING_IN_TRANSIT))
    body["output"]["completeTrackResults"].insert(0, {"trackingNumber": "999999999999", "trackResults": [other]})
    raw = json.dumps(body).encode()
    assert provenance.reparse("fedex", raw, fedex_doc.FEDEX_NUMBER).status == Status.OUT_FOR_DELIVERY
    assert provenance.reparse("fedex", raw, "999999999999").status == Status.DELIVERED
