"""The carrier's delivery days: the weekdays it delivers on, less the destination's public holidays.

Transit time is counted in these days, so a parcel shipped on Friday and delivered on Monday took
one day with a carrier that does not deliver at weekends, and Christmas is not a day of transit.
Counting is a difference of two cumulative counts (built once per calendar and cached), so a fit
over a million deliveries costs one subtraction per group, not a walk over the days.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

WEEKDAYS = "01234"  # Monday to Friday: what a carrier without enough history is assumed to deliver on
_BASE = date(2000, 1, 1).toordinal()
_SPAN_YEARS = range(2000, 2041)


@lru_cache(maxsize=64)
def _holidays(country: str) -> frozenset[int]:
    if not country:
        return frozenset()
    try:
        days = holidays.country_holidays(country, years=_SPAN_YEARS)
    except NotImplementedError:  # a country the library does not know: no holidays rather than an error
        return frozenset()
    return frozenset(d.toordinal() for d in days)


class DeliveryDays:
    """One carrier's delivery days in one destination country."""

    def __init__(self, weekdays: str, country: str):
        self.weekdays = weekdays or WEEKDAYS
        self.country = country
        self._cumulative: list[int] = []

    def is_delivery_day(self, day: date) -> bool:
        return str(day.weekday()) in self.weekdays and day.toordinal() not in _holidays(self.country)

    def _cum(self) -> list[int]:
        if not self._cumulative:
            wanted = {int(w) for w in self.weekdays}
            off = _holidays(self.country)
            total, out = 0, []
            last = date(_SPAN_YEARS[-1], 12, 31).toordinal()
            for ordinal in range(_BASE, last + 1):
                if (ordinal - 1) % 7 in wanted and ordinal not in off:  # ordinal 1 (0001-01-01) is a Monday
                    total += 1
                out.append(total)
            self._cumulative = out
        return self._cumulative

    def between(self, start: date, end: date) -> int:
        """Delivery days in (start, end]: 0 for a same-day delivery; negative when end is before start."""
        cum = self._cum()
        return cum[end.toordinal() - _BASE] - cum[start.toordinal() - _BASE]

    def after(self, start: date, days: int) -> date:
        """The `days`-th delivery day after `start` (`start` itself for 0)."""
        if days <= 0:
            return start
        day, left = start, days
        while left:
            day += timedelta(days=1)
            if self.is_delivery_day(day):
                left -= 1
        return day


@lru_cache(maxsize=4096)
def calendar(weekdays: str, country: str) -> DeliveryDays:
    return DeliveryDays(weekdays, country)


def learn_weekdays(counts: list[int], minimum: int = 30) -> str:
    """The weekdays (as '0123456' digits) a carrier delivers on, from its deliveries per weekday.

    A weekday counts when it has at least a fifth of the busiest weekday's deliveries (a few
    stray weekend scans do not make a weekend service); too little history means Monday to Friday.
    """
    if sum(counts) < minimum:
        return WEEKDAYS
    busiest = max(counts)
    return "".join(str(w) for w, n in enumerate(counts) if n >= busiest / 5) or WEEKDAYS
