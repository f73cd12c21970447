"""CSV import: the file is checked first; each row is created, deduplicated or refused with a reason."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Mode
from core.errors import ServiceError
from trackers import imports
from trackers.models import ImportJob, Tracker

HEADER = "tracking_number,courier,order_id,title,customer_name,customer_email,customer_phone\n"


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (b"", "empty_file", "empty"),
        (b"number,title\nPKGX-AAAAAAA-0000001,x\n", "bad_header", "Unknown column(s): number"),
        (b"title\nx\n", "bad_header", "needs a tracking_number column"),
        (b"tracking_number,title,title\nPKGX-AAAAAAA-0000001,a,b\n", "bad_header", "appears twice"),
        (b"tracking_number\n", "no_rows", "no rows"),
        ("tracking_number,title\nPKGX-AAAAAAA-0000001,caf\xe9\n".encode("latin-1"), "bad_encoding", "UTF-8"),
        (b"tracking_number\n\x00\x00\n", "bad_encoding", "NUL"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(acme, data, code, words):
    with pytest.raises(ServiceError) as info:
        imports.start_import(acme, Mode.TEST, None, "x.csv", data)
    assert info.value.code == code and words in info.value.message
    assert not ImportJob.objects.exists() and not Tracker.objects.exists()


def test_size_and_row_limits(acme, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    data = (HEADER + "PKGX-AAAAAAA-0000001\nPKGX-AAAAAAA-0000002\nPKGX-AAAAAAA-0000003\n").encode()
    with pytest.raises(ServiceError, match="At most 2 rows"):
        imports.start_import(acme, Mode.TEST, None, "x.csv", data)
    monkeypatch.setattr(imports, "MAX_BYTES", 10)
    with pytest.raises(ServiceError, match="larger than"):
        imports.parse(data)


def test_rows_are_created_or_refused_with_the_services_message(acme, alice, django_capture_on_commit_callbacks):
    data = (
        "\ufeff"
        + HEADER
        + "PKGX-AAAAAAA-0000001,,#1,Mug,Ana,ana@example.com,\n"
        + "\n"
        + "1Z999AA10123456784,ups,#2,,,,\n"
        + "PKGX-BBBBBBB-0000002,nosuchcourier,,,,,\n"
        + "PKGX-CCCCCCC-0000003,,,,,not-an-email,\n"
        + "EZ4000000004,usps,#5,,,,\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.start_import(acme, Mode.TEST, alice, "orders.csv", data)
    job.refresh_from_db()
    assert job.state == "done" and job.total_rows == 5 and job.processed_rows == 5 and job.percent == 100
    assert (job.created_count, job.deduplicated_count, job.refused_count) == (2, 0, 3)
    rows = {r.line: r for r in job.rows.all()}
    assert rows[2].outcome == "created" and rows[2].tracker_public_id
    assert rows[4].outcome == "refused" and "sandbox numbers only" in rows[4].message
    assert rows[5].outcome == "refused" and "Unknown courier code" in rows[5].message
    assert rows[6].outcome == "refused" and "valid email" in rows[6].message
    assert rows[7].outcome == "created"
    created = Tracker.objects.get(public_id=rows[2].tracker_public_id)
    assert (created.order_id, created.title, created.customer_email) == ("#1", "Mug", "ana@example.com")


def test_live_duplicates_are_reported_as_deduplicated(acme):
    data = (HEADER + "9400111202555842761523,usps,,,,,\n9400111202555842761523,usps,,,,,\n").encode()
    job = imports.start_import(acme, Mode.LIVE, None, "live.csv", data)
    imports.run_import(job.pk)
    job.refresh_from_db()
    assert (job.created_count, job.deduplicated_count) == (1, 1)
    assert Tracker.objects.filter(mode=Mode.LIVE).count() == 1
    assert "already exists" in job.rows.get(outcome="deduplicated").message


def test_upload_page_runs_the_import_and_shows_the_report(alice_client, acme, django_capture_on_commit_callbacks):
    data = (HEADER + "PKGX-AAAAAAA-0000001\nnot a number!\n").encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post("/dashboard/imports/new/", {"file": SimpleUploadedFile("a.csv", data)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dashboard/imports/{job.public_id}/"
    body = alice_client.get(response["Location"]).content.decode()
    assert "Finished" in body and 'value="100"' in body and 'http-equiv="refresh"' not in body
    assert "PKGX-AAAAAAA-0000001" in body
    refused = alice_client.get(response["Location"], {"outcome": "refused"}).content.decode()
    assert "PKGX-AAAAAAA-0000001" not in refused and "Refused" in refused


def test_upload_page_shows_a_bad_file_error(alice_client):
    response = alice_client.post("/dashboard/imports/new/", {"file": SimpleUploadedFile("a.csv", b"foo\n1\n")})
    assert response.status_code == 200 and "Unknown column(s): foo" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_running_import_page_refreshes_itself(alice_client, acme):
    job = imports.start_import(acme, Mode.TEST, None, "a.csv", (HEADER + "PKGX-AAAAAAA-0000001\n").encode())
    body = alice_client.get(f"/dashboard/imports/{job.public_id}/").content.decode()
    assert 'http-equiv="refresh"' in body and "Waiting" in body


def test_an_import_queues_one_refresh_per_chunk_not_per_row(acme, monkeypatch):
    queued: list[list[int]] = []
    monkeypatch.setattr(imports, "enqueue_refresh", queued.append)
    monkeypatch.setattr(imports, "CHUNK", 10)
    rows = "\n".join(f"PKGX-AAAAAAA-{i:07d},,#{i}" for i in range(25))
    job = imports.start_import(
        acme, Mode.TEST, None, "many.csv", f"tracking_number,courier,order_id\n{rows}\n".encode()
    )
    imports.run_import(job.pk)
    assert [len(ids) for ids in queued] == [10, 10, 5]
    assert len({pk for ids in queued for pk in ids}) == 25


def test_the_report_shows_the_first_rows_and_says_so(
    alice_client, acme, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(imports, "ROWS_SHOWN", 2)
    data = (HEADER + "PKGX-AAAAAAA-0000001\nPKGX-AAAAAAA-0000002\nPKGX-AAAAAAA-0000003\n").encode()
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.start_import(acme, Mode.TEST, None, "a.csv", data)
    body = alice_client.get(f"/dashboard/imports/{job.public_id}/").content.decode()
    assert body.count('class="badge badge-row-') == 2 and "Showing the first 2 rows" in body
    refused = alice_client.get(f"/dashboard/imports/{job.public_id}/", {"outcome": "refused"}).content.decode()
    assert "Showing the first" not in refused
