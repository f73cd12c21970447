"""Courier detection on real-format numbers: a valid check digit detects, an invalid one does not."""

import pytest

from carriers.detection import detect

VALID = [
    # (number, expected best courier)
    ("1Z999AA10123456784", "ups"),
    ("1Z5R89390357567127", "ups"),
    ("9400111899562537683142", "usps"),
    ("4209021094119920123456789012345678", "usps"),
    ("CJ123456785US", "usps"),
    ("449044304137821", "fedex"),
    ("986578788855", "fedex"),
    ("61299995669352455464", "fedex"),
    ("9611020987654312345672", "fedex"),
    ("0000000000", "dhl"),
    ("TBA123456789012", "amazon"),
    ("C11111111111116", "ontrac"),
    ("RB123456785GB", "royal-mail"),
    ("EE123456785CN", "china-post"),
    ("RA123456785DE", "deutsche-post"),
    ("YT1234567890123456", "yunexpress"),
    ("LP00123456789012", "cainiao"),
    ("PKGX-AAAAAAA-1234567", "sandbox"),
    ("EZ4000000004", "sandbox"),
]


@pytest.mark.parametrize(("number", "courier"), VALID)
def test_valid_numbers_detect_their_courier_first(number, courier):
    candidates = detect(number)
    assert candidates, number
    assert candidates[0].courier == courier


@pytest.mark.parametrize(
    ("number", "courier"),
    [
        ("1Z999AA10123456785", "ups"),  # last digit off by one
        ("449044304137822", "fedex"),
        ("C11111111111117", "ontrac"),
        ("RB123456786GB", "royal-mail"),
    ],
)
def test_invalid_check_digit_is_not_detected_as_that_courier(number, courier):
    assert courier not in [c.courier for c in detect(number)]


def test_usps_format_with_a_bad_check_digit_is_only_a_weak_guess():
    # Packy's sample number has a USPS shape but not a valid Mod10 check digit.
    (weak,) = detect("9400111899562537683144")
    (strong,) = detect("9400111899562537683142")
    assert weak.courier == strong.courier == "usps"
    assert weak.check_digit is False and strong.check_digit is True
    assert weak.confidence < 0.5 < strong.confidence


def test_check_digit_matches_outrank_format_guesses():
    candidates = detect("986578788855")  # 12 digits: FedEx with a valid check digit, or a GLS-like format
    assert [c.courier for c in candidates][:2] == ["fedex", "gls"]
    assert candidates[0].check_digit is True
    assert candidates[1].check_digit is False
    assert candidates[0].confidence > candidates[1].confidence


def test_nothing_matches_gibberish():
    assert detect("HELLO-WORLD") == []


def test_sandbox_lookalikes_are_not_sandbox():
    assert "sandbox" not in [c.courier for c in detect("EZ1000000002")]
    assert "sandbox" not in [c.courier for c in detect("PKGX-AAAAAA-1234567")]
