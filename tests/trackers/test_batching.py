"""Several numbers per carrier call: 17TRACK and FedEx asked in chunks, one request of budget per call.

The carriers are local servers shaped like their APIs (tests/carriers/quota.py): they answer each
number of a call apart, refuse a call with more numbers than the API takes, ration calls per hour
and answer 429 past the quota. The clock is held mid-hour, so every call of a test falls in one
budget window.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache

from accounts.models import Mode
from carriers import budgets, health
from carriers.statuses import Status
from tests.carriers.quota import FedExCarrier, SeventeenTrackCarrier
from tests.factories import OrganizationFactory, TrackerFactory
from trackers import budget_claims, throttle
from trackers.models import CarrierAccount, Tracker
from trackers.staleness import Staleness
from trackers.tasks import refresh_ids

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)  # mid-hour, after the documents' last scans
INFO, REGISTER = "/track/v2.2/gettrackinfo", "/track/v2.2/register"


@pytest.fixture(autouse=True)
def clock():
    health.forget()
    cache.clear()
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def seventeen(db, settings):
    with SeventeenTrackCarrier() as server:
        settings.CARRIER_SETTINGS = {
            **settings.CARRIER_SETTINGS,
            "17track": {"base_url": server.url, "api_key": "17-key"},
        }
        settings.CARRIER_TIMEOUT = 10
        settings.CARRIER_BUDGETS = "17track=100/hour"
        yield server


@pytest.fixture
def fedex(db, settings):
    with FedExCarrier() as server:
        settings.CARRIER_SETTINGS = {
            **settings.CARRIER_SETTINGS,
            "fedex": {"base_url": server.url, "client_id": "fedex-id", "client_secret": "fedex-secret"},
        }
        settings.CARRIER_TIMEOUT = 10
        settings.CARRIER_BUDGETS = "fedex=100/hour"
        yield server


def live(count: int, courier: str, prefix: str, **fields) -> list[Tracker]:
    organization = fields.pop("organization", None) or OrganizationFactory()
    return [
        TrackerFactory(
            organization=organization,
            mode=Mode.LIVE,
            courier=courier,
            tracking_number=f"{prefix}{n:06d}",
            next_refresh_at=NOW - timedelta(minutes=1),
            **fields,
        )
        for n in range(count)
    ]


def used(account: str) -> int:
    return sum(throttle.used(account, limit, NOW) for limit in budgets.limits(account))


def ids(trackers: list[Tracker]) -> list[int]:
    return [t.pk for t in trackers]


def test_forty_17track_trackers_cost_one_call_and_one_register_round(seventeen):
    trackers = live(40, "yanwen", "UG", language="")
    for tracker in trackers[:3]:
        Tracker.objects.filter(pk=tracker.pk).update(language="de")
    report = refresh_ids(ids(trackers))
    assert report.refreshed == 40 and report.failed == 0
    # Unknown to 17TRACK: asked (40 numbers), registered together (40), asked again (40).
    assert [(r.path, len(json.loads(r.body))) for r in seventeen.calls()] == [(INFO, 40), (REGISTER, 40), (INFO, 40)]
    registered = json.loads(seventeen.calls(REGISTER)[0].body)
    # Each entry its own language (the chunk's order is the claim's, which ties leave to the database).
    german = {t.tracking_number for t in trackers[:3]}
    assert {item["number"]: item.get("lang") for item in registered} == {
        t.tracking_number: "de" if t.tracking_number in german else None for t in trackers
    }
    assert all(item["carrier"] == 190012 for item in registered)  # each entry its courier's key
    assert set(Tracker.objects.values_list("status", flat=True)) == {Status.OUT_FOR_DELIVERY}
    assert used("17track") == 3  # the budget counts calls, not trackers

    Tracker.objects.update(next_refresh_at=NOW)
    assert refresh_ids(ids(trackers)).refreshed == 40
    assert len(seventeen.calls()) == 4 and used("17track") == 4  # known now: one call for forty


def test_seventy_fedex_trackers_cost_three_calls(fedex):
    trackers = live(70, "fedex", "7948431")
    report = refresh_ids(ids(trackers))
    assert report.refreshed == 70 and report.failed == 0
    assert [len(json.loads(r.body)["trackingInfo"]) for r in fedex.calls()] == [30, 30, 10]
    assert len(fedex.hits("POST", "/oauth/token")) == 1
    assert set(Tracker.objects.values_list("status", flat=True)) == {Status.OUT_FOR_DELIVERY}
    assert used("fedex") == 3


def test_fedex_details_reach_each_entry_and_a_locale_takes_its_own_call(fedex):
    german = live(2, "fedex", "7948432", language="de")
    Tracker.objects.filter(pk=german[0].pk).update(ship_date=date(2026, 3, 1))
    english = live(1, "fedex", "7948433")
    refresh_ids(ids(german + english))
    calls = {r.headers["X-locale"]: json.loads(r.body)["trackingInfo"] for r in fedex.calls()}
    assert sorted(calls) == ["de_DE", "en_US"]
    assert calls["de_DE"][0]["shipDateBegin"] == "2026-03-01" and "shipDateBegin" not in calls["de_DE"][1]
    assert used("fedex") == 2


def test_a_number_the_carrier_rejects_affects_only_its_tracker(fedex, seventeen):
    fedexes = live(5, "fedex", "7948434")
    fedex.refuse = {fedexes[2].tracking_number}
    yanwens = live(5, "yanwen", "UG7")
    seventeen.refuse = {yanwens[1].tracking_number}
    report = refresh_ids(ids(fedexes + yanwens))
    assert len(fedex.calls()) == 1 and report.failed == 2 and report.refreshed == 10
    refused = Tracker.objects.filter(pk__in=[fedexes[2].pk, yanwens[1].pk])
    assert {(t.staleness_reason, t.refresh_failures) for t in refused} == {(Staleness.BACKOFF, 1)}
    assert all("refused the number" in t.last_error for t in refused)
    others = Tracker.objects.exclude(pk__in=[t.pk for t in refused])
    assert {(t.status, t.staleness_reason, t.refresh_failures) for t in others} == {(Status.OUT_FOR_DELIVERY, "", 0)}
    assert not CarrierAccount.objects.filter(failures__gt=0).exists()  # the carriers answered


def test_a_429_on_a_batch_pauses_the_account_and_defers_all_of_them(fedex):
    fedex.quota = 0  # the carrier's own count says no: 429, Retry-After to the end of the hour
    trackers = live(70, "fedex", "7948435")
    report = refresh_ids(ids(trackers))
    assert len(fedex.calls()) == 1  # the first call's 429 stopped the other two
    paused_until = CarrierAccount.objects.get(account="fedex").paused_until
    assert paused_until == datetime(2026, 3, 10, 10, tzinfo=UTC)
    assert report.deferred == 70 and report.failed == 0 and report.refreshed == 0
    assert set(Tracker.objects.values_list("staleness_reason", "next_refresh_at", "refresh_failures")) == {
        (Staleness.CARRIER_THROTTLED, paused_until, 0)
    }


def test_budgets_count_calls_at_the_claim_and_at_the_gate(fedex, settings):
    settings.CARRIER_BUDGETS = "fedex=2/hour"
    trackers = live(70, "fedex", "7948436")
    claims = budget_claims.claim_all(10, batch_size=200)
    assert [(len(c.ids), c.calls) for c in claims] == [(60, 2)]  # two calls carry sixty trackers
    for claim in claims:
        assert refresh_ids(claim.ids, claim.permits).refreshed == 60
    assert [len(json.loads(r.body)["trackingInfo"]) for r in fedex.calls()] == [30, 30]
    assert fedex.refused == 0 and used("fedex") == 2
    waiting = Tracker.objects.filter(last_refreshed_at__isnull=True)
    assert waiting.count() == 10 and set(waiting.values_list("staleness_reason", flat=True)) == {
        Staleness.CARRIER_BUDGET
    }
    # Asked directly (no claim), the gate holds the line: nothing left this hour.
    assert refresh_ids(ids(trackers)).deferred == 70 and len(fedex.calls()) == 2


def test_the_register_round_waits_when_the_budget_has_no_call_left(seventeen, settings):
    settings.CARRIER_BUDGETS = "17track=1/hour"
    trackers = live(3, "yanwen", "UG8")
    report = refresh_ids(ids(trackers))
    assert [r.path for r in seventeen.calls()] == [INFO]  # asked once; no budget to register
    assert report.deferred == 3
    assert set(Tracker.objects.values_list("staleness_reason", flat=True)) == {Staleness.CARRIER_BUDGET}


def test_two_trackers_of_one_number_share_a_slot(fedex):
    first = live(1, "fedex", "7948437")
    second = live(1, "fedex", "7948437")  # another organization follows the same parcel
    refresh_ids(ids(first + second))
    assert [len(json.loads(r.body)["trackingInfo"]) for r in fedex.calls()] == [1]
    assert set(Tracker.objects.values_list("status", flat=True)) == {Status.OUT_FOR_DELIVERY}
