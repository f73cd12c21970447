"""Tracking-number normalization and its clear errors."""

import pytest

from carriers.numbers import is_sandbox_number, normalize
from core.errors import ServiceError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("pkgx-aaaaaaa-1234567", "PKGX-AAAAAAA-1234567"),
        ("  1z999aa1 0123 456784 ", "1Z999AA10123456784"),
        ("EZ1000000001", "EZ1000000001"),
        (1234567890, "1234567890"),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "tracking_number_required"),
        ("   ", "tracking_number_required"),
        (None, "tracking_number_required"),
        ("abc", "tracking_number_too_short"),
        ("A" * 65, "tracking_number_too_long"),
        ("ABC\x00DEF", "tracking_number_invalid_characters"),
        ("ABC\x07DEF", "tracking_number_invalid_characters"),
        ("ABC/DEF!", "tracking_number_invalid_characters"),
        (["1234"], "tracking_number_invalid"),
    ],
)
def test_bad_numbers_raise_clear_errors(raw, code):
    with pytest.raises(ServiceError) as info:
        normalize(raw)
    assert info.value.code == code
    assert info.value.errors[0].field == "tracking_number"
    assert info.value.message


@pytest.mark.parametrize(
    ("number", "sandbox"),
    [
        ("PKGX-AAAAAAA-1234567", True),
        ("PKGX-ZZ12345-ABCDEF9", True),
        ("EZ1000000001", True),
        ("EZ7000000007", True),
        ("EZ8000000008", False),
        ("EZ1000000002", False),
        ("PKGX-AAAAAAA-123456", False),
        ("1Z999AA10123456784", False),
    ],
)
def test_sandbox_patterns(number, sandbox):
    assert is_sandbox_number(number) is sandbox
