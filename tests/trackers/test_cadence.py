"""The refresh cadence policy as a table."""

from datetime import UTC, datetime, timedelta

import pytest

from carriers.statuses import Status
from trackers.cadence import Plan, backoff, plan
from trackers.lifecycle import Lifecycle

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)
H = timedelta(hours=1)
M = timedelta(minutes=1)
D = timedelta(days=1)
# An organization that expires after a week without news and refreshes three days after delivery.
WEEK_AND_THREE = Lifecycle(expire_after_days=7, refresh_after_delivery_days=3)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # Final statuses are never looked at again.
        ({"status": Status.DELIVERED}, Plan(None)),
        ({"status": Status.CANCELED}, Plan(None)),
        # The sandbox has said all it ever will.
        ({"status": Status.FAILURE, "sandbox": True, "complete": True}, Plan(None)),
        # The sandbox moves one step a minute (SANDBOX_STEP_SECONDS).
        ({"status": Status.IN_TRANSIT, "sandbox": True}, Plan(NOW + 60 * timedelta(seconds=1))),
        # Live, early in transit: every few hours; pre-transit slower.
        ({"status": Status.PRE_TRANSIT}, Plan(NOW + 6 * H)),
        ({"status": Status.IN_TRANSIT}, Plan(NOW + 4 * H)),
        # Faster as delivery nears.
        ({"status": Status.IN_TRANSIT, "est_delivery_at": NOW + 10 * H}, Plan(NOW + H)),
        ({"status": Status.OUT_FOR_DELIVERY}, Plan(NOW + 30 * M)),
        ({"status": Status.AVAILABLE_FOR_PICKUP}, Plan(NOW + 6 * H)),
        # Slow after a failure: it can resume.
        ({"status": Status.FAILURE}, Plan(NOW + 24 * H)),
        ({"status": Status.RETURN_TO_SENDER}, Plan(NOW + 8 * H)),
        # A new tracker the carrier does not know yet is looked at often on its first day...
        ({"status": Status.UNKNOWN, "created_at": NOW - H}, Plan(NOW + 30 * M)),
        # ...then less often.
        ({"status": Status.UNKNOWN, "created_at": NOW - 48 * H}, Plan(NOW + 2 * H)),
        # Carrier errors back off exponentially, and a Retry-After is honoured.
        ({"status": Status.IN_TRANSIT, "failures": 1}, Plan(NOW + 5 * M)),
        ({"status": Status.IN_TRANSIT, "failures": 3}, Plan(NOW + 20 * M)),
        ({"status": Status.IN_TRANSIT, "failures": 30}, Plan(NOW + 12 * H)),
        ({"status": Status.IN_TRANSIT, "failures": 1, "retry_after": 3600}, Plan(NOW + H)),
        # No new information for 30 days: expire.
        ({"status": Status.IN_TRANSIT, "last_event_at": NOW - timedelta(days=31)}, Plan(None, expire=True)),
        ({"status": Status.UNKNOWN, "created_at": NOW - timedelta(days=30)}, Plan(None, expire=True)),
        # The organization's days without news replace the installation's 30.
        ({"status": Status.IN_TRANSIT, "last_event_at": NOW - 8 * D, "lifecycle": WEEK_AND_THREE}, Plan(None, True)),
        ({"status": Status.IN_TRANSIT, "last_event_at": NOW - 6 * D, "lifecycle": WEEK_AND_THREE}, Plan(NOW + 4 * H)),
        ({"status": Status.IN_TRANSIT, "last_event_at": NOW - 31 * D, "lifecycle": Lifecycle(60)}, Plan(NOW + 4 * H)),
        # Days after delivery: a delivered tracker is still asked twice a day until then...
        ({"status": Status.DELIVERED, "delivered_at": NOW - D, "lifecycle": WEEK_AND_THREE}, Plan(NOW + 12 * H)),
        # ...never past the end of that window...
        (
            {"status": Status.DELIVERED, "delivered_at": NOW - 3 * D + 2 * H, "lifecycle": WEEK_AND_THREE},
            Plan(NOW + 2 * H),
        ),
        # ...and backs off on carrier errors like any other.
        (
            {"status": Status.DELIVERED, "delivered_at": NOW - D, "failures": 1, "lifecycle": WEEK_AND_THREE},
            Plan(NOW + 5 * M),
        ),
        # Past the window it stops (completed, not expired).
        ({"status": Status.DELIVERED, "delivered_at": NOW - 3 * D, "lifecycle": WEEK_AND_THREE}, Plan(None)),
        # Without a delivery scan the last news counts as the delivery.
        ({"status": Status.DELIVERED, "last_event_at": NOW - 4 * D, "lifecycle": WEEK_AND_THREE}, Plan(None)),
        # A carrier that says nothing more will happen stops it at once; canceled never waits.
        (
            {"status": Status.DELIVERED, "delivered_at": NOW - D, "complete": True, "lifecycle": WEEK_AND_THREE},
            Plan(None),
        ),
        ({"status": Status.CANCELED, "lifecycle": WEEK_AND_THREE}, Plan(None)),
        # While the carrier pushes (last push within PUSH_SILENCE_HOURS, 48), polling is a fallback
        # every PUSH_FALLBACK_HOURS (12), never past the silence's end...
        ({"status": Status.OUT_FOR_DELIVERY, "pushed_at": NOW - H}, Plan(NOW + 12 * H)),
        ({"status": Status.IN_TRANSIT, "est_delivery_at": NOW + 10 * H, "pushed_at": NOW}, Plan(NOW + 12 * H)),
        ({"status": Status.IN_TRANSIT, "pushed_at": NOW - 40 * H}, Plan(NOW + 8 * H)),
        ({"status": Status.FAILURE, "pushed_at": NOW - H}, Plan(NOW + 24 * H)),  # never faster than normal
        # ...then back to the normal cadence once pushes stop coming.
        ({"status": Status.OUT_FOR_DELIVERY, "pushed_at": NOW - 48 * H}, Plan(NOW + 30 * M)),
        # Errors and final statuses are decided before pushes count.
        ({"status": Status.IN_TRANSIT, "failures": 1, "pushed_at": NOW}, Plan(NOW + 5 * M)),
        ({"status": Status.DELIVERED, "pushed_at": NOW}, Plan(None)),
    ],
)
def test_cadence_table(kwargs, expected):
    kwargs = {"created_at": NOW - H, **kwargs}
    assert plan(now=NOW, **kwargs) == expected


def test_backoff_grows_then_caps():
    delays = [backoff(n) for n in range(1, 12)]
    assert delays == sorted(delays)
    assert delays[0] == 5 * M
    assert delays[-1] == 12 * H


def test_the_installation_default_comes_from_the_environment(settings):
    settings.EXPIRE_AFTER_DAYS, settings.REFRESH_AFTER_DELIVERY_DAYS = 10, 2
    assert plan(status=Status.IN_TRANSIT, now=NOW, created_at=NOW - 11 * D) == Plan(None, expire=True)
    delivered = {"status": Status.DELIVERED, "now": NOW, "created_at": NOW - 5 * D, "delivered_at": NOW - D}
    assert plan(**delivered) == Plan(NOW + 12 * H)
    assert plan(**delivered, lifecycle=Lifecycle.of(None, 0)) == Plan(None)
    assert Lifecycle.of(None, 0) == Lifecycle(10, 0)
