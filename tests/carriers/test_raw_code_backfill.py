"""The migration that filled raw codes of scans stored before the columns reads them as the parsers do."""

from __future__ import annotations

import importlib

from carriers import dhl, fedex, seventeentrack, ups, usps

from . import dhl_documents as dhl_doc
from . import documents as doc
from . import fedex_documents as fedex_doc
from . import seventeentrack_documents as agg_doc

backfill = importlib.import_module("trackers.migrations.0017_backfill_event_raw_codes")


def test_the_backfill_reads_each_carriers_raw_scan_as_its_parser_does():
    exception = fedex_doc.scan("2026-03-04T08:05:00-08:00", "DE", "Delivery exception", None, "Customer not available")
    scans = [
        (usps.parse_event, doc.USPS_EVENTS_IN_TRANSIT[1]),
        (ups.parse_activity, doc.UPS_ACTIVITY[1]),
        (dhl.parse_event, {**dhl_doc.EVENTS_IN_TRANSIT[0], "remark": "The courier calls first."}),
        (fedex.parse_event, exception),
        (seventeentrack.parse_event, agg_doc.EVENTS[0]),
    ]
    for parse, raw in scans:
        event = parse(raw)
        assert event is not None and event.raw_code
        assert backfill._words(raw) == (event.raw_code, event.raw_description), raw


def test_scans_that_say_nothing_of_the_kind_stay_empty():
    assert backfill._words({"sandbox_step": 3}) == ("", "")
    assert backfill._words(None) == ("", "")
    assert backfill._words({"eventCode": None, "eventType": "Accepted"}) == ("", "")
