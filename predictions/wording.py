"""A predicted delivery in words of the active language: "Tuesday 8 – Thursday 10 December".

The date patterns are themselves translated (Spanish says "martes 8 de diciembre"), and Django's
own catalogues give the weekday and month names. The public page, e-mails and the dashboard use
these, so a range reads the same everywhere.
"""

from __future__ import annotations

from datetime import date

from django.utils import dateformat
from django.utils.translation import gettext, pgettext


def days(earliest: date, latest: date) -> str:
    """One day, or a range that names the month once when both days share it."""
    full = pgettext("predicted delivery day", "l j F")
    if earliest >= latest:
        return dateformat.format(earliest, full)
    if (earliest.year, earliest.month) == (latest.year, latest.month):
        first = dateformat.format(earliest, pgettext("predicted delivery day, month said after", "l j"))
    else:
        first = dateformat.format(earliest, full)
    return f"{first} – {dateformat.format(latest, full)}"


def arrives(earliest: date, latest: date) -> str:
    return gettext("Arrives %(days)s") % {"days": days(earliest, latest)}


def confidence(code: str) -> str:
    labels = {
        "high": gettext("high confidence"),
        "medium": gettext("medium confidence"),
        "low": gettext("low confidence"),
    }
    return labels.get(code, "")
