"""Bulk actions over many trackers, as a background task with progress and a summary.

A person selects trackers on the dashboard (or takes every tracker that matches the list's
filters); start() fixes the set (their primary keys) and queues run(), which applies the action
through the same services as one-by-one actions, CHUNK trackers at a time, saving progress after
each chunk. A restarted task resumes where it stopped. Refusals for single trackers (say, resolving
one that is not in the queue) are counted and the first few kept, never stopping the rest.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_q.tasks import async_task

from accounts.models import Organization
from core.errors import ServiceError, invalid, not_found
from trackers import exporting, tags
from trackers.bulk_models import BulkJob
from trackers.casework import services as casework
from trackers.models import Tracker
from trackers.services import delete_tracker, refresh_many

log = logging.getLogger(__name__)

CHUNK = 100
MAX_TRACKERS = 100_000
PROBLEMS_KEPT = 50
Action = BulkJob.Action


def start(
    organization: Organization,
    mode: str,
    user,
    action: str,
    trackers: QuerySet[Tracker],
    params: dict | None = None,
    description: str = "",
) -> BulkJob:
    """Check the request, fix the set of trackers and queue the work; the job shows its progress."""
    params = dict(params or {})
    if action not in Action.values:
        raise invalid("invalid_action", f"action must be one of: {', '.join(Action.values)}.", "action")
    if action in (Action.ADD_TAG, Action.REMOVE_TAG):
        params["tags"] = tags.clean_tags(params.get("tags"))
        if not params["tags"]:
            raise invalid("invalid_tags", "Name the tag to add or remove.", "tags")
    if action == Action.ASSIGN:
        assignee = params.get("assignee_id")
        if assignee and not casework.members(organization).filter(pk=assignee).exists():
            raise invalid("unknown_member", "Assign to a member of this organization.", "assignee")
    ids = list(trackers.order_by("pk").values_list("pk", flat=True)[: MAX_TRACKERS + 1])
    if not ids:
        raise invalid("nothing_selected", "Select at least one tracker first.")
    if len(ids) > MAX_TRACKERS:
        raise invalid("too_many", f"A bulk action covers at most {MAX_TRACKERS:,} trackers; narrow the filter.")
    job = BulkJob.objects.create(
        organization=organization,
        mode=mode,
        created_by=user if getattr(user, "pk", None) else None,
        action=action,
        params=params,
        description=description[:300],
        target_ids=ids,
        total=len(ids),
    )
    transaction.on_commit(lambda: async_task("trackers.bulk.run", job.pk, group="bulk"))
    return job


def _apply(job: BulkJob, trackers: list[Tracker]) -> tuple[int, int, list[dict]]:
    """(succeeded, skipped, problems) for one chunk."""
    action, params = job.action, job.params
    if action == Action.REFRESH:
        report = refresh_many(trackers)
        return report.refreshed, len(trackers) - report.refreshed, []
    if action == Action.ADD_TAG:
        tags.add_tags(trackers, params["tags"])
        return len(trackers), 0, []
    if action == Action.REMOVE_TAG:
        tags.remove_tags(trackers, params["tags"])
        return len(trackers), 0, []
    if action == Action.EXPORT:
        text = exporting.csv_text(trackers, header=not job.export)
        BulkJob.objects.filter(pk=job.pk).update(export=job.export + text)
        job.export += text
        return len(trackers), 0, []
    done, skipped, problems = 0, 0, []
    for tracker in trackers:
        try:
            if action == Action.ASSIGN:
                casework.assign(tracker, job.params.get("assignee_id"), by=job.created_by)
            elif action == Action.RESOLVE:
                casework.resolve(tracker, by=job.created_by, resolution=job.params.get("resolution", ""))
            elif action == Action.DELETE:
                delete_tracker(tracker)
            done += 1
        except ServiceError as exc:
            skipped += 1
            problems.append({"tracker": tracker.public_id, "number": tracker.tracking_number, "message": exc.message})
    return done, skipped, problems


def run(job_id: int) -> dict:
    """The django-q2 task: CHUNK trackers at a time, progress saved after each chunk."""
    job = BulkJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.finished:
        return {}
    BulkJob.objects.filter(pk=job.pk).update(state=BulkJob.State.RUNNING)
    scoped = Tracker.objects.filter(organization_id=job.organization_id, mode=job.mode)
    try:
        for begin in range(job.processed, job.total, CHUNK):
            ids = job.target_ids[begin : begin + CHUNK]
            trackers = list(scoped.filter(pk__in=ids).order_by("pk"))
            gone = len(ids) - len(trackers)  # deleted since the job started
            done, skipped, problems = _apply(job, trackers) if trackers else (0, 0, [])
            job.processed = begin + len(ids)
            job.succeeded += done
            job.skipped += skipped + gone
            job.problems = (job.problems + problems)[:PROBLEMS_KEPT]
            job.save(update_fields=["processed", "succeeded", "skipped", "problems"])
    except Exception as exc:  # end the job visibly rather than leave it "running"
        log.exception("bulk job %s failed", job.public_id)
        job.state = BulkJob.State.FAILED
        job.error = f"Stopped unexpectedly after {job.processed} trackers ({exc.__class__.__name__})."
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "error", "finished_at"])
        return {"state": job.state}
    job.state = BulkJob.State.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "finished_at"])
    return {"state": job.state, "succeeded": job.succeeded, "skipped": job.skipped}


def jobs_for(organization: Organization, mode: str) -> QuerySet[BulkJob]:
    return BulkJob.objects.filter(organization=organization, mode=mode)


def get_job(organization: Organization, mode: str, public_id: str) -> BulkJob:
    job = jobs_for(organization, mode).filter(public_id=public_id).first()
    if job is None:
        raise not_found("bulk job")
    return job
