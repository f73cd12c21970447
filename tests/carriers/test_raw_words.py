"""A scan's own code and extra words, read back from the raw scan each adapter keeps."""

from __future__ import annotations

from carriers.raw_words import raw_words

from . import dhl_documents as dhl_doc
from . import documents as doc
from . import fedex_documents as fedex_doc
from . import seventeentrack_documents as agg_doc


def test_each_adapters_raw_scan_gives_its_code():
    assert raw_words(doc.USPS_EVENTS_IN_TRANSIT[1]) == ("07", "")
    assert raw_words(doc.UPS_ACTIVITY[0])[0] == doc.UPS_ACTIVITY[0]["status"]["code"]
    assert raw_words(dhl_doc.EVENTS_IN_TRANSIT[0]) == ("transit", "")
    assert raw_words({**dhl_doc.EVENTS_IN_TRANSIT[0], "remark": "The courier calls first."}) == (
        "transit",
        "The courier calls first.",
    )
    exception = fedex_doc.scan("2026-03-04T08:05:00-08:00", "DE", "Delivery exception", None, "Customer not available")
    assert raw_words(exception) == ("DE", "Customer not available")
    assert raw_words(agg_doc.EVENTS[0])[0] == agg_doc.EVENTS[0]["sub_status"]


def test_scans_that_say_nothing_of_the_kind_give_nothing():
    assert raw_words({"sandbox_step": 3}) == ("", "")
    assert raw_words(None) == ("", "")
    assert raw_words({"eventCode": None, "eventType": "Accepted"}) == ("", "")
    assert raw_words({"status": "not an object"}) == ("", "")
