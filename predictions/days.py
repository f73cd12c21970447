"""The carrier's delivery days: the weekdays it delivers on, less the destination's public holidays.

Transit time is counted in these days, so a parcel shipped on Friday and delivered on Monday took
one day with a carrier that does not deliver at weekends, and Christmas is not a day of transit.
Counting is a difference of two cumulative counts (built once per calendar and year, and cached),
so a fit over a million deliveries costs one subtraction per group, not a walk over the days.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

WEEKDAYS = "01234"  # Monday to Friday: what a carrier without enough history is assumed to deliver on


@lru_cache(maxsize=1024)
def _holidays(country: str, year: int) -> frozenset[int]:
    """The country's public holidays in `year` (ordinals), read a year at a time: a refresh needs a
    year or two, and the library's forty years cost a third of a second per country."""
    if not country:
        return frozenset()
    try:
        # The years beside it too: a holiday observed on a weekday can fall in the year before.
        days = holidays.country_holidays(country, years=(year - 1, year, year + 1))
    except NotImplementedError:  # a country the library does not know: no holidays rather than an error
        return frozenset()
    return frozenset(d.toordinal() for d in days if d.year == year)


class DeliveryDays:
    """One carrier's delivery days in one destination country."""

    def __init__(self, weekdays: str, country: str):
        self.weekdays = weekdays or WEEKDAYS
        self.country = country
        self._years: dict[int, list[int]] = {}

    def is_delivery_day(self, day: date) -> bool:
        return str(day.weekday()) in self.weekdays and day.toordinal() not in _holidays(self.country, day.year)

    def _year(self, year: int) -> list[int]:
        """counts[i]: delivery days of `year` from its first day through its day i (built once per year)."""
        counts = self._years.get(year)
        if counts is None:
            wanted = {int(w) for w in self.weekdays}
            off = _holidays(self.country, year)
            total, counts = 0, []
            for ordinal in range(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal() + 1):
                if (ordinal - 1) % 7 in wanted and ordinal not in off:  # ordinal 1 (0001-01-01) is a Monday
                    total += 1
                counts.append(total)
            self._years[year] = counts
        return counts

    def _through(self, day: date) -> int:
        """Delivery days from the first of day's year through day."""
        return self._year(day.year)[day.timetuple().tm_yday - 1]

    def between(self, start: date, end: date) -> int:
        """Delivery days in (start, end]: 0 for a same-day delivery; negative when end is before start."""
        if end < start:
            return -self.between(end, start)
        if start.year == end.year:
            return self._through(end) - self._through(start)
        whole = sum(self._year(year)[-1] for year in range(start.year, end.year))
        return whole - self._through(start) + self._through(end)

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
