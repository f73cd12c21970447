"""EasyPost's signed_by, weight (in ounces) and carrier_detail.service come from what the carrier gave."""

import pytest

from dialects.easypost.representation import ounces, tracker


@pytest.mark.parametrize(
    ("weight", "expected"),
    [
        ({"value": 2.0, "unit": "lb"}, 32.0),
        ({"value": 1.0, "unit": "KG"}, 35.27),
        ({"value": 500, "unit": "g"}, 17.64),
        ({"value": 3.5, "unit": "oz"}, 3.5),
        ({"value": 1.0, "unit": "stone"}, None),
        (None, None),
    ],
)
def test_weights_are_ounces(weight, expected):
    assert ounces(weight) == expected


def test_signer_weight_and_service_reach_the_easypost_tracker():
    native = {
        "id": "trk_x",
        "mode": "live",
        "tracking_number": "1234567890",
        "status": "delivered",
        "status_detail": "delivered",
        "courier": "dhl",
        "est_delivery_at": None,
        "signed_by": "J. SMITH",
        "weight": {"value": 1.5, "unit": "kg"},
        "service": "EXPRESS WORLDWIDE",
        "events": [],
        "public_url": "https://track.example.com/t/x/",
        "created_at": "2026-11-23T10:00:00Z",
        "updated_at": "2026-11-23T10:00:00Z",
    }
    doc = tracker(native)
    assert doc["signed_by"] == "J. SMITH" and doc["weight"] == 52.91
    assert doc["carrier_detail"]["service"] == "EXPRESS WORLDWIDE"
    assert tracker({**native, "signed_by": "", "weight": None, "service": ""})["signed_by"] is None
