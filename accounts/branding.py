"""The rules of an organization's branding on the public page, stated once.

The settings service validates with them before saving; the public page reads them again before
showing anything (a row written around the service must still not break the page or leak an
http logo into an https page).
"""

from __future__ import annotations

import re

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
COLOUR_HINT = "Use a hex colour with six digits, e.g. #4f46e5."
LOGO_HINT = "Use an https:// address so the tracking page stays secure."


def valid_colour(value: str | None) -> str:
    """The colour in lower case when it is a six-digit hex colour, else ""."""
    value = (value or "").strip()
    return value.lower() if HEX_COLOUR.fullmatch(value) else ""


def valid_logo(url: str | None) -> str:
    url = (url or "").strip()
    return url if url.startswith("https://") else ""


def text_on(colour: str) -> str:
    """Black or white text, whichever reads better on the brand colour (WCAG relative luminance)."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#111827" if luminance > 0.35 else "#ffffff"


# The shop's contact on the public page: an address, a number a person can dial, an https page.
EMAIL_HINT = "Use an email address such as help@shop.example."
PHONE_HINT = "Use a phone number with digits, spaces, dashes, brackets and an optional leading +."
URL_HINT = "Use an https:// address of your help or contact page."
_PHONE = re.compile(r"\+?[0-9][0-9 ().-]{4,30}")
_EMAIL = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+")


def valid_support_email(value: str | None) -> str:
    value = (value or "").strip()
    return value if len(value) <= 254 and _EMAIL.fullmatch(value) else ""


def valid_support_phone(value: str | None) -> str:
    value = " ".join((value or "").split())
    return value if _PHONE.fullmatch(value) else ""


def valid_support_url(value: str | None) -> str:
    value = (value or "").strip()
    return value if value.startswith("https://") and len(value) <= 300 and " " not in value else ""
