"""Tracktry's realtime, composed of the tracker services: a pair is created once, then refreshed."""

from __future__ import annotations

from accounts.models import Mode
from dialects.tracktry.realtime import track_now
from trackers.models import Tracker


def test_track_now_creates_once_then_refreshes(acme, sandbox_instant):
    created = track_now(acme, Mode.TEST, "PKGX-HHHHHHH-0000001", "usps", {"title": "Mug"})
    assert created.created and created.tracker.status == "return_to_sender" and created.tracker.title == "Mug"
    again = track_now(acme, Mode.TEST, "PKGX-HHHHHHH-0000001", "usps", {"title": "Cup"})
    assert not again.created and again.tracker.pk == created.tracker.pk and again.tracker.title == "Cup"
    assert Tracker.objects.count() == 1
