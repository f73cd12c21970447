"""Back fast after an outage: a failing endpoint is probed every minute, and its first 2xx sends
its whole queue at once (oldest first, at a bounded rate), each event once per webhook-id."""

import json
from datetime import timedelta

from accounts.models import Mode
from tests.factories import SubscriptionFactory
from tests.webhooks.support import T0, send_due
from trackers import services as trackers
from webhooks import dispatch, health, subscriptions, tasks
from webhooks.models import Delivery, DeliveryStatus, Subscription


def sweep_minute(clock) -> None:
    """One tick of the minute schedule: the sweep's probe, then what is due."""
    health.probe_failing()
    send_due()
    clock.shift(60)


def test_an_hour_long_outage_is_delivered_within_two_minutes_of_recovery_each_event_once(acme, hook, receiver, clock):
    receiver.status = 503
    numbers = [f"PKGX-DDDDDDD-{i:07d}" for i in range(30)]
    # An event every two minutes for an hour, the sweep running every minute throughout.
    for minute in range(60):
        if minute % 2 == 0:
            trackers.create_tracker(acme, Mode.TEST, numbers[minute // 2])
            send_due()  # the delivery task a commit queues
        sweep_minute(clock)
    assert Delivery.objects.filter(status=DeliveryStatus.PENDING).count() == 30
    hook.refresh_from_db()
    assert hook.failing_since is not None and hook.enabled

    receiver.status = 200
    answered_ok_from = len(receiver.requests)
    recovered_at = dispatch.timezone.now()
    while Delivery.objects.filter(status=DeliveryStatus.PENDING).exists():
        assert dispatch.timezone.now() - recovered_at <= timedelta(minutes=2), "still waiting 2 minutes after"
        sweep_minute(clock)

    assert Delivery.objects.filter(status=DeliveryStatus.SUCCEEDED).count() == 30
    events = list(Delivery.objects.order_by("pk").values_list("event__public_id", flat=True))
    ok = [r.headers["webhook-id"] for r in receiver.requests[answered_ok_from:]]
    assert sorted(ok) == sorted(events) and len(ok) == len(set(ok)), "each event delivered once"
    hook.refresh_from_db()
    assert hook.failing_since is None and hook.last_success_at is not None


def test_without_probing_the_same_outage_would_wait_for_the_backoff(acme, hook, receiver, clock):
    """The schedule alone (no probe) leaves the oldest delivery waiting far past recovery: this is
    what the probe is for, and what the test above would catch if it were removed."""
    receiver.status = 503
    trackers.create_tracker(acme, Mode.TEST, "PKGX-DDDDDDD-0000001")
    for _ in range(60):
        send_due()
        clock.shift(60)
    receiver.status = 200
    clock.shift(120)
    send_due()
    assert Delivery.objects.get().status == DeliveryStatus.PENDING


def test_a_probe_takes_the_oldest_waiting_delivery_and_does_not_use_up_its_attempts(acme, hook, receiver, clock):
    receiver.status = 503
    first = trackers.create_tracker(acme, Mode.TEST, "PKGX-DDDDDDD-0000001").tracker
    trackers.create_tracker(acme, Mode.TEST, "PKGX-DDDDDDD-0000002")
    send_due()
    oldest, newer = Delivery.objects.order_by("pk")
    assert oldest.event.subject_id == first.public_id
    # Only the probe moves them now: both natural retries are hours away.
    Delivery.objects.update(next_attempt_at=T0 + timedelta(hours=6))
    for _ in range(dispatch.MAX_ATTEMPTS + 5):
        clock.shift(60)
        assert health.probe_failing() in (0, 1)
        send_due()
    oldest.refresh_from_db()
    newer.refresh_from_db()
    assert oldest.status == DeliveryStatus.PENDING
    assert oldest.attempts == 1 + dispatch.MAX_ATTEMPTS + 5 and oldest.max_attempts == oldest.attempts + 9
    assert newer.attempts == 1, "the probe takes the oldest only"


def test_no_probe_for_healthy_or_disabled_endpoints_or_when_something_is_due(acme, hook, receiver, clock):
    receiver.status = 503
    trackers.create_tracker(acme, Mode.TEST, "PKGX-DDDDDDD-0000001")
    send_due()
    # A retry due within the probe interval is probe enough.
    Delivery.objects.update(next_attempt_at=T0 + timedelta(seconds=50))
    assert health.probe_failing() == 0
    clock.shift(30)
    Delivery.objects.update(next_attempt_at=T0 + timedelta(hours=1))
    assert health.probe_failing() == 1
    assert Delivery.objects.get().next_attempt_at == T0 + timedelta(seconds=30)
    Subscription.objects.filter(pk=hook.pk).update(enabled=False)
    Delivery.objects.update(next_attempt_at=T0 + timedelta(hours=1))
    assert health.probe_failing() == 0
    Subscription.objects.filter(pk=hook.pk).update(enabled=True, failing_since=None)
    assert health.probe_failing() == 0


def test_catch_up_spreads_a_large_queue_over_minutes_oldest_first(acme, hook, clock, settings):
    settings.WEBHOOK_RECOVERY_PER_MINUTE = 4
    for i in range(10):
        trackers.create_tracker(acme, Mode.TEST, f"PKGX-DDDDDDD-{i:07d}")
    later = T0 + timedelta(hours=2)
    Delivery.objects.update(next_attempt_at=later)
    assert health.catch_up(hook.pk) == 10
    due = list(Delivery.objects.order_by("pk").values_list("next_attempt_at", flat=True))
    assert due == [T0] * 4 + [T0 + timedelta(minutes=1)] * 4 + [T0 + timedelta(minutes=2)] * 2


def test_a_queue_pulled_forward_is_claimed_in_the_order_of_its_events(acme, hook, clock):
    for i in range(5):
        trackers.create_tracker(acme, Mode.TEST, f"PKGX-DDDDDDD-{i:07d}")
    Delivery.objects.update(next_attempt_at=T0 + timedelta(hours=1))
    health.catch_up(hook.pk)
    claimed = dispatch.claim()
    assert [d.pk for d in claimed] == sorted(Delivery.objects.values_list("pk", flat=True))
    ordered = list(Delivery.objects.filter(pk__in=[d.pk for d in claimed]).order_by("event__created_at", "event__pk"))
    assert [d.pk for d in claimed] == [d.pk for d in ordered]


def test_a_leased_delivery_is_left_to_its_worker(acme, hook, clock):
    trackers.create_tracker(acme, Mode.TEST, "PKGX-DDDDDDD-0000001")
    lease = T0 + timedelta(minutes=5)
    Delivery.objects.update(next_attempt_at=lease, lease_until=lease)
    assert health.catch_up(hook.pk) == 0
    # A worker died holding it: the lease ran out, so it is due again and the next claim sends it.
    clock.shift(timedelta(minutes=6))
    assert [d.pk for d in dispatch.claim()] == [Delivery.objects.get().pk]


def test_the_api_and_dashboard_show_an_endpoints_health(acme, hook, receiver, clock, api):
    receiver.status = 503
    trackers.create_tracker(acme, Mode.TEST, "PKGX-DDDDDDD-0000001")
    send_due()
    SubscriptionFactory(organization=acme, url=hook.url)
    body = api.get("/api/v1/webhooks").json()
    failing = next(w for w in body["data"] if w["id"] == hook.public_id)
    assert failing["health"] == {
        "failing_since": "2026-03-01T12:00:00Z",
        "last_success_at": None,
        "pending_deliveries": 1,
    }
    detail = api.get(f"/api/v1/webhooks/{hook.public_id}").json()
    assert detail["health"]["pending_deliveries"] == 1
    subs = list(subscriptions.with_queue(subscriptions.subscriptions_for(acme, Mode.TEST)))
    assert sorted(s.pending_deliveries for s in subs) == [0, 1]


def test_listing_webhooks_with_their_queues_costs_constant_queries(acme, api, django_assert_max_num_queries):
    for i in range(5):
        SubscriptionFactory(organization=acme, url=f"https://93.184.215.14/hooks/{i}")
    with django_assert_max_num_queries(12) as few:
        api.get("/api/v1/webhooks")
    for i in range(5, 15):
        SubscriptionFactory(organization=acme, url=f"https://93.184.215.14/hooks/{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get("/api/v1/webhooks").json()["data"]) == 15


def test_the_sweep_task_probes_before_sending(acme, hook, receiver, clock):
    receiver.status = 503
    trackers.create_tracker(acme, Mode.TEST, "PKGX-DDDDDDD-0000001")
    send_due()
    Delivery.objects.update(next_attempt_at=T0 + timedelta(hours=3))
    receiver.status = 200
    clock.shift(30)
    tasks.sweep()
    assert Delivery.objects.get().status == DeliveryStatus.SUCCEEDED
    assert json.loads(receiver.requests[-1].body)["type"] == "tracker.created"
