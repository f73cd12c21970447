"""Canned DHL Shipment Tracking - Unified API answers, shaped like DHL's documented examples.

Field names, nesting and formats follow the API reference (v1.5): a `shipments` array whose items
carry `id`, `service`, `origin`/`destination` `address` (`countryCode`, `postalCode`,
`addressLocality`), the current `status`, `estimatedTimeOfDelivery`, `details` (`product`,
`proofOfDelivery.signed`, `weight`, `totalNumberOfPieces`, `pieceIds`) and `events`; errors are
RFC 7807 problem documents (`title`, `status`, `detail`, `instance`). Express event timestamps come
without an offset. Values are invented.
"""

from __future__ import annotations

import copy

DHL_NUMBER = "1234567890"


def event(timestamp: str, code: str, description: str, locality: str | None, country: str | None = None) -> dict:
    address: dict = {}
    if locality is not None:
        address["addressLocality"] = locality
    if country:
        address["countryCode"] = country
    return {
        "timestamp": timestamp,
        "location": {"address": address} if address else None,
        "statusCode": code,
        "status": description,
        "description": description,
        "pieceIds": ["JD014600006281230704"],
    }


# Hong Kong -> Leipzig -> London, newest first as DHL lists them; local times without offsets.
EVENTS_IN_TRANSIT = [
    event("2026-03-04T08:12:00", "transit", "With delivery courier", "LONDON-HEATHROW - UK"),
    event("2026-03-04T05:40:00", "transit", "Arrived at DHL Delivery Facility LONDON-HEATHROW - UK", "LONDON - UK"),
    event("2026-03-03T22:15:00", "transit", "Departed Facility in LEIPZIG - GERMANY", "LEIPZIG - GERMANY"),
    event("2026-03-03T14:05:00", "transit", "Processed at LEIPZIG - GERMANY", "LEIPZIG - GERMANY"),
    event("2026-03-02T23:30:00", "transit", "Departed Facility in HONG KONG - HONG KONG", "HONG KONG - HONG KONG"),
    event("2026-03-02T18:02:00", "transit", "Shipment picked up", "HONG KONG - HONG KONG"),
    event("2026-03-02T09:00:00", "pre-transit", "Shipment information received", None),
]


def _status(ev: dict) -> dict:
    return {k: ev[k] for k in ("timestamp", "location", "statusCode", "status", "description")}


SHIPMENT_IN_TRANSIT = {
    "id": DHL_NUMBER,
    "service": "express",
    "origin": {"address": {"addressLocality": "HONG KONG - HONG KONG"}},
    "destination": {"address": {"addressLocality": "LONDON - UK"}},
    "status": _status(EVENTS_IN_TRANSIT[0]),
    "estimatedTimeOfDelivery": "2026-03-04T18:00:00",
    "estimatedTimeOfDeliveryRemark": "By End of Day",
    "details": {
        "proofOfDeliverySignedAvailable": False,
        "totalNumberOfPieces": 1,
        "pieceIds": ["JD014600006281230704"],
        "product": {"productName": "EXPRESS WORLDWIDE"},
        "weight": {"value": 1.5, "unitText": "kg"},
    },
    "events": EVENTS_IN_TRANSIT,
}

TRACKING_IN_TRANSIT = {"shipments": [SHIPMENT_IN_TRANSIT]}


def delivered() -> dict:
    """The same shipment a few hours later: delivered, signed for, with its proof of delivery."""
    shipment = copy.deepcopy(SHIPMENT_IN_TRANSIT)
    done = event("2026-03-04T13:47:00", "delivered", "Delivered - Signed for by: J SMITH", "LONDON - UK")
    shipment["events"] = [done, *shipment["events"]]
    shipment["status"] = _status(done)
    shipment["details"]["proofOfDeliverySignedAvailable"] = True
    shipment["details"]["proofOfDelivery"] = {
        "timestamp": "2026-03-04T13:47:00Z",
        "signatureUrl": "https://proview.dhl.com/proview/signature?id=1",
        "documentUrl": "https://proview.dhl.com/proview/netpod?id=1",
        "signed": {"@type": "Person", "familyName": "Smith", "givenName": "Jane", "name": "J SMITH"},
    }
    return {"shipments": [shipment]}


def exception() -> dict:
    """A parcel shipment (Post & Parcel Germany) that failed: addresses with a country code."""
    return {
        "shipments": [
            {
                "id": DHL_NUMBER,
                "service": "parcel-de",
                "origin": {"address": {"countryCode": "DE", "postalCode": "53113", "addressLocality": "Bonn"}},
                "destination": {"address": {"countryCode": "DE", "postalCode": "80331", "addressLocality": "München"}},
                "status": {
                    "timestamp": "2026-03-05T11:20:00+01:00",
                    "location": {"address": {"countryCode": "DE", "addressLocality": "80331 München"}},
                    "statusCode": "failure",
                    "status": "The shipment could not be delivered",
                    "description": "The recipient's address is incorrect; the shipment is being returned.",
                },
                "details": {"product": {"productName": "DHL PAKET"}},
                "events": [
                    {
                        "timestamp": "2026-03-05T11:20:00+01:00",
                        "location": {"address": {"countryCode": "DE", "addressLocality": "80331 München"}},
                        "statusCode": "failure",
                        "status": "The shipment could not be delivered",
                        "description": "The recipient's address is incorrect; the shipment is being returned.",
                    },
                    {
                        "timestamp": "2026-03-04T19:02:00+01:00",
                        "location": {"address": {"countryCode": "DE", "addressLocality": "Oderweg 2, Bonn"}},
                        "statusCode": "transit",
                        "status": "The shipment has been processed in the parcel center",
                        "description": "The shipment has been processed in the parcel center of origin",
                    },
                ],
            }
        ]
    }


NOT_FOUND = {
    "title": "No result found",
    "status": 404,
    "detail": "No shipment with given tracking number found.",
    "instance": f"/track/shipments?trackingNumber={DHL_NUMBER}",
}
UNAUTHORIZED = {"title": "Unauthorized", "status": 401, "detail": "Unauthorized for given resource."}
TOO_MANY = {"title": "Too many requests", "status": 429, "detail": "Too many requests within defined time period."}
SERVER_ERROR = {"title": "Internal Server Error", "status": 500, "detail": "Internal server error."}
