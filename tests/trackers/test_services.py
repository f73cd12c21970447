"""Creating, updating and deleting trackers through the one door."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from accounts.models import Mode, UsageCounter
from core.errors import ServiceError
from events.models import Event, EventType
from trackers import services
from trackers.models import Tracker


def test_test_mode_sandbox_number_without_courier_gets_the_sandbox(acme):
    creation = services.create_tracker(acme, Mode.TEST, " pkgx-aaaaaaa-1234567 ")
    tracker = creation.tracker
    assert creation.created
    assert tracker.tracking_number == "PKGX-AAAAAAA-1234567"
    assert (tracker.courier, tracker.courier_detected) == ("sandbox", True)
    assert tracker.public_id.startswith("trk_") and len(tracker.public_id) >= 24
    assert len(tracker.public_token) >= 32
    assert Event.objects.get(type=EventType.TRACKER_CREATED).subject_id == tracker.public_id


def test_test_mode_keeps_a_named_courier_but_the_sandbox_answers(acme):
    tracker = services.create_tracker(acme, Mode.TEST, "EZ4000000004", "USPS", refresh=True).tracker
    assert (tracker.courier, tracker.courier_detected) == ("usps", False)
    assert tracker.events.exists()


def test_test_mode_refuses_real_numbers_naming_the_patterns(acme):
    with pytest.raises(ServiceError) as info:
        services.create_tracker(acme, Mode.TEST, "1Z999AA10123456784")
    assert info.value.code == "not_a_sandbox_number"
    assert "PKGX-XXXXXXX-XXXXXXX" in info.value.message and "EZ1000000001" in info.value.message
    assert not Tracker.objects.exists()


def test_test_mode_does_not_deduplicate(acme):
    a = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-1234567").tracker
    b = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-1234567").tracker
    assert a.pk != b.pk


def test_unknown_courier_says_how_to_list_codes(acme):
    with pytest.raises(ServiceError) as info:
        services.create_tracker(acme, Mode.LIVE, "1Z999AA10123456784", "nope")
    assert info.value.code == "unknown_courier"
    assert "/api/v1/couriers" in info.value.message


def test_live_mode_detects_the_courier_and_lists_candidates(acme):
    creation = services.create_tracker(acme, Mode.LIVE, "986578788855")
    assert creation.tracker.courier == "fedex" and creation.tracker.courier_detected
    assert [c.courier for c in creation.candidates][:2] == ["fedex", "gls"]


def test_live_mode_undetectable_number_asks_for_a_courier(acme):
    with pytest.raises(ServiceError) as info:
        services.create_tracker(acme, Mode.LIVE, "HELLO-WORLD")
    assert info.value.code == "courier_not_detected"


def test_live_mode_refuses_sandbox_numbers(acme):
    with pytest.raises(ServiceError) as info:
        services.create_tracker(acme, Mode.LIVE, "PKGX-AAAAAAA-1234567")
    assert info.value.code == "sandbox_number_in_live_mode"


def test_live_deduplication_for_90_days_per_courier(acme, globex):
    with time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False) as clock:
        first = services.create_tracker(acme, Mode.LIVE, "1Z999AA10123456784")
        again = services.create_tracker(acme, Mode.LIVE, "1z999aa10123456784", "ups")
        assert again.deduplicated and again.tracker.pk == first.tracker.pk
        # Another courier, another organization: separate trackers.
        assert services.create_tracker(acme, Mode.LIVE, "1Z999AA10123456784", "dhl").created
        assert services.create_tracker(globex, Mode.LIVE, "1Z999AA10123456784").created
        clock.shift(timedelta(days=91))
        assert services.create_tracker(acme, Mode.LIVE, "1Z999AA10123456784").created
    usage = UsageCounter.objects.filter(organization=acme, mode=Mode.LIVE)
    assert sum(u.trackers_created for u in usage) == 3


def test_credits_are_used_by_live_creations_only(acme):
    acme.credit_balance = 1
    acme.save()
    services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-1234567")
    services.create_tracker(acme, Mode.LIVE, "1Z999AA10123456784")
    # Deduplicated: no charge.
    assert services.create_tracker(acme, Mode.LIVE, "1Z999AA10123456784").deduplicated
    with pytest.raises(ServiceError) as info:
        services.create_tracker(acme, Mode.LIVE, "449044304137821")
    assert (info.value.code, info.value.status) == ("insufficient_credits", 402)
    acme.refresh_from_db()
    assert acme.credit_balance == 0
    assert Tracker.objects.filter(mode=Mode.LIVE).count() == 1


def test_batch_create_reports_each_item(acme):
    results = services.create_trackers(
        acme, Mode.TEST, [{"tracking_number": "PKGX-AAAAAAA-1234567"}, {"tracking_number": "x"}, "nope"]
    )
    assert results[0].creation and not results[0].error
    assert results[1].error.code == "tracking_number_too_short"
    assert results[2].error.code == "invalid_item"
    with pytest.raises(ServiceError) as info:
        services.create_trackers(acme, Mode.TEST, [{"tracking_number": "PKGX-AAAAAAA-1234567"}] * 41)
    assert info.value.code == "batch_too_large"


def test_order_fields_are_validated_all_at_once(acme):
    with pytest.raises(ServiceError) as info:
        services.create_tracker(
            acme,
            Mode.TEST,
            "PKGX-AAAAAAA-1234567",
            fields={"customer_email": "not-an-email", "destination_country": "USA", "ship_date": "tomorrow"},
        )
    assert {e.field for e in info.value.errors} == {"customer_email", "destination_country", "ship_date"}
    assert not Tracker.objects.exists()


def test_tracktry_field_formats_are_accepted(acme):
    tracker = services.create_tracker(
        acme,
        Mode.TEST,
        "PKGX-AAAAAAA-1234567",
        fields={"order_created_at": "2018/04/01 10:08", "ship_date": "20180402", "destination_country": "us"},
    ).tracker
    assert tracker.order_created_at == datetime(2018, 4, 1, 10, 8, tzinfo=UTC)
    assert tracker.ship_date.isoformat() == "2018-04-02"
    assert tracker.destination_country == "US"


def test_update_merges_metadata_and_emits_previous_attributes(acme):
    tracker = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-1234567", fields={"metadata": {"a": 1, "b": 2}})
    tracker = tracker.tracker
    services.update_tracker(tracker, {"metadata": {"b": None, "c": 3}, "title": "Blue mug"})
    tracker.refresh_from_db()
    assert tracker.metadata == {"a": 1, "c": 3}
    event = Event.objects.filter(type=EventType.TRACKER_UPDATED).get()
    assert event.previous_attributes == {"metadata": {"a": 1, "b": 2}, "title": ""}
    # No change, no event.
    services.update_tracker(tracker, {"title": "Blue mug"})
    assert Event.objects.filter(type=EventType.TRACKER_UPDATED).count() == 1


@pytest.mark.parametrize(("field", "code"), [("tracking_number", "immutable_field"), ("courier", "unknown_courier")])
def test_the_number_is_fixed_and_the_courier_checked(acme, field, code):
    tracker = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-1234567").tracker
    with pytest.raises(ServiceError) as info:
        services.update_tracker(tracker, {field: "X", "title": "also ignored"})
    assert info.value.code == code
    tracker.refresh_from_db()
    assert tracker.title == ""


def test_delete_is_permanent_and_announced(acme):
    tracker = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-1234567", refresh=True).tracker
    public_id = tracker.public_id
    services.delete_tracker(tracker)
    with pytest.raises(ServiceError) as info:
        services.get_tracker(acme, Mode.TEST, public_id)
    assert info.value.status == 404
    deleted = Event.objects.get(type=EventType.TRACKER_DELETED)
    assert deleted.data["id"] == public_id and deleted.subject_id == public_id


def test_get_is_scoped_by_organization_and_mode(acme, globex):
    tracker = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-1234567").tracker
    for org, mode in ((globex, Mode.TEST), (acme, Mode.LIVE)):
        with pytest.raises(ServiceError):
            services.get_tracker(org, mode, tracker.public_id)
    assert services.get_tracker(acme, Mode.TEST, tracker.public_id) == tracker
