"""Why a tracker's status is what it is: the carrier's own code and words, and the mapping row.

Read for the dashboard's tracker page. The newest kept answer (trackers/answers.py) tells which
code chose the tracker's status, with which map version and whether the organization's override
chose it; past the answers' retention the newest scan with a code stands in. Each code the
tracker's scans carry is one row: carrier, raw code -> status / detail, and the override, if any.
"""

from __future__ import annotations

from carriers import provenance
from trackers.models import CarrierAnswer, StatusOverride, Tracker, TrackingEvent

ROWS = 30  # distinct codes shown; a tracker rarely has more than a dozen


def explain(tracker: Tracker) -> dict:
    answer = CarrierAnswer.objects.filter(tracker=tracker).defer("body").order_by("-received_at", "-id").first()
    rules = {
        o.raw_code: o
        for o in StatusOverride.objects.filter(organization_id=tracker.organization_id, courier=tracker.courier)
    }
    scans = (
        TrackingEvent.objects.filter(tracker=tracker)
        .exclude(raw_code="")
        .order_by("-occurred_at", "-id")
        .values_list("raw_code", "raw_description", "message", "status", "status_detail")[:200]
    )
    rows: dict[str, dict] = {}
    for code, words, message, status, detail in scans:
        if code not in rows and len(rows) < ROWS:
            rule = rules.get(code)
            overridden = rule is not None and (rule.status, rule.status_detail) == (status, detail)
            rows[code] = {
                "raw_code": code,
                "words": words or message,
                "status": status,
                "detail": detail,
                "override": rule if overridden else None,
            }
    adapter = answer.adapter if answer else (tracker.courier if tracker.courier in provenance.MODULES else "")
    decided = None
    if answer is not None:
        decided = {
            "raw_code": answer.raw_code,
            "words": answer.raw_description,
            "status": answer.status,
            "detail": answer.status_detail,
            "overridden": answer.overridden,
            "map_version": answer.map_version,
            "received_at": answer.received_at,
        }
    elif rows:
        first = next(iter(rows.values()))
        decided = {**first, "overridden": first["override"] is not None, "map_version": "", "received_at": None}
    return {
        "courier": tracker.courier,
        "adapter": adapter,
        "decided": decided,
        "rows": list(rows.values()),
        "map_version": provenance.map_version(adapter) if adapter else "",
    }
