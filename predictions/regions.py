"""A lane's region: the country plus the first characters of the postal code.

How many characters make a useful region depends on the country's postal system (the US's first
three digits name a sectional centre, the UK's first two letters a postcode area, Germany's first
two digits a routing region). Countries not listed use DEFAULT_PREFIX.
"""

from __future__ import annotations

PREFIX_LENGTH: dict[str, int] = {
    "US": 3,
    "CA": 3,
    "GB": 2,
    "DE": 2,
    "FR": 2,
    "NL": 2,
    "BE": 2,
    "ES": 2,
    "IT": 2,
    "AT": 1,
    "CH": 1,
    "AU": 1,
    "NZ": 1,
    "JP": 3,
}
DEFAULT_PREFIX = 2


def region(country: str, postal_code: str) -> str:
    """'US-900' for a US ZIP 90052; the bare country when the postal code is unknown; '' when neither is."""
    country = (country or "").strip().upper()[:2]
    if not country:
        return ""
    compact = "".join(ch for ch in (postal_code or "").upper() if ch.isalnum())
    prefix = compact[: PREFIX_LENGTH.get(country, DEFAULT_PREFIX)]
    return f"{country}-{prefix}" if prefix else country
