"""The delivery engine against a real receiver: fan-out scope, backoff, disabling, leases, deletion."""

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from standardwebhooks import Webhook

from accounts.models import Mode
from core.errors import ServiceError
from events.models import Event, EventType
from tests.factories import SubscriptionFactory
from tests.webhooks.support import T0, send_due
from trackers import services as trackers
from trackers.refresh import refresh_trackers
from webhooks import dispatch, sending, services
from webhooks.models import Delivery, DeliveryAttempt, DeliveryStatus, Subscription


def statements(queries) -> list[str]:
    """Statement kinds, with consecutive INSERT chunks (SQLite's parameter limit) counted once."""
    kinds = [" ".join(q["sql"].split("(")[0].split()[:3]) for q in queries if not q["sql"].startswith("SAVEPOINT")]
    kinds = [k for k in kinds if not k.startswith("RELEASE")]
    return [k for i, k in enumerate(kinds) if not (k.startswith("INSERT") and i and kinds[i - 1] == k)]


def make_tracker(org, number="PKGX-DDDDDDD-1234567", mode=Mode.TEST):
    return trackers.create_tracker(org, mode, number).tracker


# --- fan-out ------------------------------------------------------------------------------------


def test_events_go_only_to_matching_enabled_subscriptions_of_the_same_org_and_mode(acme, globex, hook):
    only_deleted = SubscriptionFactory(organization=acme, event_types=[EventType.TRACKER_DELETED], url=hook.url)
    live = SubscriptionFactory(organization=acme, mode=Mode.LIVE, url=hook.url)
    other_org = SubscriptionFactory(organization=globex, url=hook.url)
    disabled = SubscriptionFactory(organization=acme, enabled=False, url=hook.url)
    tracker = make_tracker(acme)
    created = Event.objects.get(type=EventType.TRACKER_CREATED, subject_id=tracker.public_id)
    assert list(Delivery.objects.values_list("event", "subscription")) == [(created.pk, hook.pk)]
    trackers.delete_tracker(tracker)
    deleted = Event.objects.get(type=EventType.TRACKER_DELETED)
    assert set(Delivery.objects.filter(event=deleted).values_list("subscription", flat=True)) == {
        hook.pk,
        only_deleted.pk,
    }
    assert not Delivery.objects.filter(subscription__in=[live, other_org, disabled]).exists()


def test_a_live_event_reaches_live_subscriptions_only(acme, hook):
    live = SubscriptionFactory(organization=acme, mode=Mode.LIVE, url=hook.url)
    make_tracker(acme, "9400111899223197428490", mode=Mode.LIVE)
    assert list(Delivery.objects.values_list("subscription", flat=True)) == [live.pk]


def test_fan_out_in_a_refresh_batch_costs_constant_queries(acme, hook, clock):
    SubscriptionFactory(organization=acme, url=hook.url)
    small = [make_tracker(acme, f"PKGX-AAAAAAA-{i:07d}") for i in range(2)]
    large = [make_tracker(acme, f"PKGX-BBBBBBB-{i:07d}") for i in range(40)]
    clock.shift(600)
    with CaptureQueriesContext(connection) as small_run:
        refresh_trackers(small)
    with CaptureQueriesContext(connection) as large_run:
        refresh_trackers(large)
    # Counted as statements: SQLite cuts one bulk insert into chunks by its parameter limit, so the
    # raw count grows with the rows' width. The trackers under lock, the organizations' refresh
    # lifecycles, the deliveries' history (insert, lanes read under lock, upsert), the events, the
    # trackers, the outbox, the shipments' check, the subscriptions and the deliveries: 11 on
    # SQLite, 15 on PostgreSQL, where the inserts go through staging tables.
    assert len(statements(small_run.captured_queries)) <= 15
    assert statements(large_run.captured_queries) == statements(small_run.captured_queries)
    assert any("webhooks_delivery" in q["sql"] for q in large_run.captured_queries)
    assert Delivery.objects.filter(event__type=EventType.TRACKER_UPDATED).count() == 2 * 42


def test_a_refresh_that_changes_nothing_writes_no_event_and_no_delivery(acme, hook, clock):
    tracker = make_tracker(acme)
    refresh_trackers([tracker])
    events, deliveries = Event.objects.count(), Delivery.objects.count()
    report = refresh_trackers([tracker])
    assert report.changed == 0
    assert (Event.objects.count(), Delivery.objects.count()) == (events, deliveries)


# --- sending and recording ----------------------------------------------------------------------


def test_a_delivery_is_signed_and_recorded(acme, hook, receiver, clock):
    tracker = make_tracker(acme)
    assert send_due() == 1
    got = receiver.requests[0]
    payload = Webhook(hook.secret).verify(got.body, got.headers)
    assert payload["type"] == "tracker.created" and payload["data"]["id"] == tracker.public_id
    assert got.headers["webhook-id"] == payload["id"]
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at, delivery.lease_until) == (
        DeliveryStatus.SUCCEEDED,
        1,
        None,
        None,
    )
    attempt = delivery.attempt_log.get()
    assert (attempt.number, attempt.status_code, attempt.error, attempt.response_excerpt) == (1, 200, "", "ok")


def test_an_unsigned_subscription_sends_no_signature(acme, hook, receiver):
    Subscription.objects.filter(pk=hook.pk).update(secret="")
    make_tracker(acme)
    send_due()
    assert "webhook-signature" not in {k.lower() for k in receiver.requests[0].headers}


def test_backoff_schedule_is_exponential_with_jitter_over_about_three_days():
    import random

    rng = random.Random(7)
    waits = [dispatch.retry_delay(n, rng).total_seconds() for n in range(1, dispatch.MAX_ATTEMPTS)]
    nominal = [60, 180, 540, 1620, 4860, 14580, 43740, 86400, 86400]
    for wait, base in zip(waits, nominal, strict=True):
        assert base * 0.85 <= wait <= base * 1.15
    assert 2.3 < sum(waits) / 86400 < 3.3
    assert len({dispatch.retry_delay(3).total_seconds() for _ in range(20)}) > 1  # jitter


def test_a_failing_receiver_is_retried_until_the_last_attempt_then_failed(acme, hook, receiver, clock, settings):
    settings.WEBHOOK_DISABLE_AFTER_HOURS = 24 * 30  # look at retries only here
    receiver.status = 500
    make_tracker(acme)
    times = []
    for _ in range(dispatch.MAX_ATTEMPTS):
        delivery = Delivery.objects.get()
        clock.move_to(delivery.next_attempt_at)
        times.append(datetime.now(UTC))
        assert send_due() == 1
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == dispatch.MAX_ATTEMPTS
    assert delivery.next_attempt_at is None and delivery.last_status_code == 500
    assert list(delivery.attempt_log.values_list("number", flat=True)) == list(range(1, 11))
    assert 2.3 < (times[-1] - times[0]).total_seconds() / 86400 < 3.3
    assert len({r.headers["webhook-id"] for r in receiver.requests}) == 1
    clock.shift(timedelta(days=10))
    assert send_due() == 0


def test_a_delivery_is_not_sent_before_its_retry_is_due(acme, hook, receiver, clock):
    receiver.status = 503
    make_tracker(acme)
    send_due()
    clock.shift(30)
    assert send_due() == 0
    clock.shift(60)
    assert send_due() == 1


def test_a_subscription_failing_for_the_whole_window_is_disabled_with_a_reason(acme, hook, receiver, clock):
    receiver.status = 500
    make_tracker(acme)
    send_due()
    hook.refresh_from_db()
    assert hook.enabled and hook.failing_since == T0
    # Retries keep failing; the first failure after 24 h disables it.
    while Delivery.objects.filter(status=DeliveryStatus.PENDING).exists():
        clock.move_to(Delivery.objects.get().next_attempt_at)
        send_due()
    hook.refresh_from_db()
    assert not hook.enabled and "failed for 24 hours" in hook.disabled_reason
    assert "HTTP 500" in hook.disabled_reason
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts < dispatch.MAX_ATTEMPTS
    assert delivery.attempt_log.last().created_at >= T0 + timedelta(hours=24)


def test_one_success_resets_the_failure_window(acme, hook, receiver, clock):
    receiver.status = 500
    make_tracker(acme, "PKGX-AAAAAAA-0000001")
    send_due()
    clock.shift(timedelta(hours=20))
    receiver.status = 200
    make_tracker(acme, "PKGX-AAAAAAA-0000002")
    send_due()
    hook.refresh_from_db()
    assert hook.failing_since is None
    receiver.status = 500
    clock.shift(timedelta(hours=5))
    make_tracker(acme, "PKGX-AAAAAAA-0000003")
    send_due()
    hook.refresh_from_db()
    assert hook.enabled and hook.failing_since == T0 + timedelta(hours=25)


def test_pending_deliveries_of_a_disabled_subscription_are_not_sent(acme, hook, receiver):
    make_tracker(acme)
    Subscription.objects.filter(pk=hook.pk).update(enabled=False)
    send_due()
    delivery = Delivery.objects.get()
    assert receiver.requests == [] and delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error == dispatch.DISABLED_NOT_SENT and not delivery.attempt_log.exists()


# --- at-least-once ------------------------------------------------------------------------------


def test_a_worker_dying_mid_delivery_loses_nothing(acme, hook, receiver, clock, settings):
    settings.WEBHOOK_LEASE_SECONDS = 300
    make_tracker(acme)
    first = dispatch.claim()
    assert len(first) == 1
    with transaction.atomic():
        dispatch.begin(first[0])  # logged, sent, then the worker dies before recording the answer
    dispatch.send_one(first[0])
    assert dispatch.claim() == []  # the attempt's lease holds: nobody else takes it meanwhile
    clock.shift(dispatch.attempt_lease().total_seconds() - 1)
    assert dispatch.claim() == []
    clock.shift(2)
    again = dispatch.claim()
    assert [d.pk for d in again] == [first[0].pk]
    dispatch.process(again)
    assert len(receiver.requests) == 2
    ids = {r.headers["webhook-id"] for r in receiver.requests}
    assert ids == {first[0].event.public_id}
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 2
    # Both copies the receiver got are in the log; the first says its answer was never recorded.
    log = list(delivery.attempt_log.values_list("number", "status_code", "error"))
    assert log == [(1, None, dispatch.NO_ANSWER), (2, 200, "")]


class Killed(BaseException):
    """What kill -9 looks like from inside: the worker stops between two statements."""


@pytest.mark.parametrize(
    ("concurrency", "killed_at", "in_flight", "never_sent"),
    [
        (1, 4, 1, 1),  # one at a time: killed as the fourth answer comes, the fifth never left
        (3, 5, 2, 0),  # groups of three: the second group (two) was in flight
    ],
)
def test_a_worker_killed_mid_batch_logs_every_copy_and_resends_only_the_group_in_flight(
    acme, hook, receiver, clock, settings, monkeypatch, concurrency, killed_at, in_flight, never_sent
):
    settings.WEBHOOK_LEASE_SECONDS = 300
    settings.WEBHOOK_CONCURRENCY = concurrency
    for i in range(5):
        make_tracker(acme, f"PKGX-AAAAAAA-{i:07d}")
    batch = dispatch.claim()
    assert len(batch) == 5
    real_post, calls, lock = sending.post, [], threading.Lock()

    def post_then_die(*args, **kwargs):
        answer = real_post(*args, **kwargs)
        with lock:
            calls.append(answer)
            if len(calls) == killed_at:
                raise Killed  # the receiver has this one; no answer of its group is recorded
        return answer

    monkeypatch.setattr(sending, "post", post_then_die)
    with pytest.raises(Killed):
        dispatch.process(batch)
    monkeypatch.setattr(sending, "post", real_post)
    assert len(receiver.requests) == killed_at
    assert DeliveryAttempt.objects.count() == killed_at  # logged before each send, the last group included

    clock.shift(dispatch.attempt_lease().total_seconds() + 1)
    assert send_due() == in_flight  # only the group that was in flight: the re-send window
    resent = {r.headers["webhook-id"] for r in receiver.requests[-in_flight:]}
    assert resent == {r.headers["webhook-id"] for r in receiver.requests[killed_at - in_flight : killed_at]}
    clock.shift(300)
    assert send_due() == never_sent  # claimed but never sent, once the batch's claim has run out
    assert not Delivery.objects.exclude(status=DeliveryStatus.SUCCEEDED).exists()

    # Every copy the receiver got is one attempt in the log, under the same webhook-id.
    got: dict[str, int] = {}
    for request in receiver.requests:
        got[request.headers["webhook-id"]] = got.get(request.headers["webhook-id"], 0) + 1
    logged = {d.event.public_id: d.attempt_log.count() for d in Delivery.objects.select_related("event")}
    assert got == logged
    assert sorted(got.values()) == [1] * (5 - in_flight) + [2] * in_flight


def test_claims_skip_rows_another_worker_holds(acme, hook):
    for i in range(3):
        make_tracker(acme, f"PKGX-AAAAAAA-{i:07d}")
    one = dispatch.claim(limit=2)
    two = dispatch.claim(limit=2)
    assert len(one) == 2 and len(two) == 1
    assert not {d.pk for d in one} & {d.pk for d in two}


def test_a_task_past_its_time_budget_gives_the_rest_back(acme, hook, receiver):
    for i in range(3):
        make_tracker(acme, f"PKGX-AAAAAAA-{i:07d}")
    batch = dispatch.claim()
    assert dispatch.process(batch, deadline=0) == 0
    assert receiver.requests == []
    assert len(dispatch.claim()) == 3


# --- deletion, retry, test ping -----------------------------------------------------------------


def test_a_deleted_tracker_gets_no_delivery_but_its_deleted_event_is_sent(acme, hook, receiver, clock):
    tracker = make_tracker(acme)
    clock.shift(120)
    refresh_trackers([tracker])
    assert Delivery.objects.filter(status=DeliveryStatus.PENDING).count() == 2
    trackers.delete_tracker(tracker)
    clock.shift(1)
    send_due()
    assert [json.loads(r.body)["type"] for r in receiver.requests] == ["tracker.deleted"]
    canceled = Delivery.objects.filter(status=DeliveryStatus.CANCELED)
    assert canceled.count() == 2 and not DeliveryAttempt.objects.filter(delivery__in=canceled).exists()


def test_a_delivery_canceled_after_its_claim_is_not_sent(acme, hook, receiver):
    tracker = make_tracker(acme)
    claimed = dispatch.claim()
    trackers.delete_tracker(tracker)
    assert dispatch.process(claimed) == 0
    delivery = Delivery.objects.get(pk=claimed[0].pk)
    assert delivery.status == DeliveryStatus.CANCELED and delivery.attempts == 0
    assert receiver.requests == [] and not delivery.attempt_log.exists()


def test_a_delivery_canceled_while_in_flight_stays_canceled(acme, hook, receiver):
    tracker = make_tracker(acme)
    claimed = dispatch.claim()[0]
    with transaction.atomic():
        attempt = dispatch.begin(claimed)
    outcome = dispatch.send_one(claimed)
    trackers.delete_tracker(tracker)  # while the request was out
    with transaction.atomic():
        dispatch.finish(outcome, attempt)
    delivery = Delivery.objects.get(pk=claimed.pk)
    assert delivery.status == DeliveryStatus.CANCELED and delivery.attempts == 1
    assert list(delivery.attempt_log.values_list("status_code", flat=True)) == [200]


def test_manual_retry_of_a_failed_delivery(acme, hook, receiver, clock):
    receiver.status = 500
    make_tracker(acme)
    send_due()
    Delivery.objects.update(status=DeliveryStatus.FAILED, next_attempt_at=None, attempts=10)
    receiver.status = 200
    delivery = services.retry_delivery(Delivery.objects.get())
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 11
    assert [a.number for a in delivery.attempt_log.all()] == [1, 11]
    receiver.status = 500
    again = services.retry_delivery(delivery)
    assert again.status == DeliveryStatus.FAILED and again.next_attempt_at is None  # one attempt, no schedule


def test_manual_retry_refuses_canceled_disabled_and_in_flight(acme, hook, receiver):
    tracker = make_tracker(acme)
    in_flight = dispatch.claim()[0]
    with pytest.raises(ServiceError) as exc:
        services.retry_delivery(in_flight)
    assert exc.value.code == "delivery_in_progress" and exc.value.status == 409
    trackers.delete_tracker(tracker)
    with pytest.raises(ServiceError) as exc:
        services.retry_delivery(in_flight)
    assert exc.value.code == "delivery_canceled"
    deleted = Delivery.objects.get(status=DeliveryStatus.PENDING)
    Subscription.objects.filter(pk=hook.pk).update(enabled=False)
    with pytest.raises(ServiceError) as exc:
        services.retry_delivery(deleted)
    assert exc.value.code == "webhook_disabled"


def test_send_test_pings_one_subscription_once(acme, hook, receiver):
    other = SubscriptionFactory(organization=acme, url=hook.url)
    Subscription.objects.filter(pk=hook.pk).update(enabled=False, disabled_reason="by hand")
    hook.refresh_from_db()
    receiver.status = 500
    delivery = services.send_test(hook)
    assert delivery.status == DeliveryStatus.FAILED and delivery.max_attempts == 1
    assert not Delivery.objects.filter(subscription=other).exists()
    got = receiver.requests[0]
    payload = Webhook(hook.secret).verify(got.body, got.headers)
    assert payload["type"] == "webhook.test" and payload["data"]["webhook"] == hook.public_id
    hook.refresh_from_db()
    assert hook.failing_since is None  # a ping does not count towards disabling
