"""Tags on trackers (API, CSV import, filters) and bulk actions run in the background with progress."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from carriers.statuses import Status
from core.errors import ServiceError
from events.models import Event, EventType
from tests.factories import TrackerFactory
from trackers import bulk, imports, services, tags
from trackers.bulk_models import BulkJob
from trackers.casework import services as casework
from trackers.models import Tracker

pytestmark = pytest.mark.django_db


def test_tags_are_trimmed_deduplicated_and_bounded(acme):
    tracker = TrackerFactory(organization=acme)
    assert tags.set_tags(tracker, [" vip ", "vip", "fragile", ""]) == ["fragile", "vip"]
    with pytest.raises(ServiceError):
        tags.set_tags(tracker, ["x" * 51])
    with pytest.raises(ServiceError):
        tags.set_tags(tracker, [1])
    assert tags.tags_of(tracker) == ["fragile", "vip"]


def test_the_api_sets_reads_and_filters_by_tag(api, acme):
    tracker = TrackerFactory(organization=acme)
    other = TrackerFactory(organization=acme)
    url = f"/api/v1/trackers/{tracker.public_id}/tags"
    assert api.put(url, {"tags": ["vip"]}, format="json").json() == {"tags": ["vip"]}
    assert api.get(url).json() == {"tags": ["vip"]}
    listed = api.get("/api/v1/trackers", {"tag": "vip"}).json()["data"]
    assert [t["id"] for t in listed] == [tracker.public_id] and other.public_id not in str(listed)
    bad = api.put(url, {"tags": "vip"}, format="json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_tags"
    assert api.put(f"/api/v1/trackers/{tracker.public_id}x/tags", {"tags": []}, format="json").status_code == 404


def test_the_csv_import_takes_a_tags_column(acme, django_capture_on_commit_callbacks):
    data = b"tracking_number,tags\nPKGX-AAAAAAA-0000001,vip; fragile\nPKGX-AAAAAAA-0000002,\n"
    with django_capture_on_commit_callbacks(execute=True):
        imports.start_import(acme, "test", None, "t.csv", data)
    first = Tracker.objects.get(tracking_number="PKGX-AAAAAAA-0000001")
    assert tags.tags_of(first) == ["fragile", "vip"]
    assert tags.tags_of(Tracker.objects.get(tracking_number="PKGX-AAAAAAA-0000002")) == []


def _run(acme, alice, action, trackers, params=None, capture=None):
    with capture(execute=True):
        job = bulk.start(acme, "test", alice, action, trackers, params)
    job.refresh_from_db()
    return job


def test_bulk_tag_assign_resolve_export_and_delete(acme, alice, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    failed = TrackerFactory.create_batch(3, organization=acme, status=Status.FAILURE)
    fine = TrackerFactory.create_batch(2, organization=acme, status=Status.IN_TRANSIT)
    everyone = services.trackers_for(acme, "test")
    job = _run(acme, alice, "add_tag", everyone, {"tags": ["wave-1"]}, capture)
    assert (job.state, job.total, job.processed, job.succeeded) == ("done", 5, 5, 5)
    assert everyone.filter(tag_rows__tag="wave-1").count() == 5
    job = _run(acme, alice, "assign", everyone.filter(status=Status.FAILURE), {"assignee_id": alice.pk}, capture)
    assert job.succeeded == 3
    assert Event.objects.filter(type=EventType.EXCEPTION_ASSIGNED).count() == 3
    job = _run(acme, alice, "resolve", everyone, {"resolution": "Batch refund"}, capture)
    # The two parcels in transit are not in the queue: skipped with the reason, the rest resolved.
    assert (job.succeeded, job.skipped, len(job.problems)) == (3, 2, 2)
    assert "not in the exception queue" in job.problems[0]["message"]
    job = _run(acme, alice, "export", everyone, None, capture)
    rows = list(csv.DictReader(io.StringIO(job.export)))
    assert len(rows) == 5 and {r["id"] for r in rows} == {t.public_id for t in [*failed, *fine]}
    job = _run(acme, alice, "remove_tag", everyone, {"tags": ["wave-1"]}, capture)
    assert not everyone.filter(tag_rows__tag="wave-1").exists()
    job = _run(acme, alice, "delete", everyone.filter(pk__in=[t.pk for t in fine]), None, capture)
    assert job.succeeded == 2 and services.trackers_for(acme, "test").count() == 3
    assert casework.summary(services.trackers_for(acme, "test"), alice).open == 0


def test_bulk_refuses_bad_requests_before_anything_runs(acme, bob, alice):
    TrackerFactory(organization=acme)
    trackers = services.trackers_for(acme, "test")
    for action, params in (("paint", {}), ("add_tag", {"tags": []}), ("assign", {"assignee_id": bob.pk})):
        with pytest.raises(ServiceError):
            bulk.start(acme, "test", alice, action, trackers, params)
    with pytest.raises(ServiceError):
        bulk.start(acme, "test", alice, "refresh", trackers.none())
    assert not BulkJob.objects.exists()


def test_a_restarted_job_resumes_where_it_stopped(acme, alice, django_capture_on_commit_callbacks, monkeypatch):
    TrackerFactory.create_batch(5, organization=acme)
    monkeypatch.setattr(bulk, "CHUNK", 2)
    job = bulk.start(acme, "test", alice, "add_tag", services.trackers_for(acme, "test"), {"tags": ["x"]})
    BulkJob.objects.filter(pk=job.pk).update(processed=4, succeeded=4, state="running")  # as if cut off
    bulk.run(job.pk)
    job.refresh_from_db()
    # Only the last chunk ran again: one tracker tagged, the count adds up.
    assert (job.state, job.processed, job.succeeded) == ("done", 5, 5)
    assert services.trackers_for(acme, "test").filter(tag_rows__tag="x").count() == 1


def test_the_dashboard_runs_a_bulk_action_over_all_matching_a_filter(
    client, alice, acme, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    alice_client = client
    TrackerFactory.create_batch(3, organization=acme, status=Status.FAILURE)
    TrackerFactory.create_batch(2, organization=acme, status=Status.DELIVERED)
    with django_capture_on_commit_callbacks(execute=True):
        r = alice_client.post(
            reverse("dashboard-trackers-bulk"),
            {"scope": "all", "query": "status=failure", "action": "add_tag", "tag": "claims"},
        )
    page = alice_client.get(r["Location"]).content.decode()
    assert "3 of 3 trackers" in page and "claims" in page
    listed = alice_client.get(reverse("dashboard-trackers") + "?tag=claims").content.decode()
    assert listed.count('class="tag"') == 3
