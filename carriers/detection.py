"""Which courier issued a tracking number: ranked candidates, best first.

Formats with check digits come from the `tracking-numbers` package (a valid check digit is strong
evidence); the sandbox patterns and common formats without check digits are our own rules, kept as
data below with a lower confidence. In live mode a number none of them places can be handed to the
aggregator (`detect_remote`), which knows the formats of a thousand more couriers.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import tracking_numbers

from carriers import seventeentrack
from carriers.base import CarrierError
from carriers.numbers import is_sandbox_number
from carriers.registry import for_aggregator_key, get_courier

# The package's courier codes onto ours.
LIBRARY_CODES = {
    "ups": "ups",
    "usps": "usps",
    "fedex": "fedex",
    "dhl": "dhl",
    "amazon": "amazon",
    "ontrac": "ontrac",
    "cdl": "cdl",
}

log = logging.getLogger(__name__)

# What the aggregator's answer is worth: it has seen the number at a courier, but we cannot check it.
REMOTE_CONFIDENCE = 0.5
# The courier of a number the aggregator placed at a courier our catalog does not list.
UNLISTED = "other"

# UPU S10 numbers (two letters, eight digits, a check digit, a country) belong to a national post.
S10_COUNTRY_POSTS = {
    "US": "usps",
    "CA": "canada-post",
    "GB": "royal-mail",
    "DE": "deutsche-post",
    "FR": "la-poste",
    "NL": "postnl",
    "AU": "australia-post",
    "JP": "japan-post",
    "CN": "china-post",
}

# Formats without a check digit: (courier, pattern, confidence).
PATTERN_RULES: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("cainiao", re.compile(r"LP\d{14}|CAINIAO[A-Z0-9]{6,20}|CN[A-Z0-9]{12,16}CN?"), 0.6),
    # YunExpress: YT and 16 digits, or five letters, ten digits and its YQ suffix (MGRAE0003506539YQ).
    ("yunexpress", re.compile(r"YT\d{16}|[A-Z]{5}\d{10}YQ"), 0.7),
    ("sf-express", re.compile(r"SF\d{12,13}"), 0.7),
    ("postnl", re.compile(r"3S[A-Z0-9]{11,13}"), 0.7),
    ("colissimo", re.compile(r"\d[A-Z]\d{11}"), 0.5),
    ("inpost", re.compile(r"\d{24}"), 0.3),
    ("4px", re.compile(r"4PX\d{10,16}(CN)?|30\d{10}"), 0.4),
    ("dhl", re.compile(r"(JJD|JVGL)\d{10,20}|\d{10}"), 0.3),
    ("dpd", re.compile(r"\d{14}"), 0.3),
    ("gls", re.compile(r"\d{11}|\d{12}"), 0.2),
    ("canada-post", re.compile(r"\d{16}"), 0.2),
    ("usps", re.compile(r"(94|92|93|95)\d{20}"), 0.3),
)


@dataclass(frozen=True)
class Candidate:
    courier: str
    name: str
    confidence: float
    check_digit: bool  # True when a check digit confirmed the match

    def as_dict(self) -> dict:
        return {
            "courier": self.courier,
            "name": self.name,
            "confidence": self.confidence,
            "check_digit_valid": self.check_digit,
        }


def ranked(candidates: list[Candidate]) -> list[dict]:
    """The candidates as the APIs show them, each with its rank (1 for the best)."""
    return [{"rank": rank, **candidate.as_dict()} for rank, candidate in enumerate(candidates, 1)]


def _library_matches(number: str) -> list[tuple[str, bool]]:
    """(our code, check digit valid) for every definition whose pattern matches."""
    found: list[tuple[str, bool]] = []
    for definition in tracking_numbers.DEFINITIONS:
        match = definition.test(number)
        if match is None or not match.valid:
            continue
        code = LIBRARY_CODES.get(match.courier.code)
        if match.courier.code == "s10":
            code = S10_COUNTRY_POSTS.get(number[-2:], "universal-post")
        if code:
            found.append((code, definition.checksum_validator is not None))
    return found


def detect(number: str) -> list[Candidate]:
    """Ranked candidates for a normalized number; empty when nothing matches."""
    if is_sandbox_number(number):
        return [Candidate("sandbox", "Sandbox carrier", 1.0, False)]
    compact = number.replace("-", "")
    scores: dict[str, tuple[float, bool]] = {}
    for code, checked in _library_matches(compact):
        confidence = 0.95 if checked else 0.8
        if confidence > scores.get(code, (0.0, False))[0]:
            scores[code] = (confidence, checked)
    for code, pattern, confidence in PATTERN_RULES:
        if code not in scores and pattern.fullmatch(compact):
            scores[code] = (confidence, False)
    order = {c: i for i, c in enumerate(scores)}
    ranked = sorted(scores.items(), key=lambda item: (-item[1][0], order[item[0]]))
    return [
        Candidate(code, courier.name, confidence, checked)
        for code, (confidence, checked) in ranked
        if (courier := get_courier(code))
    ]


def detect_remote(number: str) -> list[Candidate]:
    """Ask the aggregator which courier issued `number` (live mode, when local rules found none).

    Registering the number is how 17TRACK detects; it costs one unit of its quota, and the number
    is then already registered for the refresh that follows. Any failure means "not detected".
    """
    if not seventeentrack.configured():
        return []
    try:
        key = seventeentrack.detect(number)
    except CarrierError as exc:
        log.info("aggregator could not detect the courier of a number: %s", exc)
        return []
    courier = for_aggregator_key(key) or get_courier(UNLISTED)
    return [Candidate(courier.code, courier.name, REMOTE_CONFIDENCE, False)] if courier else []
