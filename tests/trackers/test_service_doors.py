"""Rules that hold whichever door a change comes through: API, dashboard, admin, commands."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts import services as accounts
from accounts.models import ApiKey, Mode
from core.errors import ServiceError
from events.models import Event, EventType
from tests.factories import TrackerFactory
from trackers import services
from trackers.models import Tracker


def public(tracker) -> str:
    return f"/t/{tracker.public_token}/"


def test_an_api_delete_takes_the_public_page_down_at_once(api, client, acme, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600  # the copy outlives the test, however slow the machine
    tracker = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-0000001").tracker
    assert client.get(public(tracker)).status_code == 200  # now cached
    assert api.delete(f"/api/v1/trackers/{tracker.public_id}").status_code == 204
    assert client.get(public(tracker)).status_code == 404


def test_deactivating_emits_tracker_updated_once_per_active_tracker(acme):
    a, b = TrackerFactory(organization=acme), TrackerFactory(organization=acme, active=False)
    assert services.deactivate_trackers(Tracker.objects.filter(pk__in=[a.pk, b.pk])) == 1
    event = Event.objects.get(type=EventType.TRACKER_UPDATED)
    assert event.subject_id == a.public_id
    assert event.previous_attributes == {"active": True} and event.data["active"] is False
    assert "events" in event.data
    assert services.deactivate_trackers(Tracker.objects.filter(pk=a.pk)) == 0  # already inactive: silent


def test_the_admin_action_goes_through_the_service(admin_client, acme):
    tracker = TrackerFactory(organization=acme)
    admin_client.post(
        "/admin/trackers/tracker/", {"action": "deactivate", "_selected_action": [tracker.pk]}, follow=True
    )
    tracker.refresh_from_db()
    assert not tracker.active and tracker.next_refresh_at is None
    assert Event.objects.filter(type=EventType.TRACKER_UPDATED, subject_id=tracker.public_id).count() == 1


def test_previous_attributes_are_written_like_data(acme):
    tracker = services.create_tracker(
        acme, Mode.TEST, "PKGX-AAAAAAA-0000001", fields={"order_created_at": "2026-03-01T10:00:00+00:00"}
    ).tracker
    services.update_tracker(tracker, {"order_created_at": "2026/3/2 11:30", "ship_date": "20260303"})
    event = Event.objects.get(type=EventType.TRACKER_UPDATED)
    assert event.previous_attributes == {"order_created_at": "2026-03-01T10:00:00Z", "ship_date": None}
    assert event.data["order_created_at"] == "2026-03-02T11:30:00Z" and event.data["ship_date"] == "2026-03-03"


def test_tracker_field_limits_come_from_the_model(acme):
    limit = Tracker._meta.get_field("title").max_length
    with pytest.raises(ServiceError) as info:
        services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-0000001", fields={"title": "x" * (limit + 1)})
    assert [e.field for e in info.value.errors] == ["title"]
    assert str(limit) in info.value.errors[0].message
    with pytest.raises(ServiceError) as info:
        services.create_tracker(
            acme,
            Mode.TEST,
            "PKGX-AAAAAAA-0000001",
            fields={"title": 5, "customer_email": "nope", "comment": "x" * 5001},
        )
    assert {e.field for e in info.value.errors} == {"title", "customer_email", "comment"}


def test_batch_item_errors_carry_the_field_details_of_a_single_create(api):
    items = [
        {"tracking_number": "PKGX-AAAAAAA-0000001"},
        {"tracking_number": "PKGX-AAAAAAA-0000002", "customer_email": "nope", "title": 7},
    ]
    batch = api.post("/api/v1/trackers", items, format="json")
    assert batch.status_code == 207
    single = api.post("/api/v1/trackers", items[1], format="json")
    assert single.status_code == 422
    error = batch.json()["errors"][0]["error"]
    assert error == single.json()["errors"][0]["error"]
    assert error["status"] == 400 and error["code"] == "invalid_fields"
    assert {e["field"] for e in error["errors"]} == {"customer_email", "title"}


def test_settings_go_through_the_service_with_the_brand_rule(acme):
    with pytest.raises(ServiceError) as info:
        accounts.update_settings(acme, {"brand_color": "#12345", "logo_url": "http://x.example/l.png"})
    assert {e.field for e in info.value.errors} == {"brand_color", "logo_url"}
    acme.refresh_from_db()
    assert acme.brand_color == ""
    accounts.update_settings(acme, {"brand_color": "#ABCDEF", "international_shipping": True})
    acme.refresh_from_db()
    assert acme.brand_color == "#abcdef" and acme.international_shipping


def test_refresh_trackers_runs_the_schedulers_task_code(acme):
    """Like the scheduler's task, the command leaves a deactivated tracker alone."""
    moving = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-0000001").tracker
    stopped = services.create_tracker(acme, Mode.TEST, "PKGX-AAAAAAA-0000002").tracker
    services.deactivate_trackers(Tracker.objects.filter(pk=stopped.pk))
    out = StringIO()
    call_command("refresh_trackers", moving.public_id, stopped.public_id, stdout=out)
    assert out.getvalue().startswith("refreshed 1 ")


def printed(out: StringIO) -> tuple[str, str]:
    text = out.getvalue()
    password = text.split("login:")[1].splitlines()[0].split(" / ")[1].strip()
    key = text.split("test key:")[1].splitlines()[0].strip()
    return password, key


def test_setup_demo_prints_a_login_and_key_that_work_even_after_a_reset(db, settings, tmp_path: Path):
    settings.BASE_DIR = tmp_path
    first = StringIO()
    call_command("setup_demo", stdout=first)
    password, key = printed(first)
    user = get_user_model().objects.get(username="admin")
    assert user.check_password(password) and accounts.find_api_key(key)
    again = StringIO()
    call_command("setup_demo", stdout=again)
    assert printed(again) == (password, key)  # still valid: reused
    # A database reset: the file survives, the rows do not.
    get_user_model().objects.all().delete()
    ApiKey.objects.all().delete()
    after = StringIO()
    call_command("setup_demo", stdout=after)
    new_password, new_key = printed(after)
    assert (new_password, new_key) != (password, key)
    assert get_user_model().objects.get(username="admin").check_password(new_password)
    assert accounts.find_api_key(new_key) is not None
    assert (tmp_path / ".demo-credentials").read_text().count(new_key) == 1


def test_an_update_of_a_tracker_deleted_since_it_was_read_is_not_found(acme):
    """A PATCH that read the tracker just before a DELETE committed (found by bench/fuzz.py)."""
    tracker = services.create_tracker(acme, "test", "PKGX-AAAAAAA-0000009").tracker
    services.delete_tracker(tracker)
    with pytest.raises(ServiceError) as exc:
        services.update_tracker(tracker, {"title": "late"})
    assert exc.value.status == 404
