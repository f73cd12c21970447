"""A scan's own code and extra words as its carrier wrote them, read back from the raw scan kept with it.

Every adapter keeps the carrier's scan object as `EventData.raw`; APIs that show the carrier's own
event code (EasyPost's `carrier_code`) or its longer words read them here, one table row per raw
shape, so no API needs to know a carrier's JSON. The shape is told by a key only that carrier's
scans have (USPS's `eventCode`, DHL's `statusCode`, …); the sandbox's scans say nothing of the kind.
"""

from __future__ import annotations

from carriers.parsing import as_dict, text

Path = tuple[str, ...]

# (marker key, path of the scan's code, path of words beyond the message), first match wins.
SHAPES: tuple[tuple[str, Path, Path | None], ...] = (
    ("eventCode", ("eventCode",), None),  # USPS: eventType is already the message
    ("statusCode", ("statusCode",), ("remark",)),  # DHL: description is the message
    ("eventType", ("eventType",), ("exceptionDescription",)),  # FedEx
    ("sub_status", ("sub_status",), None),  # 17TRACK
    ("status", ("status", "code"), ("status", "simplifiedTextDescription")),  # UPS activity
)


def _at(raw: dict, path: Path) -> str:
    value: object = raw
    for key in path:
        value = as_dict(value).get(key)
    return text(value) if isinstance(value, str | int) else ""


def raw_words(raw: object) -> tuple[str, str]:
    """(the carrier's code for this scan, its words beyond the message); '' for what it did not say."""
    scan = as_dict(raw)
    for marker, code_path, words_path in SHAPES:
        if marker in scan:
            return _at(scan, code_path), _at(scan, words_path) if words_path else ""
    return "", ""
