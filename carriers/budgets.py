"""Request budgets per carrier account, as data: the documented defaults and CARRIER_BUDGETS.

A carrier account is what a carrier rations: our credentials for one API (`usps`, `dhl`, `17track`
for every courier answered through the aggregator), or an organization's own credentials for it
(`usps@org_…`, which get a budget of their own, by default the carrier's). Each account has any
number of limits, each a count per fixed window of UTC time (second, minute, hour, day).

CARRIER_BUDGETS="usps=60/hour,dhl=250/day,dhl=5/second" replaces the defaults of each carrier it
names (all of that carrier's limits at once); "usps=none" lifts them. The defaults are the rates
the carriers publish for a new application (docs/carriers.md, Budgets), on the safe side. Where
the shared budgets are counted and spent is trackers/throttle.py; this module only says what they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
ALIASES = {"s": "second", "sec": "second", "m": "minute", "min": "minute", "h": "hour", "d": "day"}
# Windows shorter than this are paced by the worker (it waits for the next one); longer ones are
# reserved when trackers are claimed.
SHORT_PERIOD = 60

DEFAULT_BUDGETS: dict[str, str] = {
    "usps": "60/hour",  # a new USPS APIs application: 60 requests an hour
    "ups": "100/minute,20000/day",  # UPS raises limits only on request; a modest default
    "dhl": "250/day,1/second",  # DHL Shipment Tracking - Unified, initial service level
    "fedex": "1400/minute,100000/day",  # FedEx: 1,400 per 10 s burst, rounded down per minute
    "17track": "3/second,10000/day",  # 17TRACK: 3 requests a second; the plan sets the daily quota
}
# Numbers one request may ask for, where the carrier's API takes several at once.
BATCH_SIZES: dict[str, int] = {"17track": 40, "fedex": 30}


@dataclass(frozen=True, order=True)
class Limit:
    period: int  # seconds
    count: int

    @property
    def short(self) -> bool:
        return self.period < SHORT_PERIOD

    def __str__(self) -> str:
        name = next(n for n, s in PERIODS.items() if s == self.period)
        return f"{self.count}/{name}"


class BudgetSyntaxError(ValueError):
    pass


def parse(text: str) -> dict[str, tuple[Limit, ...]]:
    """`"usps=60/hour,dhl=250/day,dhl=5/second"` -> {"usps": (60/hour,), "dhl": (5/second, 250/day)}."""
    found: dict[str, list[Limit]] = {}
    for item in (part.strip() for part in (text or "").split(",")):
        if not item:
            continue
        account, sep, rate = item.partition("=")
        account, rate = account.strip().lower(), rate.strip().lower()
        if not sep or not account:
            raise BudgetSyntaxError(f"'{item}': expected carrier=count/period, e.g. usps=60/hour")
        limits = found.setdefault(account, [])
        if rate in ("none", "unlimited"):
            continue
        count, slash, period = rate.partition("/")
        period = ALIASES.get(period, period)
        if not slash or not count.isdigit() or period not in PERIODS or int(count) < 1:
            raise BudgetSyntaxError(f"'{item}': expected a positive count per second, minute, hour or day")
        limits.append(Limit(PERIODS[period], int(count)))
    return {account: tuple(sorted(limits)) for account, limits in found.items()}


@lru_cache(maxsize=8)
def _table(configured: str) -> dict[str, tuple[Limit, ...]]:
    table = {code: parse(f"{code}={rate.replace(',', f',{code}=')}")[code] for code, rate in DEFAULT_BUDGETS.items()}
    table.update(parse(configured))
    return table


def account_for(carrier: str, owner: str | None = None) -> str:
    """The account a request is counted on: the carrier's, or an organization's own credentials for it."""
    return f"{carrier}@{owner}" if owner else carrier


def carrier_of(account: str) -> str:
    return account.partition("@")[0]


def limits(account: str) -> tuple[Limit, ...]:
    """The limits of an account, shortest window first; () when it is not budgeted.

    An organization's own credentials have their own entry when CARRIER_BUDGETS names them
    (`usps@org_…=500/hour`), else the carrier's limits, counted separately.
    """
    table = _table(settings.CARRIER_BUDGETS)
    if account in table:
        return table[account]
    return table.get(carrier_of(account), ())


def configured_accounts() -> list[str]:
    """Every account with limits (defaults and settings), for the dashboard's carriers panel."""
    return sorted(a for a, found in _table(settings.CARRIER_BUDGETS).items() if found)
