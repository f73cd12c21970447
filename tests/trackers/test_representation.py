"""The tracker's document: a list's links read the URL configuration once and say the same."""

from __future__ import annotations

import pytest
from django.urls import set_script_prefix

from tests.factories import TrackerFactory
from trackers.representation import tracker_dict, tracker_dicts

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix", ["/", "/tracking/"])
def test_a_list_links_each_tracker_as_its_own_document_does(acme, settings, prefix):
    settings.PUBLIC_BASE_URL = "https://parcels.example"
    trackers = TrackerFactory.create_batch(3, organization=acme)
    set_script_prefix(prefix)
    try:
        listed = tracker_dicts(trackers)
        assert [d["public_url"] for d in listed] == [t.public_url for t in trackers]
        assert listed == [tracker_dict(t) for t in trackers]
        assert listed[0]["public_url"] == f"https://parcels.example{prefix}t/{trackers[0].public_token}/"
    finally:
        set_script_prefix("/")
