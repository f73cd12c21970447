"""Request budgets per carrier account, pauses on 429 and circuits on 5xx, against a rationing carrier.

The carrier is a local USPS (tests/carriers/quota.py) that counts requests per hour and answers
429 with Retry-After beyond its quota, so a budget that let one request too many would show as a
429 at the server. The clock is held mid-hour, so every request of a test falls in one window.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from accounts.models import Mode
from carriers import budgets
from carriers.budgets import BudgetSyntaxError, Limit
from tests.carriers.quota import QuotaCarrier
from tests.factories import OrganizationFactory, TrackerFactory
from trackers import budget_claims, throttle
from trackers.models import CarrierAccount, Tracker
from trackers.staleness import Staleness
from trackers.tasks import refresh_all_due, refresh_ids

NOW = datetime(2026, 2, 27, 15, 30, tzinfo=UTC)  # mid-hour, while the documents are in transit


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def carrier(db, settings, clock):
    with QuotaCarrier(quota=5) as server:
        settings.CARRIER_SETTINGS = {
            **settings.CARRIER_SETTINGS,
            "usps": {"base_url": server.url, "client_id": "id", "client_secret": "secret"},
        }
        settings.CARRIER_TIMEOUT = 10
        settings.CARRIER_BUDGETS = "usps=5/hour"
        yield server


def live_trackers(count: int, organization=None, due: datetime = NOW) -> list[Tracker]:
    organization = organization or OrganizationFactory()
    return [
        TrackerFactory(
            organization=organization,
            mode=Mode.LIVE,
            courier="usps",
            tracking_number=f"94001118995625376{n:05d}",
            next_refresh_at=due - timedelta(minutes=n),
        )
        for n in range(count)
    ]


def test_budgets_parse_several_limits_per_carrier_and_own_credentials(settings):
    parsed = budgets.parse("usps=60/hour, dhl=250/day,dhl=5/second,ups=none,usps@org_1=10/min")
    assert parsed == {
        "usps": (Limit(3600, 60),),
        "dhl": (Limit(1, 5), Limit(86400, 250)),
        "ups": (),
        "usps@org_1": (Limit(60, 10),),
    }
    with pytest.raises(BudgetSyntaxError):
        budgets.parse("usps=60/fortnight")
    settings.CARRIER_BUDGETS = "usps=60/hour,usps@org_1=10/minute"
    assert budgets.limits("usps@org_1") == (Limit(60, 10),)
    assert budgets.limits("usps@org_2") == (Limit(3600, 60),)  # own credentials: the carrier's limits, own count
    assert budgets.limits("dhl") == (Limit(1, 1), Limit(86400, 250))  # the documented default


def test_reservations_from_many_workers_never_pass_the_limit(db, clock):
    limits = (Limit(3600, 10), Limit(60, 4))
    grants = [throttle.reserve("usps", 3, limits, NOW).count for _ in range(5)]
    assert sum(grants) == 4 and grants[:2] == [3, 1]
    assert throttle.used("usps", Limit(60, 4), NOW) == 4  # what was not granted was given back
    assert throttle.reserve("usps", 1, limits, NOW + timedelta(minutes=1)).count == 1  # a new minute


def test_the_budget_is_never_exceeded_and_the_rest_wait_with_a_reason(carrier):
    trackers = live_trackers(12)
    report = refresh_all_due()
    assert len(carrier.tracking()) == 5 and carrier.refused == 0
    assert report.refreshed == 5
    rows = Tracker.objects.order_by("next_refresh_at")
    waiting = [t for t in rows if t.last_refreshed_at is None]
    assert len(waiting) == 7 and {t.staleness_reason for t in waiting} == {Staleness.CARRIER_BUDGET}
    # The most overdue were asked first.
    asked = {t.pk for t in rows if t.last_refreshed_at is not None}
    assert asked == {t.pk for t in trackers[-5:]}
    # Asked directly (no claim), the gate still holds the line.
    assert refresh_ids([t.pk for t in waiting]).deferred == 7
    assert len(carrier.tracking()) == 5 and carrier.refused == 0


def test_a_429_pauses_the_carrier_for_every_tracker(carrier, settings):
    settings.CARRIER_BUDGETS = "usps=100/hour"
    carrier.quota = 0  # the carrier's own count says no: 429, Retry-After to the end of the hour
    live_trackers(4)
    refresh_ids(list(Tracker.objects.values_list("pk", flat=True)))
    assert len(carrier.tracking()) == 1
    paused_until = CarrierAccount.objects.get(account="usps").paused_until
    assert paused_until == datetime(2026, 2, 27, 16, tzinfo=UTC)
    assert set(Tracker.objects.values_list("staleness_reason", "next_refresh_at")) == {
        (Staleness.CARRIER_THROTTLED, paused_until)
    }
    # Another batch, another worker: nobody asks before the pause ends, and claims take nothing.
    more = live_trackers(3)
    assert refresh_ids([more[0].pk]).deferred == 1
    assert budget_claims.claim_all(10) == []
    assert len(carrier.tracking()) == 1
    assert set(Tracker.objects.filter(pk__in=[t.pk for t in more]).values_list("staleness_reason", flat=True)) == {
        Staleness.CARRIER_THROTTLED
    }


def test_repeated_5xx_open_the_circuit_and_an_answer_closes_it(carrier, settings, clock):
    settings.CARRIER_BUDGETS = "usps=100/hour"
    settings.CARRIER_CIRCUIT_FAILURES = 3
    settings.CARRIER_CIRCUIT_SECONDS = 60
    carrier.fail_with = [503, 503, 503, 503]
    trackers = live_trackers(5)
    refresh_ids([t.pk for t in trackers])
    assert len(carrier.tracking()) == 3  # the third failure opened the circuit
    state = CarrierAccount.objects.get(account="usps")
    assert state.circuit_open_until == NOW + timedelta(seconds=60)
    reasons = Counter(Tracker.objects.values_list("staleness_reason", flat=True))
    assert reasons == {Staleness.BACKOFF: 3, Staleness.CARRIER_DOWN: 2}

    # Past the pause one probe goes; it fails, and the circuit opens again for twice as long.
    clock.shift(61)
    refresh_ids([t.pk for t in trackers])
    assert len(carrier.tracking()) == 4
    state.refresh_from_db()
    assert state.circuit_open_until == NOW + timedelta(seconds=61 + 120) and state.circuit_opens == 2
    assert throttle.circuit_state(state, NOW + timedelta(seconds=62)) == "open"

    # The next probe is answered: the circuit closes and the rest of the batch goes.
    clock.shift(121)
    refresh_ids([t.pk for t in trackers])
    assert len(carrier.tracking()) == 9
    state.refresh_from_db()
    assert (state.failures, state.circuit_open_until, state.circuit_opens) == (0, None, 0)
    assert set(Tracker.objects.values_list("staleness_reason", flat=True)) == {""}


def test_a_large_tenant_does_not_starve_the_others(carrier, settings):
    settings.CARRIER_BUDGETS = "usps=20/hour"
    carrier.quota = 20
    big, small = OrganizationFactory(), OrganizationFactory()
    live_trackers(90, big)
    # The small tenant's trackers are all less overdue than every one of the big tenant's.
    smalls = live_trackers(10, small, due=NOW - timedelta(minutes=1) + timedelta(seconds=30))
    for tracker in smalls:
        Tracker.objects.filter(pk=tracker.pk).update(next_refresh_at=NOW - timedelta(seconds=10))
    claims = budget_claims.claim_all(10, batch_size=50)
    claimed = Tracker.objects.filter(pk__in=[pk for c in claims for pk in c.ids])
    assert Counter(claimed.values_list("organization_id", flat=True)) == {big.pk: 10, small.pk: 10}
    # The big tenant's ten are its most overdue.
    assert sorted(claimed.filter(organization=big).values_list("tracking_number", flat=True))[0].endswith("00080")
    for claim in claims:
        refresh_ids(claim.ids, claim.permits)
    assert len(carrier.tracking()) == 20 and carrier.refused == 0
    assert budget_claims.claim_all(10) == []  # spent for this hour
    assert Tracker.objects.filter(staleness_reason=Staleness.CARRIER_BUDGET).count() == 80
