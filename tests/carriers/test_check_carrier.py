"""check_carrier: an operator's live look-up with the configured credentials, nothing stored."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.httpserver import Canned
from trackers.models import Tracker

from . import dhl_documents as dhl_doc
from . import seventeentrack_documents as agg_doc


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("check_carrier", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip().splitlines()


def test_prints_the_normalized_result_with_local_times(dhl_live, db):
    dhl_live.add("GET", "/track/shipments", Canned(200, dhl_doc.delivered()))
    lines = run("dhl", dhl_doc.DHL_NUMBER)
    assert lines[-1] == "delivered delivered 8"
    assert "2026-03-02T18:02:00+08:00 [Asia/Hong_Kong] in_transit/accepted Shipment picked up (HONG KONG, HK)" in lines
    assert "2026-03-02T09:00:00+00:00 [zone unknown] pre_transit/label_created Shipment information received" in lines
    assert "signed by: Jane Smith" in lines and "weight: 1.5 kg" in lines and "service: EXPRESS WORLDWIDE" in lines
    assert Tracker.objects.count() == 0


def test_goes_through_the_aggregator_for_couriers_without_a_direct_adapter(aggregator_live, db):
    aggregator_live.add("POST", "/track/v2.2/gettrackinfo", Canned(200, agg_doc.IN_TRANSIT))
    assert run("yanwen", agg_doc.NUMBER)[-1] == "out_for_delivery out_for_delivery 5"


def test_errors_are_said_in_words(dhl_live, settings, db):
    dhl_live.add("GET", "/track/shipments", Canned(401, dhl_doc.UNAUTHORIZED))
    with pytest.raises(CommandError, match="authentication_failure: DHL answered HTTP 401"):
        run("dhl", dhl_doc.DHL_NUMBER)
    with pytest.raises(CommandError, match="Unknown courier code 'nope'"):
        run("nope", "123")
    settings.CARRIER_SETTINGS = {**settings.CARRIER_SETTINGS, "fedex": {}, "17track": {}}
    with pytest.raises(CommandError, match="FedEx is not configured"):
        run("fedex", "794843185271")
