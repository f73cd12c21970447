"""Tracking-number normalization and the sandbox patterns, shared by detection and validation.

One rule for the stored form of a number, everywhere: upper case, no whitespace anywhere (a number
is often written in groups, "1Z 999 AA1 012"). `normalize` applies it and refuses what cannot be a
tracking number (creates, detection); `lenient` applies it and judges nothing (filters, searches,
lookups: a value that cannot be a number simply matches nothing).
"""

from __future__ import annotations

import re

from core.errors import invalid

MIN_LENGTH = 4
MAX_LENGTH = 64

# PackageX's sandbox numbers: PKGX-XXXXXXX-XXXXXXX, X any digit or capital letter.
PACKAGEX_SANDBOX = re.compile(r"PKGX-([A-Z0-9]{7})-([A-Z0-9]{7})")
# EasyPost's seven test codes: EZ1000000001 ... EZ7000000007.
EASYPOST_SANDBOX = re.compile(r"EZ([1-7])00000000\1")
SANDBOX_PATTERNS_TEXT = "PKGX-XXXXXXX-XXXXXXX (X a digit or capital letter) or EZ1000000001 … EZ7000000007"

_WHITESPACE = re.compile(r"\s+")
_ALLOWED = re.compile(r"[A-Z0-9-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def lenient(text: str) -> str:
    """The stored form of `text` without judging it: upper case, whitespace removed."""
    return _WHITESPACE.sub("", text).upper()


def normalize(raw: object) -> str:
    """Upper case without spaces; dashes stay (sandbox numbers are written with them).

    Raises a ServiceError with a field error for anything that cannot be a tracking number.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise invalid("tracking_number_required", "A tracking number is required.", "tracking_number")
    if not isinstance(raw, str | int):
        raise invalid("tracking_number_invalid", "The tracking number must be a string.", "tracking_number")
    text = str(raw)
    if _CONTROL.search(text.replace("\t", " ").replace("\n", " ").replace("\r", " ")) or "\x00" in text:
        raise invalid(
            "tracking_number_invalid_characters",
            "The tracking number contains control characters.",
            "tracking_number",
        )
    number = lenient(text)
    if len(number) < MIN_LENGTH:
        raise invalid(
            "tracking_number_too_short",
            f"The tracking number must be at least {MIN_LENGTH} characters long.",
            "tracking_number",
        )
    if len(number) > MAX_LENGTH:
        raise invalid(
            "tracking_number_too_long",
            f"The tracking number must be at most {MAX_LENGTH} characters long.",
            "tracking_number",
        )
    if not _ALLOWED.fullmatch(number):
        raise invalid(
            "tracking_number_invalid_characters",
            "A tracking number may contain only letters, digits and dashes.",
            "tracking_number",
        )
    return number


def is_sandbox_number(number: str) -> bool:
    return bool(PACKAGEX_SANDBOX.fullmatch(number) or EASYPOST_SANDBOX.fullmatch(number))
