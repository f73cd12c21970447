"""Every courier the platform knows (catalog.py, as data) and how this installation reaches each.

A courier is refreshed by its direct adapter when that adapter is configured, else through the
aggregator (17TRACK) when its key is set, else not at all: its trackers stay `unknown /
no_adapter` and say so. Adapters live in one module each under carriers/ and expose
`configured()` and `ADAPTER`; the table below names the couriers that have one.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache

from carriers import seventeentrack
from carriers.base import Adapter
from carriers.catalog import COURIERS as ROWS
from core.errors import COURIER_LIST_HINT, invalid

# Couriers with a direct adapter: code -> module.
DIRECT_ADAPTERS: dict[str, str] = {
    "sandbox": "carriers.sandbox",
    "usps": "carriers.usps",
    "ups": "carriers.ups",
    "dhl": "carriers.dhl",
    "fedex": "carriers.fedex",
}
AGGREGATOR = "17track"
# Couriers the aggregator never answers for.
NOT_AGGREGATED = frozenset({"sandbox"})


@dataclass(frozen=True)
class Courier:
    code: str
    name: str
    website: str
    tracking_url: str = ""  # a template with {number}
    adapter_module: str | None = None
    aggregator_key: int | None = None  # 17TRACK's carrier key, when we know it

    def tracking_page(self, number: str) -> str:
        return self.tracking_url.format(number=number) if self.tracking_url else ""

    @property
    def direct_adapter(self) -> Adapter | None:
        if not self.adapter_module:
            return None
        module = importlib.import_module(self.adapter_module)
        return module.ADAPTER if module.configured() else None

    @property
    def through(self) -> str | None:
        """'direct', the aggregator's name, or None when this installation cannot refresh it."""
        if self.direct_adapter is not None:
            return "direct"
        if self.code not in NOT_AGGREGATED and seventeentrack.configured():
            return AGGREGATOR
        return None

    @property
    def adapter(self) -> Adapter | None:
        """What refreshes this courier's live trackers: its own adapter first, else the aggregator."""
        direct = self.direct_adapter
        if direct is not None:
            return direct
        if self.code not in NOT_AGGREGATED and seventeentrack.configured():
            return seventeentrack.Adapter(self.code, self.aggregator_key)
        return None

    @property
    def has_adapter(self) -> bool:
        return self.through is not None

    def as_dict(self) -> dict:
        through = self.through
        return {
            "code": self.code,
            "name": self.name,
            "website": self.website,
            "tracking_url_template": self.tracking_url,
            "adapter_configured": through is not None,
            "configured_through": through,
            "direct_adapter": self.adapter_module is not None,
        }


COURIERS: tuple[Courier, ...] = tuple(
    Courier(code, name, website, url, DIRECT_ADAPTERS.get(code), key) for code, name, website, url, key in ROWS
)

_BY_CODE = {courier.code: courier for courier in COURIERS}
_BY_AGGREGATOR_KEY = {c.aggregator_key: c for c in COURIERS if c.aggregator_key is not None}


def all_couriers() -> tuple[Courier, ...]:
    return COURIERS


def get_courier(code: str) -> Courier | None:
    return _BY_CODE.get((code or "").strip().lower())


def for_aggregator_key(key: int | None) -> Courier | None:
    """Our courier for a 17TRACK carrier key, when the catalog lists it."""
    return _BY_AGGREGATOR_KEY.get(key) if key is not None else None


def require_courier(code: str) -> Courier:
    courier = get_courier(code)
    if courier is None:
        raise invalid(
            "unknown_courier",
            f"Unknown courier code '{code}' in `courier`. {COURIER_LIST_HINT}",
            "courier",
        )
    return courier


@cache
def courier_codes() -> frozenset[str]:
    return frozenset(_BY_CODE)
