"""`manage.py renormalize`: today's maps and overrides applied to kept answers, through the refresh's apply."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Mode
from carriers import usps
from carriers.statuses import Detail, Status
from events.models import Event
from tests.httpserver import Canned
from trackers import overrides, services
from trackers.models import Tracker, TrackingEvent
from trackers.refresh import refresh_trackers

from . import dhl_documents as dhl_doc
from . import documents as doc

NOW = datetime(2026, 3, 5, 18, tzinfo=UTC)


@pytest.fixture
def two_trackers(acme, usps_live, dhl_live) -> tuple[Tracker, Tracker]:
    """A USPS and a DHL tracker of acme, each refreshed once (so each has a kept answer)."""
    usps_live.add("POST", "/oauth2/v3/token", Canned(200, doc.USPS_TOKEN))
    usps_live.add("GET", f"/tracking/v3/tracking/{doc.USPS_NUMBER}", Canned(200, doc.USPS_TRACKING_IN_TRANSIT))
    dhl_live.add("GET", "/track/shipments", Canned(200, dhl_doc.TRACKING_IN_TRANSIT))
    with time_machine.travel(NOW, tick=False):
        first = services.create_tracker(acme, Mode.LIVE, doc.USPS_NUMBER, "usps").tracker
        second = services.create_tracker(acme, Mode.LIVE, dhl_doc.DHL_NUMBER, "dhl").tracker
        refresh_trackers([first, second])
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.OUT_FOR_DELIVERY and second.status == Status.OUT_FOR_DELIVERY
    return first, second


def renormalize(*args: str) -> str:
    out = StringIO()
    call_command("renormalize", *args, stdout=out)
    return out.getvalue()


def updates() -> list[str]:
    return list(Event.objects.filter(type="tracker.updated").values_list("subject_id", flat=True))


def state(tracker: Tracker) -> tuple:
    tracker.refresh_from_db()
    events = TrackingEvent.objects.filter(tracker=tracker).order_by("occurred_at", "id")
    return tracker.status, tracker.status_detail, [(e.status, e.status_detail, e.fingerprint) for e in events]


def test_a_changed_map_is_applied_to_exactly_the_trackers_it_changes(two_trackers, monkeypatch):
    usps_tracker, dhl_tracker = two_trackers
    dhl_before, emitted_before = state(dhl_tracker), updates()
    count = TrackingEvent.objects.filter(tracker=usps_tracker).count()
    monkeypatch.setitem(usps.EVENT_CODES, "OF", (Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP))

    output = renormalize()

    assert f"{usps_tracker.public_id} usps" in output and dhl_tracker.public_id not in output
    status, detail, events = state(usps_tracker)
    assert (status, detail) == (Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP)
    assert len(events) == count  # the scan restated in place, not added beside the old one
    assert events[-1][:2] == (Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP)
    assert updates()[len(emitted_before) :] == [usps_tracker.public_id]
    assert state(dhl_tracker) == dhl_before

    # Applied: a second run and the next refresh find nothing new.
    again = renormalize()
    assert "changed 0" in again and updates()[len(emitted_before) :] == [usps_tracker.public_id]


def test_a_dry_run_lists_what_would_change_and_writes_nothing(two_trackers, monkeypatch):
    usps_tracker, dhl_tracker = two_trackers
    before = (state(usps_tracker), state(dhl_tracker), Event.objects.count())
    monkeypatch.setitem(usps.EVENT_CODES, "OF", (Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP))

    output = renormalize("--dry-run")

    assert f"{usps_tracker.public_id} usps {doc.USPS_NUMBER}: out_for_delivery/out_for_delivery" in output
    assert "-> available_for_pickup/available_for_pickup, 1 scan would change" in output
    assert "examined 2 would change 1" in output
    assert (state(usps_tracker), state(dhl_tracker), Event.objects.count()) == before


def test_filters_choose_the_trackers(two_trackers, monkeypatch, globex):
    usps_tracker, _dhl = two_trackers
    monkeypatch.setitem(usps.EVENT_CODES, "OF", (Status.AVAILABLE_FOR_PICKUP, Detail.AVAILABLE_FOR_PICKUP))
    assert "examined 1 would change 0" in renormalize("--dry-run", "--carrier", "dhl")
    assert "examined 0" in renormalize("--dry-run", "--organization", globex.slug)
    assert "examined 0" in renormalize("--dry-run", "--since", "2026-03-06")
    assert "examined 0" in renormalize("--dry-run", "--until", "2026-03-05")
    assert "examined 2 would change 1" in renormalize("--dry-run", "--since", "2026-03-05", "--until", "2026-03-06")
    with pytest.raises(CommandError):
        renormalize("--organization", "nobody")
    with pytest.raises(CommandError):
        renormalize("--since", "yesterday")
    assert usps_tracker.status == Status.OUT_FOR_DELIVERY


def test_an_override_is_applied_to_its_organizations_kept_answers_only(two_trackers, globex):
    usps_tracker, dhl_tracker = two_trackers
    overrides.save_override(globex, "usps", "OF", Status.FAILURE, Detail.PACKAGE_LOST)
    assert "changed 0" in renormalize()  # another organization's override never applies

    overrides.save_override(usps_tracker.organization, "usps", "OF", Status.FAILURE, Detail.PACKAGE_LOST)
    emitted = len(updates())
    renormalize()
    status, detail, events = state(usps_tracker)
    assert (status, detail) == (Status.FAILURE, Detail.PACKAGE_LOST)
    assert events[-1][:2] == (Status.FAILURE, Detail.PACKAGE_LOST)
    assert updates()[emitted:] == [usps_tracker.public_id]
    assert dhl_tracker.status == Status.OUT_FOR_DELIVERY
