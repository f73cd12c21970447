"""Canned FedEx answers, shaped like the Track API v1 and OAuth API reference examples.

Track: `transactionId`, `output.completeTrackResults[].trackResults[]` with `trackingNumberInfo`,
`latestStatusDetail` (`code`, `derivedCode`, `statusByLocale`, `description`, `scanLocation`),
`dateAndTimes`, `packageDetails.weightAndDimensions.weight`, `serviceDetail`, `deliveryDetails`
(`receivedByName`), `scanEvents` (`date` with its offset, `eventType`, `eventDescription`,
`exceptionCode`, `exceptionDescription`, `scanLocation`, `derivedStatusCode`, `derivedStatus`),
`estimatedDeliveryTimeWindow`; an unknown number is an `error` inside a 200. Errors:
`{"transactionId", "errors": [{"code", "message"}]}`. Values are invented.
"""

from __future__ import annotations

import copy

FEDEX_NUMBER = "794843185271"

TOKEN = {"access_token": "fedex-token-1", "token_type": "bearer", "expires_in": 3599, "scope": "CXS"}
TOKEN_2 = {**TOKEN, "access_token": "fedex-token-2"}


def _location(city: str, state: str, postal: str, country: str = "US", name: str = "United States") -> dict:
    return {
        "streetLines": [""],
        "city": city,
        "stateOrProvinceCode": state,
        "postalCode": postal,
        "countryCode": country,
        "residential": False,
        "countryName": name,
    }


def scan(date: str, kind: str, description: str, place: dict | None, exception: str = "") -> dict:
    return {
        "date": date,
        "derivedStatus": description,
        "scanLocation": place or {},
        "locationId": "0399",
        "locationType": "PICKUP_LOCATION",
        "exceptionDescription": exception,
        "eventDescription": description,
        "eventType": kind,
        "derivedStatusCode": kind,
        "exceptionCode": "",
        "delayDetail": {"status": "ON_TIME"},
    }


MEMPHIS = _location("MEMPHIS", "TN", "38118")
DENVER = _location("DENVER", "CO", "80239")
SEATTLE = _location("SEATTLE", "WA", "98108")

SCANS_IN_TRANSIT = [
    scan("2026-03-04T08:05:00-08:00", "OD", "On FedEx vehicle for delivery", SEATTLE),
    scan("2026-03-04T05:12:00-08:00", "AR", "At local FedEx facility", SEATTLE),
    scan("2026-03-03T02:40:00-06:00", "DP", "Departed FedEx hub", MEMPHIS),
    scan("2026-03-02T22:10:00-06:00", "AR", "Arrived at FedEx hub", MEMPHIS),
    scan("2026-03-02T16:31:00-07:00", "PU", "Picked up", DENVER),
    scan("2026-03-02T09:00:00-07:00", "OC", "Shipment information sent to FedEx", None),
]


def _result(scans: list[dict], code: str, description: str) -> dict:
    return {
        "trackingNumberInfo": {
            "trackingNumber": FEDEX_NUMBER,
            "trackingNumberUniqueId": "12025~794843185271~FDEG",
            "carrierCode": "FDXE",
        },
        "additionalTrackingInfo": {"nickname": "", "hasAssociatedShipments": False},
        "shipperInformation": {"address": {"city": "DENVER", "stateOrProvinceCode": "CO", "countryCode": "US"}},
        "recipientInformation": {"address": {"city": "SEATTLE", "stateOrProvinceCode": "WA", "countryCode": "US"}},
        "latestStatusDetail": {
            "code": code,
            "derivedCode": code,
            "statusByLocale": description,
            "description": description,
            "scanLocation": scans[0]["scanLocation"] if scans else {},
        },
        "dateAndTimes": [
            {"type": "ESTIMATED_DELIVERY", "dateTime": "2026-03-04T20:00:00-08:00"},
            {"type": "ACTUAL_PICKUP", "dateTime": "2026-03-02T16:31:00-07:00"},
            {"type": "SHIP", "dateTime": "2026-03-02T00:00:00-06:00"},
        ],
        "packageDetails": {
            "packagingDescription": {"type": "YOUR_PACKAGING", "description": "Your Packaging"},
            "count": "1",
            "weightAndDimensions": {
                "weight": [{"value": "4.5", "unit": "LB"}, {"value": "2.04", "unit": "KG"}],
                "dimensions": [{"length": 12, "width": 10, "height": 8, "units": "IN"}],
            },
        },
        "serviceDetail": {"type": "FEDEX_2_DAY", "description": "FedEx 2Day", "shortDescription": "2D"},
        "deliveryDetails": {"deliveryAttempts": "0", "receivedByName": ""},
        "scanEvents": scans,
        "availableImages": [],
        "specialHandlings": [],
        "estimatedDeliveryTimeWindow": {"window": {}},
        "standardTransitTimeWindow": {"window": {"ends": "2026-03-04T00:00:00-06:00"}},
    }


def _response(result: dict) -> dict:
    return {
        "transactionId": "624deea6-b709-470c-8c39-4b5511281492",
        "customerTransactionId": "AnyCo_order123456789",
        "output": {"completeTrackResults": [{"trackingNumber": FEDEX_NUMBER, "trackResults": [result]}]},
    }


TRACKING_IN_TRANSIT = _response(_result(SCANS_IN_TRANSIT, "OD", "On FedEx vehicle for delivery"))


def delivered() -> dict:
    scans = [scan("2026-03-04T13:02:00-08:00", "DL", "Delivered", SEATTLE), *copy.deepcopy(SCANS_IN_TRANSIT)]
    result = _result(scans, "DL", "Delivered")
    result["deliveryDetails"] = {
        "receivedByName": "K.NG",
        "deliveryAttempts": "0",
        "locationDescription": "Front desk/Reception",
        "signedByName": "K.NG",
    }
    result["dateAndTimes"].insert(0, {"type": "ACTUAL_DELIVERY", "dateTime": "2026-03-04T13:02:00-08:00"})
    return _response(result)


def exception() -> dict:
    scans = [
        scan(
            "2026-03-04T11:20:00-08:00",
            "DE",
            "Delivery exception",
            SEATTLE,
            "Incorrect address - Street number not valid for street name",
        ),
        *copy.deepcopy(SCANS_IN_TRANSIT),
    ]
    result = _result(scans, "DE", "Delivery exception")
    result["latestStatusDetail"]["ancillaryDetails"] = [
        {"reason": "IA", "reasonDescription": "Incorrect address", "action": "Contact FedEx"}
    ]
    return _response(result)


NOT_FOUND = _response(
    {
        "trackingNumberInfo": {"trackingNumber": FEDEX_NUMBER, "trackingNumberUniqueId": "", "carrierCode": ""},
        "error": {
            "code": "TRACKING.TRACKINGNUMBER.NOTFOUND",
            "message": "Tracking number cannot be found. Please correct the tracking number and try again.",
        },
    }
)


def errors(code: str, message: str) -> dict:
    return {"transactionId": "624deea6-b709-470c-8c39-4b5511281492", "errors": [{"code": code, "message": message}]}


EXPIRED = errors("NOT.AUTHORIZED.ERROR", "Access token expired. Please modify your request and try again.")
UNAUTHORIZED = errors("NOT.AUTHORIZED.ERROR", "The given client credentials were not valid.")
TOO_MANY = errors("TOO.MANY.REQUESTS.ERROR", "We have received too many requests in a short duration.")
INTERNAL = errors("INTERNAL.SERVER.ERROR", "We encountered an unexpected error and are working to resolve the issue.")


def complete(number: str, result: dict | None = None) -> dict:
    """One completeTrackResults entry: `result`, or the in-transit one under this number."""
    if result is None:
        result = _result(copy.deepcopy(SCANS_IN_TRANSIT), "OD", "On FedEx vehicle for delivery")
        result["trackingNumberInfo"]["trackingNumber"] = number
    return {"trackingNumber": number, "trackResults": [result]}


def number_error(number: str, code: str, message: str) -> dict:
    """A trackResult refusing one number, the others of the call answered beside it."""
    return {
        "trackingNumberInfo": {"trackingNumber": number, "trackingNumberUniqueId": "", "carrierCode": ""},
        "error": {"code": code, "message": message},
    }


def responses(entries: list[dict]) -> dict:
    """A TrackingResponse with one completeTrackResults entry per number asked."""
    return {
        "transactionId": "624deea6-b709-470c-8c39-4b5511281492",
        "output": {"completeTrackResults": entries},
    }


# More than 30 trackingInfo entries in one call (the code is invented, the shape is FedEx's).
TOO_MANY_NUMBERS = errors("TRACKING.TRACKINGNUMBERS.LIMIT.EXCEEDED", "Please limit the tracking numbers to 30.")
