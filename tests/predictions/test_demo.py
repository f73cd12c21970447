"""`make run`'s demo: generated history, so sandbox trackers show a predicted date with a range."""

from __future__ import annotations

import io
import json
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from accounts.models import Mode, Organization
from predictions.models import DeliveryRecord
from trackers.management.commands.setup_demo import DEMO_NUMBERS
from trackers.models import Tracker
from trackers.predicting import PREDICTED
from trackers.representation import tracker_dict


def test_the_demo_trackers_show_a_predicted_range_and_the_backtest_runs(db, settings, tmp_path):
    settings.BASE_DIR = tmp_path
    call_command("setup_demo", stdout=io.StringIO())
    org = Organization.objects.get(slug="demo")
    assert DeliveryRecord.objects.filter(organization=org, mode=Mode.TEST).count() > 3000
    # The sandbox trackers on their way (the demo's exception queue has others, in trouble).
    moving = Tracker.objects.filter(organization=org, tracking_number__in=DEMO_NUMBERS, status__in=PREDICTED)
    assert moving
    for tracker in moving:
        shown = tracker_dict(tracker)["estimated_delivery"]
        assert shown["date"] and shown["earliest"] <= shown["date"] <= shown["latest"], shown
        assert shown["earliest"] < shown["latest"]  # a range, not a single day
    before = DeliveryRecord.objects.count()
    call_command("setup_demo", stdout=io.StringIO())
    assert DeliveryRecord.objects.count() == before  # history is generated once
    split = (timezone.localdate() - timedelta(weeks=8)).isoformat()
    out = io.StringIO()
    call_command("edd_backtest", "--org", "demo", "--mode", "test", "--split", split, "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["model"]["n"] > 500 and result["model"]["mae_days"] < result["carrier_median"]["mae_days"]
