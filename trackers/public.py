"""The recipient's public tracking page (EasyPost's public_url): by unguessable token, no personal data.

Two queries at most (the tracker with its organization, then its events), and none beyond the first
when the browser already has this version: the ETag is built from the tracker's updated_at and the
page language, so a reload answers 304. The page speaks the tracker's language when the project
has it, else the browser's (Accept-Language), and never shows the customer's name, e-mail, phone,
order id, metadata or comment: the template receives only what `page_context` picks.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from accounts.branding import (
    text_on,
    valid_colour,
    valid_logo,
    valid_support_email,
    valid_support_phone,
    valid_support_url,
)
from carriers.registry import get_courier
from carriers.statuses import PROGRESS_INDEX, PROGRESS_STEPS, Detail, Status
from core import fast
from core.fast.reads import fetchone
from core.times import to_local, utc_instant
from predictions import wording
from trackers.models import Tracker, TrackingEvent
from trackers.predicting import estimated_delivery
from trackers.public_cache import cache_key

EXCEPTIONS = {Status.RETURN_TO_SENDER, Status.FAILURE, Status.CANCELED, Status.ERROR}


@dataclass
class LocalEvent:
    event: TrackingEvent
    local: datetime
    zone_abbr: str
    zone_known: bool

    @property
    def wall(self) -> datetime:
        """Naive local wall-clock time: template date filters would otherwise convert it back to UTC."""
        return self.local.replace(tzinfo=None)

    @property
    def iso(self) -> str:
        return self.local.isoformat()

    @property
    def place(self) -> str:
        e = self.event
        return ", ".join(p for p in (e.city, e.state, e.country) if p)


@dataclass
class Day:
    day: date
    events: list[LocalEvent] = field(default_factory=list)


def localize(event: TrackingEvent) -> LocalEvent:
    """The event at its location's local time; UTC, said as such, when the zone is unknown."""
    local, known = to_local(event.occurred_at, event.time_zone)
    if known is None:
        return LocalEvent(event, local, "UTC", False)
    return LocalEvent(event, local, local.tzname() or known, True)


def timeline_days(events: list[TrackingEvent]) -> list[Day]:
    """Events (newest first) grouped by their local calendar day."""
    days: list[Day] = []
    for event in events:
        item = localize(event)
        if not days or days[-1].day != item.local.date():
            days.append(Day(item.local.date()))
        days[-1].events.append(item)
    return days


def progress(tracker: Tracker, events: list[TrackingEvent]) -> dict:
    """The four steps, how far the parcel got, and the exception that stopped it, if any."""
    status = tracker.status
    if status in EXCEPTIONS:
        reached = max((PROGRESS_INDEX.get(e.status, -1) for e in events), default=-1)
        stopped = True
    else:
        reached = PROGRESS_INDEX.get(status, -1)
        stopped = False
    steps = [
        {
            "label": Detail.LABEL_CREATED.label if i == 0 else step.label,
            "done": i <= reached,
            "current": i == reached and not stopped,
        }
        for i, step in enumerate(PROGRESS_STEPS)
    ]
    return {"steps": steps, "reached": reached, "stopped": stopped}


def page_language(tracker: Tracker, wanted: str) -> str:
    """The tracker's own language when the project has it, else what the browser asked for."""
    codes = {code for code, _ in settings.LANGUAGES}
    own = (tracker.language or "").split("-")[0].lower()
    return own if own in codes else wanted


def predicted(tracker: Tracker) -> dict | None:
    """The predicted delivery in the page's language, when one is shown (trackers.predicting)."""
    shown = estimated_delivery(tracker)
    if not shown or not shown["date"]:
        return None
    earliest = tracker.edd_earliest or tracker.edd_date
    latest = tracker.edd_latest or tracker.edd_date
    assert earliest is not None and latest is not None  # a shown prediction has its date
    return {"arrives": wording.arrives(earliest, latest), "confidence": wording.confidence(shown["confidence"])}


def page_context(tracker: Tracker, events: list[TrackingEvent]) -> dict:
    org = tracker.organization
    courier = get_courier(tracker.courier)
    brand = valid_colour(org.brand_color)
    logo = valid_logo(org.logo_url)
    return {
        "status": tracker.status,
        "status_label": tracker.get_status_display(),
        "detail_label": Detail(tracker.status_detail).label if tracker.status_detail in Detail.values else "",
        "tracking_number": tracker.tracking_number,
        "est_delivery_at": tracker.est_delivery_at,
        "predicted": predicted(tracker),
        "delivered_at": tracker.delivered_at,
        "courier_name": courier.name if courier else tracker.courier,
        "courier_url": courier.tracking_page(tracker.tracking_number) if courier and tracker.mode == "live" else "",
        "org_name": org.public_name,
        "brand": brand,
        "brand_text": text_on(brand) if brand else "",
        "logo_url": logo,
        "progress": progress(tracker, events),
        "days": timeline_days(events),
        "is_test": tracker.mode == "test",
        "next_step": tracker.status in NEXT_STEP_STATUSES,
        "contact": support_contact(org),
    }


# Where the journey went wrong, the recipient is told what happens next and how to reach the shop.
NEXT_STEP_STATUSES = frozenset({Status.FAILURE, Status.RETURN_TO_SENDER, Status.ERROR})


def support_contact(org) -> dict:
    """The shop's contact, read through the same rules the settings service saved it with."""
    phone = valid_support_phone(org.support_phone)
    return {
        "email": valid_support_email(org.support_email),
        "phone": phone,
        "phone_link": "".join(ch for ch in phone if ch.isdigit() or ch == "+"),
        "url": valid_support_url(org.support_url),
    }


@dataclass
class CachedPage:
    etag: str
    modified: int
    language: str
    body: bytes | None
    updated_at: datetime | None = None  # the tracker's version the copy was rendered from


def cache_seconds() -> int:
    return settings.PUBLIC_PAGE_CACHE_SECONDS


def build(request, token: str, wanted: str, *, for_cache: bool) -> CachedPage:
    """Two queries: the tracker with its organization, then its events (skipped for a 304).

    A tracker that no longer refreshes (completed by hand, expired) keeps its page and its history,
    as the recipient was given the link; only a deleted one is gone.
    """
    tracker = Tracker.objects.select_related("organization").filter(public_token=token).first()
    if tracker is None:
        raise Http404("No such tracking page")
    language = page_language(tracker, wanted)
    org = tracker.organization
    # Branding is part of the page, so a settings change must also change the tag.
    version = f"{tracker.pk}:{tracker.updated_at.isoformat()}:{language}:{org.public_name}:{org.brand_color}"
    contact = f"{org.support_email}:{org.support_phone}:{org.support_url}"
    etag = '"' + hashlib.sha256(f"{version}:{org.logo_url}:{contact}".encode()).hexdigest()[:32] + '"'
    modified = int(tracker.updated_at.timestamp())
    # Without a cache, a browser that has this version costs one query; with one, the page is
    # rendered once for everyone who comes within the cache time.
    if not for_cache and get_conditional_response(request, etag=etag, last_modified=modified) is not None:
        return CachedPage(etag, modified, language, None)  # the browser's copy is current: no render
    events = list(tracker.events.all())
    with translation.override(language):
        body = render_to_string("public/tracker.html", page_context(tracker, events), request=request)
    return CachedPage(etag, modified, language, body.encode(), tracker.updated_at)


# A fast path (still_current): the freshness check, written out.
_CURRENT_SQL = f"SELECT updated_at FROM {Tracker._meta.db_table} WHERE public_token = %s"  # noqa: S608


def still_current(token: str, page: CachedPage) -> bool:
    """Whether a cached copy still shows the tracker as it is (one indexed query).

    The cache may be each process's own memory, where another worker's delete or change cannot
    reach; asking the database makes a deleted tracker 404 at once on every worker, and a changed
    one (completed, deactivated) is rendered again rather than served stale.
    """
    # A fast path (core.fast.reads): one lookup on the unique token, written out; on a cache hit
    # this query is most of the request, and the ORM's query building would cost as much as the
    # round trip. With FAST_PATHS off the ORM asks the same.
    if fast.enabled():
        row = fetchone(connection.alias, _CURRENT_SQL, [token])
    else:
        row = Tracker.objects.filter(public_token=token).values_list("updated_at").first()
    if row is None:
        return False
    current = row[0]
    if isinstance(current, str):  # SQLite may hand a raw cursor its text
        current = datetime.fromisoformat(current)
    return utc_instant(current) == page.updated_at  # SQLite's values are naive UTC


def tracker_page(request, token: str):
    """The page, from a short-lived cache when a copy is current (1 query), else built (<= 2 queries).

    A micro-cache of PUBLIC_PAGE_CACHE_SECONDS (default 15) keeps a page that a crowd of recipients
    reloads as cheap as a static file; carriers report hours apart, so a page at most that many
    seconds old is as good as live. The ETag still lets each browser revalidate with a 304.
    """
    if len(token) > 40:
        raise Http404("No such tracking page")
    domain_org = getattr(request, "tracking_organization_id", None)
    if domain_org is not None and not Tracker.objects.filter(public_token=token, organization_id=domain_org).exists():
        raise Http404("No such tracking page")  # another organization's tracker, asked on this one's domain
    wanted = translation.get_language_from_request(request) or settings.LANGUAGE_CODE
    key = cache_key(token, wanted)
    page = cache.get(key) if cache_seconds() else None
    if page is not None and not still_current(token, page):
        cache.delete(key)
        page = None
    if page is None:
        page = build(request, token, wanted, for_cache=cache_seconds() > 0)
        if page.body is not None and cache_seconds():
            cache.set(key, page, cache_seconds())
    response = get_conditional_response(request, etag=page.etag, last_modified=page.modified)
    if response is None and page.body is None:
        response = HttpResponseNotModified()
    if response is None:
        response = HttpResponse(page.body, content_type="text/html; charset=utf-8")
    return decorate(response, page.etag, http_date(page.modified), page.language)


def decorate(response: HttpResponse, etag: str, modified: str, language: str) -> HttpResponse:
    response["ETag"] = etag
    response["Last-Modified"] = modified
    response["Content-Language"] = language
    response["Cache-Control"] = "no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response
