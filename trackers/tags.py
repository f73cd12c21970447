"""Tags on trackers: the one door for setting, adding, removing and reading them.

The API, the CSV import, the dashboard (a tracker's page and bulk actions) and the dialects (e.g.
AfterShip's `shipment_tags`) call these. A tag is free text, trimmed, at most MAX_TAG characters;
a tracker holds at most MAX_TAGS; duplicates collapse. Tags keep their case for display and match
exactly in filters (as shipments' tags do). They are read sorted, or in the order they were given
(`as_given`, which AfterShip answers with): the rows' keys keep that order, since `set_tags`
rewrites the rows from the first tag out of place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet

from accounts.models import Organization, organization_id
from core.errors import ServiceError, invalid
from trackers.models import Tracker
from trackers.tag_models import TrackerTag

MAX_TAGS, MAX_TAG = 50, 50


def clean_tags(value: object, field: str = "tags") -> list[str]:
    """A list of tag strings, trimmed and without duplicates; refused with a clear message otherwise."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and "\x00" not in v for v in value):
        raise invalid("invalid_tags", "tags must be an array of strings.", field)
    tags = list(dict.fromkeys(" ".join(v.split()) for v in value if v.strip()))
    if len(tags) > MAX_TAGS or any(len(t) > MAX_TAG for t in tags):
        raise invalid("invalid_tags", f"At most {MAX_TAGS} tags of at most {MAX_TAG} characters each.", field)
    return tags


def split_tags(text: str) -> list[str]:
    """Tags typed in one box or one CSV cell: separated by commas, semicolons or bars."""
    for separator in (";", "|"):
        text = text.replace(separator, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def _order(as_given: bool) -> str:
    return "pk" if as_given else "tag"


def tags_of(tracker: Tracker, *, as_given: bool = False) -> list[str]:
    """The tracker's tags, sorted; `as_given`: in the order they were given."""
    return list(TrackerTag.objects.filter(tracker=tracker).order_by(_order(as_given)).values_list("tag", flat=True))


def tags_of_subject(public_id: str, *, as_given: bool = False) -> list[str]:
    """The tags of the tracker with this public id (an event's subject), sorted or as given; [] once deleted."""
    rows = TrackerTag.objects.filter(tracker__public_id=public_id).order_by(_order(as_given))
    return list(rows.values_list("tag", flat=True))


def tags_by_tracker(trackers: Iterable[Tracker], *, as_given: bool = False) -> dict[int, list[str]]:
    """One query for a page of trackers: pk -> its tags, sorted or as given."""
    out: dict[int, list[str]] = defaultdict(list)
    ids = [t.pk for t in trackers]
    rows = TrackerTag.objects.filter(tracker_id__in=ids).order_by(_order(as_given))
    for tracker_id, tag in rows.values_list("tracker_id", "tag"):
        out[tracker_id].append(tag)
    return out


def with_any(wanted: list[str]) -> QuerySet[TrackerTag, Any]:
    """Ids of the trackers carrying any of these tags (exact match), for `pk__in=`."""
    return TrackerTag.objects.filter(tag__in=wanted).values("tracker_id")


@transaction.atomic
def set_tags(tracker: Tracker, tags: object) -> list[str]:
    """Replace the tracker's tags with `tags`, kept in the order given; returns them sorted.

    The rows already in place from the first tag on stay; every row after it is written again, so
    the rows' keys keep the order given (setting the same tags again writes nothing).
    """
    wanted = clean_tags(tags)
    have = list(TrackerTag.objects.filter(tracker=tracker).order_by("pk").values_list("tag", flat=True))
    kept = 0
    while kept < min(len(have), len(wanted)) and have[kept] == wanted[kept]:
        kept += 1
    if kept < len(have):
        TrackerTag.objects.filter(tracker=tracker).exclude(tag__in=wanted[:kept]).delete()
    TrackerTag.objects.bulk_create([_row(tracker, t) for t in wanted[kept:]], ignore_conflicts=True)
    return sorted(wanted)


@transaction.atomic
def add_tags(trackers: Iterable[Tracker], tags: object) -> int:
    """Add `tags` to every tracker (already tagged ones stay as they are); how many rows were new."""
    wanted = clean_tags(tags)
    if not wanted:
        raise invalid("invalid_tags", "Name at least one tag.", "tags")
    trackers = list(trackers)
    have = set(TrackerTag.objects.filter(tracker__in=trackers, tag__in=wanted).values_list("tracker_id", "tag"))
    counts = dict(
        TrackerTag.objects.filter(tracker__in=trackers)
        .values("tracker_id")
        .annotate(n=Count("id"))
        .values_list("tracker_id", "n")
    )
    rows = []
    for tracker in trackers:
        new = [t for t in wanted if (tracker.pk, t) not in have]
        if counts.get(tracker.pk, 0) + len(new) > MAX_TAGS:
            raise ServiceError("too_many_tags", f"A tracker holds at most {MAX_TAGS} tags.", 400)
        rows += [_row(tracker, t) for t in new]
    TrackerTag.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def remove_tags(trackers: Iterable[Tracker], tags: object) -> int:
    wanted = clean_tags(tags)
    if not wanted:
        raise invalid("invalid_tags", "Name at least one tag.", "tags")
    deleted, _ = TrackerTag.objects.filter(tracker__in=list(trackers), tag__in=wanted).delete()
    return deleted


def tags_in_use(organization: Organization | int, mode: str, limit: int = 200) -> list[tuple[str, int]]:
    """The organization's tags in this mode with how many trackers carry each, most used first."""
    rows = (
        TrackerTag.objects.filter(organization_id=organization_id(organization), mode=mode)
        .values("tag")
        .annotate(n=Count("id"))
        .order_by("-n", "tag")[:limit]
    )
    return [(r["tag"], r["n"]) for r in rows]


def _row(tracker: Tracker, tag: str) -> TrackerTag:
    return TrackerTag(tracker=tracker, organization_id=tracker.organization_id, mode=tracker.mode, tag=tag)
