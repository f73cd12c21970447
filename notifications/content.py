"""What a notification says: the organization's wording (or the translated default), filled in.

Organizations write their templates with a handful of `{placeholders}`, never with the Django
template language: a template an organization edits must not reach objects, settings or tags.
Values are plain strings; unknown placeholders are refused when the template is saved.

The frame of an email (brand colour, status, estimated delivery, last event, the button to the
public page, the unsubscribe link) is the project's, in templates/email/; the organization words
the subject and the opening paragraph. An SMS is the organization's text, cut to one segment with
the public link always whole; accents GSM-7 lacks are folded first (á → a), so a Spanish or French
message keeps 160 characters rather than UCS-2's 70.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext

from accounts.branding import text_on, valid_colour, valid_logo
from accounts.models import Organization
from carriers.statuses import Detail, Status
from core.times import to_local
from notifications.milestones import headline
from predictions import wording

PLACEHOLDER = re.compile(r"\{(\w+)\}")
PLACEHOLDERS = {
    "org": "The organization's public name",
    "status": "The status in plain words, e.g. Out for delivery",
    "headline": "One sentence about what happened, e.g. Your parcel is out for delivery.",
    "tracking_number": "The tracking number",
    "eta": "The predicted delivery days (or the carrier's estimate), or nothing",
    "last_event": "The carrier's last scan and its place, or nothing",
    "name": "The customer's name, or nothing",
    "link": "The public tracking page",
}
SMS_GSM_LIMIT = 160
SMS_UCS2_LIMIT = 70
# GSM 03.38 basic character set; the extension table's characters count as two.
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€\f")


def default_subject() -> str:
    return gettext("{status}: your parcel from {org}")


def default_email_body() -> str:
    return gettext("{headline} Follow it any time on its tracking page.")


def default_sms_body() -> str:
    return gettext("{org}: {headline} {link}")


def defaults(channel: str) -> tuple[str, str]:
    """(subject, body) of the default template for a channel, in the active language."""
    if channel == "email":
        return default_subject(), default_email_body()
    return "", default_sms_body()


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def fill(text: str, values: dict[str, str]) -> str:
    """Replace each known {placeholder}; anything else stays as written."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def language_of(wanted: str | None) -> str:
    """The tracker's language when the project speaks it, else the default (English)."""
    codes = {code for code, _ in settings.LANGUAGES}
    code = (wanted or "").split("-")[0].lower()
    return code if code in codes else settings.LANGUAGE_CODE


# --- the facts a message is made of ---------------------------------------------------------------


def snapshot(data: dict) -> dict:
    """What a message needs from a tracker event's data (the API shape), frozen with the row."""
    events = data.get("events") or []
    last = events[0] if events else None
    return {
        "status": data.get("status", ""),
        "status_detail": data.get("status_detail", ""),
        "tracking_number": data.get("tracking_number", ""),
        "courier": data.get("courier", ""),
        "est_delivery_at": data.get("est_delivery_at"),
        "estimated_delivery": data.get("estimated_delivery"),
        "delivered_at": data.get("delivered_at"),
        "public_url": data.get("public_url", ""),
        "name": data.get("customer_name", ""),
        "last_event": {
            "message": last.get("message", ""),
            "place": ", ".join(p for p in (last["location"].get("city"), last["location"].get("country")) if p),
            "occurred_at": last.get("occurred_at"),
            "time_zone": last.get("time_zone"),
        }
        if last
        else None,
    }


@dataclass
class Facts:
    """A snapshot in words of the active language."""

    org: str
    brand: str
    brand_text: str
    logo_url: str
    status: str
    detail: str
    headline: str
    tracking_number: str
    eta: str
    last_event: str
    last_event_when: str
    name: str
    link: str

    def values(self) -> dict[str, str]:
        return {
            "org": self.org,
            "status": self.status,
            "headline": self.headline,
            "tracking_number": self.tracking_number,
            "eta": self.eta,
            "last_event": self.last_event,
            "name": self.name,
            "link": self.link,
        }


def _when(value: str | None, zone: str | None = None) -> datetime | None:
    moment = parse_datetime(value) if value else None
    if moment is None:
        return None
    local, _known = to_local(moment, zone)
    return local.replace(tzinfo=None)


def _eta(context: dict) -> str:
    """The predicted range when one is shown ("Tuesday 8 – Thursday 10 December"), else the carrier's date."""
    if context.get("status") == Status.DELIVERED:
        return ""
    predicted = context.get("estimated_delivery") or {}
    day = parse_date(predicted.get("date") or "")
    if day is not None:
        earliest = parse_date(predicted.get("earliest") or "") or day
        latest = parse_date(predicted.get("latest") or "") or day
        return wording.days(earliest, latest)
    eta = _when(context.get("est_delivery_at"))
    return formats.date_format(eta, "DATE_FORMAT") if eta else ""


def facts(organization: Organization, context: dict) -> Facts:
    """Call inside translation.override(language): labels and dates come out in that language."""
    status, detail = context.get("status", ""), context.get("status_detail", "")
    brand = valid_colour(organization.brand_color)
    last = context.get("last_event") or {}
    when = _when(last.get("occurred_at"), last.get("time_zone"))
    last_text = " · ".join(p for p in (last.get("message", ""), last.get("place", "")) if p)
    return Facts(
        org=organization.public_name,
        brand=brand or "#4f46e5",
        brand_text=text_on(brand) if brand else "#ffffff",
        logo_url=valid_logo(organization.logo_url),
        status=str(Status(status).label) if status in Status.values else status,
        detail=str(Detail(detail).label) if detail in Detail.values and detail != status else "",
        headline=headline(status, detail),
        tracking_number=context.get("tracking_number", ""),
        eta=_eta(context),
        last_event=last_text,
        last_event_when=formats.date_format(when, "DATETIME_FORMAT") if when else "",
        name=context.get("name", ""),
        link=context.get("public_url", ""),
    )


# --- email ----------------------------------------------------------------------------------------


@dataclass
class EmailContent:
    subject: str
    text: str
    html: str


def email(
    organization: Organization, context: dict, language: str, subject: str, body: str, unsubscribe_url: str
) -> EmailContent:
    """Subject, plain-text part and HTML part of one email, in `language`."""
    with translation.override(language):
        f = facts(organization, context)
        values = f.values()
        page = {
            "f": f,
            "intro": fill(body, values),
            "unsubscribe_url": unsubscribe_url,
            "language": language,
        }
        subject_line = " ".join(fill(subject, values).split())[:200]
        return EmailContent(
            subject=subject_line,
            text=render_to_string("email/notification.txt", page),
            html=render_to_string("email/notification.html", page),
        )


# --- SMS ------------------------------------------------------------------------------------------


# Look-alikes that keep a message in GSM-7 (160 characters) instead of UCS-2 (70), as carriers'
# "smart encoding" does: typographic punctuation first, then accents GSM-7 lacks (á → a; é stays).
GSM_LOOKALIKES = {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "\u00a0": " ", "ç": "Ç"}


def gsm_fold(text: str) -> str:
    """`text` in GSM-7 where every character has a look-alike; unchanged when one has none (e.g. 你)."""
    out = []
    for char in text:
        if char in GSM_BASIC or char in GSM_EXTENDED:
            out.append(char)
            continue
        folded = GSM_LOOKALIKES.get(char) or "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if not folded or not is_gsm(folded):
            return text
        out.append(folded)
    return "".join(out)


def is_gsm(text: str) -> bool:
    return all(c in GSM_BASIC or c in GSM_EXTENDED for c in text)


def sms_length(text: str) -> int:
    """Length in the units of its encoding: GSM-7 septets (extension characters count two) or UCS-2."""
    if is_gsm(text):
        return sum(2 if c in GSM_EXTENDED else 1 for c in text)
    return len(text.encode("utf-16-le")) // 2


def segment_limit(text: str) -> int:
    return SMS_GSM_LIMIT if is_gsm(text) else SMS_UCS2_LIMIT


def fits_one_segment(text: str) -> bool:
    return sms_length(text) <= segment_limit(text)


def sms(organization: Organization, context: dict, language: str, body: str) -> str:
    """The SMS text, in one segment: the words are shortened, the link never."""
    with translation.override(language):
        values = facts(organization, context).values()
    link = values["link"]
    marker = "\x00"
    text = " ".join(fill(body, {**values, "link": marker}).split())
    if marker not in text:
        text = f"{text} {marker}"
    words, _, after = text.partition(marker)
    if is_gsm(gsm_fold(words + after)):
        words, after = gsm_fold(words), gsm_fold(after)
    if fits_one_segment(words + link + after):
        return words + link + after
    # Too long: keep the link, shorten the words around it (after-text first, then before).
    ellipsis = "..." if is_gsm(words + after) else "…"
    while after and not fits_one_segment(words + link + after):
        after = after[:-1]
    head = words.rstrip()
    while head and not fits_one_segment(head + ellipsis + " " + link + after):
        head = head[:-1]
    return (head.rstrip() + ellipsis + " " if head else "") + link + after
