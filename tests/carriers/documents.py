"""Canned carrier responses, shaped field for field like the carriers' published schemas.

USPS: Tracking API v3.2 `TrackingDetails` / `TrackingEvent` (expand=DETAIL) and `ErrorMessage`;
OAuth2 v3 token response. UPS: Track API v1 `trackResponse` and the OAuth token response.
Values are invented; field names, nesting and formats follow the documentation.
"""

from __future__ import annotations

import copy

USPS_NUMBER = "9400111899562537683144"
UPS_NUMBER = "1Z12345E0205271688"

USPS_TOKEN = {
    "access_token": "usps-token-1",
    "token_type": "Bearer",
    "issued_at": 1772000000000,
    "expires_in": "28799",  # USPS sends it as a string
    "status": "approved",
    "scope": "tracking",
    "issuer": "api.usps.com",
    "client_id": "usps-id",
    "application_name": "tracking-platform tests",
    "api_products": "[Public Access]",
    "public_key": "LS0tLS1CRUdJTi...",
}


def _usps_event(
    event_type: str,
    code: str,
    local: str | None,
    gmt: str | None = None,
    offset: str | None = None,
    city: str | None = None,
    state: str | None = None,
    zip_code: str | None = None,
) -> dict:
    return {
        "eventType": event_type,
        "eventTimestamp": local,
        "GMTTimestamp": gmt,
        "GMTOffset": offset,
        "eventCountry": None,
        "eventCity": city,
        "eventState": state,
        "eventZIP": zip_code,
        "firm": None,
        "name": None,
        "authorizedAgent": False,
        "eventCode": code,
        "actionCode": None,
        "reasonCode": None,
    }


# Seattle -> Pensacola (the Florida panhandle keeps Central time), newest first as documented.
USPS_EVENTS_IN_TRANSIT = [
    # No GMT fields: local time at the resolved zone (Pensacola, America/Chicago, UTC-6 in February).
    _usps_event("Out for Delivery", "OF", "2026-02-27T07:40:00", None, None, "PENSACOLA", "FL", "32501"),
    _usps_event("Arrived at Post Office", "07", "2026-02-27T05:12:00", None, "-06:00", "PENSACOLA", "FL", "32501"),
    _usps_event(
        "Arrived at USPS Regional Facility",
        "A1",
        "2026-02-26T22:03:00",
        "2026-02-27T04:03:41Z",
        "-06:00",
        "MOBILE AL DISTRIBUTION CENTER",
    ),
    # No location at all: the time comes from GMTTimestamp, the zone stays unknown.
    _usps_event("In Transit to Next Facility", "TL", "2026-02-25T11:20:00", "2026-02-25T17:20:05Z", "-06:00"),
    _usps_event(
        "Departed USPS Regional Facility",
        "T1",
        "2026-02-24T02:48:00",
        "2026-02-24T10:48:19Z",
        "-08:00",
        "SEATTLE WA DISTRIBUTION CENTER",
    ),
    _usps_event(
        "Arrived at USPS Regional Origin Facility",
        "10",
        "2026-02-23T20:31:00",
        "2026-02-24T04:31:50Z",
        "-08:00",
        "SEATTLE WA DISTRIBUTION CENTER",
    ),
    _usps_event(
        "USPS in possession of item",
        "03",
        "2026-02-23T16:05:00",
        "2026-02-24T00:05:27Z",
        "-08:00",
        "SEATTLE",
        "WA",
        "98101",
    ),
    _usps_event(
        "Shipping Label Created, USPS Awaiting Item",
        "GX",
        "2026-02-23T09:15:00",
        "2026-02-23T17:15:12Z",
        "-08:00",
        "SEATTLE",
        "WA",
        "98101",
    ),
]

USPS_TRACKING_IN_TRANSIT = {
    "trackingNumber": USPS_NUMBER,
    "additionalInfo": None,
    "ADPScripting": None,
    "archiveRestoreInfo": None,
    "associatedLabel": None,
    "carrierRelease": False,
    "mailClass": "USPS_GROUND_ADVANTAGE",
    "destinationCity": "PENSACOLA",
    "destinationCountryCode": "US",
    "destinationState": "FL",
    "destinationZIP": "32501",
    "editedLabelId": None,
    "emailEnabled": True,
    "endOfDay": None,
    "eSOFEligible": False,
    "expectedDeliveryTimeStamp": "2026-02-27T20:00:00",
    "expectedDeliveryType": "EXPECTED",
    "guaranteedDeliveryTimeStamp": None,
    "guaranteedDetails": None,
    "itemShape": "PARCEL",
    "kahalaIndicator": False,
    "mailType": "DOMESTIC_MAIL",
    "mailPieceIntakeDate": "2026-02-23T16:05:00",
    "uniqueMailPieceId": "120349987",
    "onTime": True,
    "originCity": "SEATTLE",
    "originCountry": "US",
    "originState": "WA",
    "originZIP": "98101",
    "proofOfDeliveryEnabled": False,
    "predictedDeliveryDate": None,
    "predictedDeliveryWindowStartTime": None,
    "predictedDeliveryWindowEndTime": None,
    "relatedReturnReceiptID": None,
    "redeliveryEnabled": False,
    "restoreEnabled": False,
    "returnDateNotice": None,
    "RRAMenabled": False,
    "RREEnabled": False,
    "services": ["USPS Tracking"],
    "serviceTypeCode": "001",
    "status": "Out for Delivery",
    "statusCategory": "Out for Delivery",
    "statusSummary": "Your item is out for delivery on February 27, 2026 at 7:40 am in PENSACOLA, FL 32501.",
    "tableCode": "T",
    "trackingProofOfDeliveryEnabled": False,
    "valueofArticle": None,
    "trackingEvents": USPS_EVENTS_IN_TRANSIT,
}


def usps_delivered() -> dict:
    data = copy.deepcopy(USPS_TRACKING_IN_TRANSIT)
    delivered = _usps_event(
        "Delivered, Front Door/Porch",
        "01",
        "2026-02-27T13:02:00",
        "2026-02-27T19:02:33Z",
        "-06:00",
        "PENSACOLA",
        "FL",
        "32501",
    )
    data["trackingEvents"] = [delivered, *data["trackingEvents"]]
    data.update(
        status="Delivered, Front Door/Porch",
        statusCategory="Delivered",
        statusSummary="Your item was delivered at the front door or porch at 1:02 pm on February 27, 2026.",
        expectedDeliveryTimeStamp=None,
    )
    return data


USPS_ERROR_NOT_FOUND = {
    "apiVersion": "/tracking/v3",
    "error": {
        "code": "404",
        "message": "Resource Not Found",
        "errors": [
            {
                "status": "404",
                "code": "2010",
                "title": "Tracking number not found",
                "detail": "The tracking number may be incorrect or the status update is not yet available.",
                "source": {"parameter": "trackingNumber", "example": USPS_NUMBER},
            }
        ],
    },
}

USPS_ERROR_UNAUTHORIZED = {
    "apiVersion": "/tracking/v3",
    "error": {"code": "401", "message": "Unauthorized", "errors": [{"status": "401", "title": "Invalid token"}]},
}

OAUTH_INVALID_CLIENT = {"error": "invalid_client", "error_description": "Client authentication failed."}

UPS_TOKEN = {
    "token_type": "Bearer",
    "issued_at": "1772000000000",
    "client_id": "ups-id",
    "access_token": "ups-token-1",
    "expires_in": "14399",
    "status": "approved",
}


def _ups_activity(kind: str, code: str, description: str, date: str, clock: str, address: dict | None) -> dict:
    return {
        "date": date,
        "time": clock,
        "location": {"address": address, "slic": "8566"} if address else {},
        "status": {
            "type": kind,
            "code": code,
            "description": description,
            "simplifiedTextDescription": description,
            "statusCode": "005",
        },
    }


def _addr(city: str, state: str, postal: str, country: str = "US") -> dict:
    return {
        "addressLine1": "",
        "city": city,
        "stateProvince": state,
        "postalCode": postal,
        "country": country,
        "countryCode": country,
    }


UPS_ACTIVITY = [
    _ups_activity("I", "OT", "Out For Delivery Today", "20260305", "074512", _addr("El Paso", "TX", "79901")),
    _ups_activity("I", "AR", "Arrived at Facility", "20260304", "231004", _addr("El Paso", "TX", "79925")),
    _ups_activity("I", "DP", "Departed from Facility", "20260304", "020000", _addr("Louisville", "KY", "40209")),
    _ups_activity("P", "PU", "Pickup Scan", "20260303", "171500", _addr("Toronto", "ON", "M5V 2T6", "CA")),
    _ups_activity(
        "M", "MP", "Shipper created a label, UPS has not received the package yet.", "20260303", "090000", None
    ),
]

UPS_TRACKING = {
    "trackResponse": {
        "shipment": [
            {
                "inquiryNumber": UPS_NUMBER,
                "package": [
                    {
                        "trackingNumber": UPS_NUMBER,
                        "activity": UPS_ACTIVITY,
                        "currentStatus": {"code": "OT", "description": "Out For Delivery Today", "type": "I"},
                        "deliveryDate": [{"type": "SDD", "date": "20260305"}],
                        "deliveryTime": {"type": "EOD", "startTime": "", "endTime": "190000"},
                        "packageAddress": [
                            {"type": "ORIGIN", "name": "Shipper", "address": _addr("Toronto", "ON", "M5V 2T6", "CA")},
                            {"type": "DESTINATION", "name": "Recipient", "address": _addr("El Paso", "TX", "79901")},
                        ],
                        "packageCount": 1,
                        "service": {"code": "003", "description": "UPS Ground"},
                        "weight": {"unitOfMeasurement": "LBS", "weight": "2.00"},
                    }
                ],
                "userRelation": [],
                "warnings": [],
            }
        ]
    }
}

UPS_NOT_FOUND = {"response": {"errors": [{"code": "TW0001", "message": "Tracking Information Not Found"}]}}
UPS_NOT_FOUND_WARNING = {
    "trackResponse": {"shipment": [{"warnings": [{"code": "TW0001", "message": "Tracking Information Not Found"}]}]}
}
