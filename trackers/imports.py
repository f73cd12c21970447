"""CSV import of trackers: validate the whole file first, then create row by row in the background.

The file is checked before anything is created (encoding, size, headers, row count), so a bad file
gives one clear message and no half-made import. Each row then goes through
`trackers.services.create_tracker`, the same door as the API, and its outcome (created,
deduplicated, refused with the service's message) is recorded; progress is saved per chunk so the
dashboard can draw a progress bar while a django-q2 worker runs the job.
"""

from __future__ import annotations

import csv
import io
import logging

from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from accounts.models import Mode, Organization
from core.errors import ServiceError, invalid
from trackers import services, tags
from trackers.models import ImportJob, ImportRow, Tracker
from trackers.tasks import enqueue_refresh

log = logging.getLogger(__name__)

COLUMNS = (
    "tracking_number",
    "courier",
    "order_id",
    "title",
    "customer_name",
    "customer_email",
    "customer_phone",
    "tags",
)
FIELD_COLUMNS = ("order_id", "title", "customer_name", "customer_email", "customer_phone")
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
ROWS_SHOWN = 500  # the import page lists a job's first rows (filtered by outcome); the rest stay stored
CHUNK = 200


def parse(data: bytes) -> list[dict]:
    """The rows of a CSV upload as dicts of the known columns; raises ServiceError for a bad file."""
    if not data or not data.strip():
        raise invalid("empty_file", "The file is empty. Upload a CSV with a header row and one tracker per line.")
    if len(data) > MAX_BYTES:
        raise invalid("file_too_large", f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it up.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise invalid(
            "bad_encoding", f"The file is not UTF-8 text (byte {exc.start} cannot be read). Save it as CSV UTF-8."
        ) from exc
    if "\x00" in text:
        raise invalid("bad_encoding", "The file contains NUL bytes; it does not look like a CSV text file.")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise invalid("bad_header", "The first line must be a header row.") from exc
    names = [h.strip().lower() for h in header]
    unknown = [h for h in names if h and h not in COLUMNS]
    if unknown:
        raise invalid("bad_header", f"Unknown column(s): {', '.join(unknown)}. Allowed columns: {', '.join(COLUMNS)}.")
    if "tracking_number" not in names:
        raise invalid(
            "bad_header", f"The header needs a tracking_number column. Allowed columns: {', '.join(COLUMNS)}."
        )
    if len({n for n in names if n}) != len([n for n in names if n]):
        raise invalid("bad_header", "A column appears twice in the header.")
    rows: list[dict] = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise invalid("too_many_rows", f"At most {MAX_ROWS:,} rows per file; split the file up.")
            row: dict[str, str | int] = {
                name: value.strip() for name, value in zip(names, values, strict=False) if name
            }
            row["_line"] = reader.line_num
            rows.append(row)
    except csv.Error as exc:
        raise invalid("bad_csv", f"The CSV cannot be read at line {reader.line_num}: {exc}.") from exc
    if not rows:
        raise invalid("no_rows", "The file has a header but no rows.")
    return rows


def _serialize(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["_line", *COLUMNS], extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def start_import(organization: Organization, mode: str, user, filename: str, data: bytes) -> ImportJob:
    """Validate the file, save the job, and queue it. Nothing is created if the file is bad."""
    if mode not in Mode.values:
        raise invalid("invalid_mode", "Mode must be test or live.")
    rows = parse(data)
    job = ImportJob.objects.create(
        organization=organization,
        mode=mode,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        filename=(filename or "upload.csv")[:200],
        source=_serialize(rows),
        total_rows=len(rows),
    )
    transaction.on_commit(lambda: async_task("trackers.imports.run_import", job.pk, group="imports"))
    return job


def _process_row(job: ImportJob, organization: Organization, row: dict) -> ImportRow:
    line = int(row.get("_line") or 0)
    number = row.get("tracking_number", "")
    fields = {name: row[name] for name in FIELD_COLUMNS if row.get(name)}
    try:
        # Tags are checked before anything is written: a bad cell refuses the row, nothing half made.
        row_tags = tags.clean_tags(tags.split_tags(str(row.get("tags") or "")))
        with transaction.atomic():
            creation = services.create_tracker(
                organization, job.mode, number, row.get("courier") or None, fields, enqueue=False
            )
            if row_tags:
                tags.add_tags([creation.tracker], row_tags)
    except ServiceError as exc:
        detail = "; ".join(f"{e.field}: {e.message}" for e in exc.errors if e.message != exc.message)
        message = f"{exc.message} {detail}".strip()
        return ImportRow(job=job, line=line, tracking_number=number[:100], outcome="refused", message=message[:500])
    outcome = ImportRow.Outcome.CREATED if creation.created else ImportRow.Outcome.DEDUPLICATED
    message = "" if creation.created else "A live tracker for this number already exists; it was kept."
    return ImportRow(
        job=job,
        line=line,
        tracking_number=creation.tracker.tracking_number,
        outcome=outcome,
        message=message,
        tracker_public_id=creation.tracker.public_id,
    )


def run_import(job_id: int) -> dict:
    """The django-q2 task: process the job's rows in chunks, saving progress after each one."""
    job = ImportJob.objects.select_related("organization").filter(pk=job_id).first()
    if job is None or job.finished:
        return {}
    done = job.processed_rows  # a restarted job continues where it stopped
    rows = list(csv.DictReader(io.StringIO(job.source, newline="")))
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING, started_at=timezone.now())
    try:
        for start in range(done, len(rows), CHUNK):
            outcomes = [_process_row(job, job.organization, row) for row in rows[start : start + CHUNK]]
            ImportRow.objects.bulk_create(outcomes)
            # One refresh task for the chunk's new trackers, not one per row.
            new_ids = list(
                Tracker.objects.filter(
                    public_id__in=[r.tracker_public_id for r in outcomes if r.outcome == ImportRow.Outcome.CREATED]
                ).values_list("pk", flat=True)
            )
            if new_ids:
                enqueue_refresh(new_ids)
            counts = {o: sum(1 for r in outcomes if r.outcome == o) for o in ImportRow.Outcome.values}
            job.processed_rows = start + len(outcomes)
            job.created_count += counts["created"]
            job.deduplicated_count += counts["deduplicated"]
            job.refused_count += counts["refused"]
            job.save(update_fields=["processed_rows", "created_count", "deduplicated_count", "refused_count"])
    except Exception as exc:  # a bug or a lost database must end the job visibly, not leave it "running"
        log.exception("import %s failed", job.public_id)
        job.state = ImportJob.State.FAILED
        job.error = f"The import stopped unexpectedly after {job.processed_rows} rows ({exc.__class__.__name__})."
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "error", "finished_at"])
        return {"state": job.state}
    job.state = ImportJob.State.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "finished_at"])
    return {
        "state": job.state,
        "created": job.created_count,
        "deduplicated": job.deduplicated_count,
        "refused": job.refused_count,
    }


def jobs_for(organization: Organization, mode: str):
    return ImportJob.objects.filter(organization=organization, mode=mode)


def get_job(organization: Organization, mode: str, public_id: str) -> ImportJob:
    job = jobs_for(organization, mode).filter(public_id=public_id).first()
    if job is None:
        raise ServiceError("not_found", "No such import.", 404)
    return job
