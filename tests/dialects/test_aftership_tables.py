"""The AfterShip dialect's tables: every (status, status_detail) pair onto a tag and subtag the SDK
accepts, the tag filter finding exactly the trackers shown with that tag, mark-as-completed's
reasons, meta codes, country codes and slugs."""

from __future__ import annotations

import itertools

import pytest
from tracking.models import Checkpoint, Tag

from accounts.models import Mode
from carriers.statuses import Detail, Status
from core.errors import ServiceError, not_found
from dialects.aftership import tables
from tests.factories import TrackerFactory
from trackers.models import Tracker

PAIRS = list(itertools.product(Status.values, ["", *Detail.values]))


@pytest.mark.parametrize(("status", "detail"), PAIRS)
def test_every_pair_maps_to_a_tag_and_subtag_the_sdk_accepts(status, detail):
    sub = tables.subtag(status, detail)
    assert sub.tag in tables.TAGS and Tag(sub.tag)
    assert sub.subtag.startswith(sub.tag + "_") and sub.subtag[-3:].isdigit() and sub.message
    checkpoint = Checkpoint.model_validate({"tag": sub.tag, "subtag": sub.subtag, "subtag_message": sub.message})
    assert checkpoint.tag == Tag(sub.tag)


def test_each_table_entry_is_a_real_pair_and_every_status_has_a_default():
    assert set(tables.BY_STATUS) == set(Status.values)
    for status, detail in tables.BY_DETAIL:
        assert status in Status.values and detail in Detail.values


def test_the_tag_filter_finds_exactly_the_trackers_shown_with_that_tag(acme):
    for status, detail in PAIRS:
        TrackerFactory(organization=acme, mode=Mode.TEST, status=status, status_detail=detail)
    trackers = Tracker.objects.filter(organization=acme)
    for tag in tables.TAGS:
        found = set(trackers.filter(tables.tag_filter([tag])).values_list("status", "status_detail"))
        assert found == {(s, d) for s, d in PAIRS if tables.subtag(s, d).tag == tag}, tag
    with pytest.raises(ServiceError):
        tables.tag_filter(["Lost"])


def test_mark_as_completed_reasons_land_on_the_tags_aftership_sets():
    shown = {reason: tables.subtag(*pair).subtag for reason, pair in tables.COMPLETED.items()}
    assert shown == {"DELIVERED": "Delivered_001", "LOST": "Exception_013", "RETURNED_TO_SENDER": "Exception_011"}


@pytest.mark.parametrize(
    ("error", "meta"),
    [
        (not_found("tracker"), (4004, "NotFound")),
        (not_found("object"), (404, "NotFound")),
        (ServiceError("tracker_exists", "x", 400), (4003, "BadRequest")),
        (ServiceError("tracking_number_required", "x", 400), (4007, "BadRequest")),
        (ServiceError("unknown_courier", "x", 400), (4010, "BadRequest")),
        (ServiceError("courier_not_detected", "x", 422), (4012, "BadRequest")),
        (ServiceError("tracker_active", "x", 400), (4016, "BadRequest")),
        (ServiceError("unauthorized", "x", 401, reason="api_key_invalid"), (401, "Unauthorized")),
        (ServiceError("rate_limited", "x", 429), (429, "TooManyRequests")),
        (ServiceError("something_new", "x", 400), (400, "BadRequest")),
        (ServiceError("server_error", "x", 500), (500, "InternalError")),
    ],
)
def test_meta_codes(error, meta):
    assert tables.meta_for(error) == meta


def test_country_codes_both_ways_from_geonames():
    assert tables.alpha3("US") == "USA" and tables.alpha3("hk") == "HKG" and tables.alpha3("") is None
    assert tables.alpha2("deu", "origin") == "DE"
    with pytest.raises(ServiceError):
        tables.alpha2("XXX", "origin")


def test_slugs_both_ways():
    assert tables.courier_code("Deutsch-Post") == "deutsche-post" and tables.slug_for("deutsche-post") == "deutsch-post"
    assert tables.courier_code("ups") == "ups" and tables.slug_for("ups") == "ups"
