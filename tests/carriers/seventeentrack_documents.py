"""Canned 17TRACK Tracking API v2.2 answers, shaped like the API reference's examples.

Every answer is HTTP 200 with `{"code": 0, "data": {"accepted": [...], "rejected": [...]}}`;
`register` accepts `{"origin", "number", "carrier", ...}`; `gettrackinfo` accepts `{"number",
"carrier", "param", "tag", "track_info"}` whose `track_info` has `shipping_info`, `latest_status`
(`status`, `sub_status`), `latest_event`, `time_metrics.estimated_delivery_date`, `milestone`,
`misc_info` (`service_type`, `weight_kg`, ...), `tracking.providers[].events[]` (`time_iso`,
`time_utc`, `time_raw` {date, time, timezone}, `description`, `location`, `stage`, `sub_status`,
`address`). Rejections carry `error: {code, message}`. Values are invented.
"""

from __future__ import annotations

import copy

NUMBER = "UG123456785YW"
YANWEN = 190012
ALREADY_CODE = -18019901
NOT_REGISTERED_CODE = -18019902


def address(country: str | None, city: str | None = None, state: str | None = None, postal: str | None = None) -> dict:
    return {
        "country": country,
        "state": state,
        "city": city,
        "street": None,
        "postal_code": postal,
        "coordinates": {"longitude": None, "latitude": None},
    }


def event(
    description: str,
    stage: str | None,
    sub_status: str,
    place: dict,
    raw: tuple[str, str, str | None],
    iso: str | None = None,
    utc: str | None = None,
) -> dict:
    return {
        "time_iso": iso,
        "time_utc": utc,
        "time_raw": {"date": raw[0], "time": raw[1], "timezone": raw[2]},
        "description": description,
        "description_translation": None,
        "location": " ".join(filter(None, [place.get("city"), place.get("country")])),
        "stage": stage,
        "sub_status": sub_status,
        "address": place,
    }


# Shenzhen -> Madrid (Yanwen, then Correos), newest first as 17TRACK lists them.
EVENTS = [
    event(
        "En reparto",
        "OutForDelivery",
        "OutForDelivery_Other",
        address("ES", "Madrid", None, "28001"),
        ("2026-03-10", "08:30:00", "+01:00"),
        iso="2026-03-10T08:30:00+01:00",
        utc="2026-03-10T07:30:00Z",
    ),
    event(
        "Arrived at destination country",
        "Arrival",
        "InTransit_Arrival",
        address("ES", "Barajas"),
        ("2026-03-08", "22:10:00", "+01:00"),
        iso="2026-03-08T22:10:00+01:00",
    ),
    event(
        "Departed from origin country airport",
        "Departure",
        "InTransit_Departure",
        address("CN", "Shenzhen"),
        ("2026-03-05", "23:50:00", None),  # local time, no offset
    ),
    event(
        "Picked up by Yanwen",
        "PickedUp",
        "InTransit_PickedUp",
        address("CN", "Shenzhen", "Guangdong"),
        ("2026-03-04", "15:20:00", None),
    ),
    event("Order received", "InfoReceived", "InfoReceived", address(None), ("2026-03-04", "05:00:00", None)),
]


def track_info(events: list[dict], status: str, sub_status: str) -> dict:
    return {
        "shipping_info": {"shipper_address": address("CN"), "recipient_address": address("ES", None, None, "28001")},
        "latest_status": {"status": status, "sub_status": sub_status, "sub_status_descr": None},
        "latest_event": events[0] if events else None,
        "time_metrics": {
            "days_after_order": 6,
            "days_of_transit": 6,
            "days_of_transit_done": 6,
            "days_after_last_update": 0,
            "estimated_delivery_date": {
                "source": "Official",
                "from": "2026-03-10T00:00:00Z",
                "to": "2026-03-11T00:00:00Z",
            },
        },
        "milestone": [],
        "misc_info": {
            "risk_factor": 0,
            "service_type": "Yanwen Special Line - Tracked",
            "weight_raw": "0.35kg",
            "weight_kg": "0.35",
            "pieces": "1",
            "dimensions": None,
            "customer_number": None,
            "reference_number": None,
            "local_number": "PQ4AA10034567890128001V",
            "local_provider": "Correos",
            "local_key": 19161,
        },
        "tracking": {
            "providers_hash": 1786541214,
            "providers": [
                {
                    "provider": {
                        "key": YANWEN,
                        "name": "Yanwen",
                        "alias": "Yanwen",
                        "tel": None,
                        "homepage": "https://www.yw56.com.cn/",
                        "country": "CN",
                    },
                    "service_type": None,
                    "latest_sync_status": "Success",
                    "latest_sync_time": "2026-03-10T08:40:12Z",
                    "events_hash": -1342187413,
                    "events": events,
                }
            ],
        },
    }


def answer(accepted: list[dict] | None = None, rejected: list[dict] | None = None) -> dict:
    return {"code": 0, "data": {"accepted": accepted or [], "rejected": rejected or []}}


def info(events: list[dict], status: str, sub_status: str, number: str = NUMBER, carrier: int = YANWEN) -> dict:
    item = {"number": number, "carrier": carrier, "param": None, "tag": None}
    return answer([{**item, "track_info": track_info(events, status, sub_status)}])


IN_TRANSIT = info(EVENTS, "OutForDelivery", "OutForDelivery_Other")


def delivered() -> dict:
    done = event(
        "Entregado",
        "Delivered",
        "Delivered_Other",
        address("ES", "Madrid", None, "28001"),
        ("2026-03-10", "12:05:00", "+01:00"),
        iso="2026-03-10T12:05:00+01:00",
    )
    return info([done, *copy.deepcopy(EVENTS)], "Delivered", "Delivered_Other")


def returned() -> dict:
    back = event(
        "Devuelto al remitente",
        "Returning",
        "Exception_Returning",
        address("ES", "Madrid"),
        ("2026-03-12", "10:00:00", "+01:00"),
        iso="2026-03-12T10:00:00+01:00",
    )
    return info([back, *copy.deepcopy(EVENTS)], "Exception", "Exception_Returning")


def rejected(code: int, message: str, number: str = NUMBER) -> dict:
    return answer(rejected=[{"number": number, "error": {"code": code, "message": message}}])


NOT_REGISTERED = rejected(-18019902, f"The tracking number '{NUMBER}' does not register, please register first.")
NO_INFO_YET = rejected(-18019909, "No tracking information at this time.")
REGISTERED = answer([{"origin": 1, "number": NUMBER, "carrier": YANWEN, "email": None, "tag": None, "lang": None}])
ALREADY = rejected(-18019901, f"The tracking number '{NUMBER}' has been registered, don't need to repeat registration.")
BAD_KEY = {"code": -18010002, "data": {"errors": [{"code": -18010002, "message": "Invalid access key."}]}}


def tracked(number: str, carrier: int = YANWEN) -> dict:
    """One accepted gettrackinfo item: the number in transit (as IN_TRANSIT's, under its own number)."""
    item = {"number": number, "carrier": carrier, "param": None, "tag": None}
    return {**item, "track_info": track_info(copy.deepcopy(EVENTS), "OutForDelivery", "OutForDelivery_Other")}


def refusal(number: str, code: int, message: str) -> dict:
    """One rejected item."""
    return {"number": number, "error": {"code": code, "message": message}}


def registration(number: str, carrier: int = YANWEN, lang: str | None = None) -> dict:
    """One accepted register item."""
    return {"origin": 1, "number": number, "carrier": carrier, "email": None, "tag": None, "lang": lang}


# A call with more numbers than 17TRACK takes (40) is refused whole (the code is invented).
TOO_MANY = {"code": -18010013, "data": {"errors": [{"code": -18010013, "message": "Too many tracking numbers."}]}}
