"""A subscription's custom headers: extra name/value pairs sent with every delivery.

Receivers use them for their own routing or a static token. They may not override what makes a
delivery a delivery: hop-by-hop and framing headers (the connection is ours), the content type,
and the signature headers of any format (a receiver must be able to trust those). Checked when a
subscription is saved (`clean`) and again when a delivery is sent (`merge`: the sender's own
headers win, whatever the case of a custom name).
"""

from __future__ import annotations

import re

from core.errors import FieldError

MAX_HEADERS = 10
MAX_NAME = 64
MAX_VALUE = 1000
MAX_TOTAL = 4096  # bytes of names and values together

# RFC 9110 token characters: what a header name may be made of.
_NAME = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
# Visible ASCII, spaces and tabs: no CR, LF or other control characters (header injection).
_VALUE = re.compile(r"^[\t\x20-\x7e]*$")

HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer"}
    | {"transfer-encoding", "upgrade"}
)
FRAMING = frozenset({"host", "content-length", "content-type", "content-encoding", "expect", "user-agent"})
# The signature headers of every format (Standard Webhooks, EasyPost) and their likes.
SIGNATURE_PREFIXES = ("webhook-", "x-hmac-", "x-easypost-", "svix-")
SIGNATURE = frozenset({"signature", "x-signature"})


def refusal(name: str) -> str | None:
    """Why this header name may not be set by a subscription, or None."""
    lower = name.lower()
    if lower in HOP_BY_HOP or lower in FRAMING:
        return f"{name} is set by the sender and cannot be overridden."
    if lower in SIGNATURE or lower.startswith(SIGNATURE_PREFIXES):
        return f"{name} is a signature header and cannot be overridden."
    return None


def clean(value: object, field: str = "custom_headers") -> tuple[dict[str, str], list[FieldError]]:
    """A {name: value} dict of at most MAX_HEADERS safe headers, or the errors saying why not."""
    if value is None:
        return {}, []
    if not isinstance(value, dict):
        return {}, [FieldError(field, "An object of header names and string values.")]
    errors: list[FieldError] = []
    if len(value) > MAX_HEADERS:
        errors.append(FieldError(field, f"At most {MAX_HEADERS} custom headers."))
    seen: set[str] = set()
    total = 0
    for name, text in value.items():
        where = f"{field}.{name}"
        if not isinstance(name, str) or not _NAME.match(name) or len(name) > MAX_NAME:
            errors.append(FieldError(where, f"A header name: letters, digits and -_. only, at most {MAX_NAME}."))
            continue
        if reason := refusal(name):
            errors.append(FieldError(where, reason))
            continue
        if name.lower() in seen:
            errors.append(FieldError(where, "The same header is named twice."))
            continue
        seen.add(name.lower())
        if not isinstance(text, str) or not _VALUE.match(text) or len(text) > MAX_VALUE:
            errors.append(FieldError(where, f"A value of printable characters, at most {MAX_VALUE}, on one line."))
            continue
        total += len(name) + len(text)
    if total > MAX_TOTAL:
        errors.append(FieldError(field, f"At most {MAX_TOTAL} characters of custom headers in all."))
    return ({} if errors else dict(value)), errors


def merge(custom: dict[str, str], own: dict[str, str]) -> dict[str, str]:
    """The headers to send: the custom ones, then the sender's own, which win whatever the case."""
    taken = {name.lower() for name in own}
    kept = {name: text for name, text in (custom or {}).items() if name.lower() not in taken and not refusal(name)}
    return {**kept, **own}
