"""Template filters for tracker words, so templates never spell status strings themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.utils import timezone

from carriers.registry import get_courier
from carriers.statuses import Detail
from predictions import wording
from trackers.predicting import is_late

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

register = template.Library()


@register.filter
def detail_label(value: str) -> StrOrPromise:
    """The translated label of a status_detail, or the code made readable."""
    if value in Detail.values:
        return Detail(value).label
    return (value or "").replace("_", " ").capitalize()


@register.filter
def courier_name(code: str) -> str:
    courier = get_courier(code)
    return courier.name if courier else code


@register.filter
def courier_page(tracker) -> str:
    """The courier's own tracking page for a live tracker ('' for test mode or when none is known)."""
    courier = get_courier(tracker.courier)
    return courier.tracking_page(tracker.tracking_number) if courier and tracker.mode == "live" else ""


@register.filter
def late(tracker) -> bool:
    """Past the latest day predicted and not delivered (trackers.predicting.is_late)."""
    return is_late(tracker, timezone.localdate())


@register.filter
def predicted_days(tracker) -> str:
    """The predicted range in words ("Tuesday 8 – Thursday 10 December"), or '' when none is shown."""
    if not tracker.edd_date or tracker.edd_confidence in ("", "none"):
        return ""
    return wording.days(tracker.edd_earliest or tracker.edd_date, tracker.edd_latest or tracker.edd_date)
