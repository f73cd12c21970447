"""Histograms of days and what is read from them: blends, conditionals, quantiles.

Plain lists of counts (index = days), so a lane's model is a row of integers and a blend is a
weighted sum: no statistics library needed.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_DAYS = 30  # transit histograms: 0 … 30 delivery days, the last bucket holding the rest
ERROR_OFFSET = 10  # carrier-estimate error histograms: -10 … +20 days, stored shifted by this
SIZE = MAX_DAYS + 1
# How many deliveries of the broader level a lane's own histogram is worth: a lane with PRIOR_WEIGHT
# deliveries of its own is half its own, half borrowed; with ten times as many, mostly its own.
PRIOR_WEIGHT = 12.0


def empty() -> list[int]:
    return [0] * SIZE


def bucket(days: int, offset: int = 0) -> int:
    return min(max(days + offset, 0), MAX_DAYS)


def blend(levels: list[tuple[int, list[int]]]) -> list[float]:
    """Probabilities from (count, histogram) pairs, broadest first: each narrower level is its own
    counts plus the broader blend weighted as PRIOR_WEIGHT deliveries. Empty levels are skipped."""
    probs: list[float] = []
    for n, counts in levels:
        if n <= 0:
            continue
        if not probs:
            probs = [c / n for c in counts]
            continue
        total = n + PRIOR_WEIGHT
        probs = [(c + PRIOR_WEIGHT * p) / total for c, p in zip(counts, probs, strict=True)]
    return probs


@dataclass(frozen=True)
class Summary:
    median: int
    low: int
    high: int
    spread: float  # mean absolute deviation around the median, in days


def summarize(probs: list[float], level: float, at_least: int = 0, shift: int = 0) -> Summary | None:
    """Median and the interval of the distribution given that it is >= `at_least`.

    The interval is the run of days around the median whose probability is closest to `level`
    (the narrower on a tie): days are whole, so "the central 80 %" of a lane that delivers 20 %,
    45 %, 25 % and 10 % on four days is the last three (exactly 80 %), where equal tails would give
    90 % or 70 %. `shift` is added to each bucket's value first (an error histogram read against
    an estimate). None when nothing is left.
    """
    values = [(i + shift, p) for i, p in enumerate(probs) if p > 0 and i + shift >= at_least]
    total = sum(p for _, p in values)
    if total <= 0:
        return None
    masses = [p / total for _, p in values]
    cdf, middle = 0.0, len(values) - 1
    for index, mass in enumerate(masses):
        cdf += mass
        if cdf >= 0.5 - 1e-9:
            middle = index
            break
    median = values[middle][0]
    best: tuple[float, int, int, int] | None = None
    for first in range(middle + 1):
        mass = sum(masses[first:middle])
        for last in range(middle, len(values)):
            mass += masses[last]
            key = (round(abs(mass - level), 9), values[last][0] - values[first][0], first, last)
            if best is None or key < best:
                best = key
            if mass >= level:
                break
    assert best is not None
    low, high = values[best[2]][0], values[best[3]][0]
    spread = sum(m * abs(v - median) for (v, _), m in zip(values, masses, strict=True))
    return Summary(median, low, high, spread)
