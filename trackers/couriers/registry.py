"""Every courier the platform knows, as data: code, name, website, tracking page, adapter.

A courier without a configured adapter can still be tracked (the tracker says so); adapters live in
one module each under trackers/couriers/ and expose `configured()` and `ADAPTER`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache

from core.errors import invalid


@dataclass(frozen=True)
class Courier:
    code: str
    name: str
    website: str
    tracking_url: str = ""  # a template with {number}
    adapter_module: str | None = None

    def tracking_page(self, number: str) -> str:
        return self.tracking_url.format(number=number) if self.tracking_url else ""

    @property
    def adapter(self):
        if not self.adapter_module:
            return None
        module = importlib.import_module(self.adapter_module)
        return module.ADAPTER if module.configured() else None

    @property
    def has_adapter(self) -> bool:
        return self.adapter is not None

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "website": self.website,
            "tracking_url_template": self.tracking_url,
            "adapter_configured": self.has_adapter,
        }


COURIERS: tuple[Courier, ...] = (
    Courier("sandbox", "Sandbox carrier", "", "", "trackers.couriers.sandbox"),
    Courier(
        "usps",
        "USPS",
        "https://www.usps.com",
        "https://tools.usps.com/go/TrackConfirmAction?tLabels={number}",
        "trackers.couriers.usps",
    ),
    Courier(
        "ups",
        "UPS",
        "https://www.ups.com",
        "https://www.ups.com/track?tracknum={number}",
        "trackers.couriers.ups",
    ),
    Courier(
        "fedex",
        "FedEx",
        "https://www.fedex.com",
        "https://www.fedex.com/fedextrack/?trknbr={number}",
        "trackers.couriers.fedex",
    ),
    Courier(
        "dhl",
        "DHL Express",
        "https://www.dhl.com",
        "https://www.dhl.com/global-en/home/tracking.html?tracking-id={number}",
        "trackers.couriers.dhl",
    ),
    Courier("amazon", "Amazon Logistics", "https://www.amazon.com", "https://track.amazon.com/tracking/{number}"),
    Courier("ontrac", "OnTrac", "https://www.ontrac.com", "https://www.ontrac.com/tracking/?number={number}"),
    Courier("cdl", "CDL Last Mile", "https://www.cdldelivers.com", ""),
    Courier(
        "canada-post",
        "Canada Post",
        "https://www.canadapost-postescanada.ca",
        "https://www.canadapost-postescanada.ca/track-reperage/en#/details/{number}",
    ),
    Courier(
        "royal-mail",
        "Royal Mail",
        "https://www.royalmail.com",
        "https://www.royalmail.com/track-your-item#/tracking-results/{number}",
    ),
    Courier(
        "deutsche-post",
        "Deutsche Post",
        "https://www.deutschepost.de",
        "https://www.deutschepost.de/sendung/simpleQueryResult.html?form.sendungsnummer={number}",
    ),
    Courier(
        "la-poste",
        "La Poste",
        "https://www.laposte.fr",
        "https://www.laposte.fr/outils/suivre-vos-envois?code={number}",
    ),
    Courier("postnl", "PostNL", "https://www.postnl.nl", "https://jouw.postnl.nl/track-and-trace/{number}"),
    Courier(
        "australia-post",
        "Australia Post",
        "https://auspost.com.au",
        "https://auspost.com.au/mypost/track/#/details/{number}",
    ),
    Courier(
        "japan-post",
        "Japan Post",
        "https://www.post.japanpost.jp",
        "https://trackings.post.japanpost.jp/services/srv/search/?requestNo1={number}",
    ),
    Courier("china-post", "China Post", "http://www.chinapost.com.cn", ""),
    Courier(
        "cainiao", "Cainiao", "https://global.cainiao.com", "https://global.cainiao.com/detail.htm?mailNoList={number}"
    ),
    Courier(
        "yunexpress", "YunExpress", "https://www.yuntrack.com", "https://www.yuntrack.com/parcelTracking?id={number}"
    ),
    Courier("4px", "4PX", "https://www.4px.com", "https://track.4px.com/#/result/0/{number}"),
    Courier("dpd", "DPD", "https://www.dpd.com", "https://tracking.dpd.de/status/en_US/parcel/{number}"),
    Courier("gls", "GLS", "https://gls-group.com", "https://gls-group.com/track/{number}"),
    Courier("universal-post", "National postal service (UPU S10)", "https://www.upu.int", ""),
)

_BY_CODE = {courier.code: courier for courier in COURIERS}


def all_couriers() -> tuple[Courier, ...]:
    return COURIERS


def get_courier(code: str) -> Courier | None:
    return _BY_CODE.get((code or "").strip().lower())


def require_courier(code: str) -> Courier:
    courier = get_courier(code)
    if courier is None:
        raise invalid(
            "unknown_courier",
            f"Unknown courier code '{code}'. GET /api/v1/couriers lists the supported codes.",
            "courier",
        )
    return courier


@cache
def courier_codes() -> frozenset[str]:
    return frozenset(_BY_CODE)
