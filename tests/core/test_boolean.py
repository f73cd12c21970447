"""The one yes/no parser (core.inputs.boolean) that query parameters and JSON flags share."""

from __future__ import annotations

import pytest

from core.errors import ServiceError
from core.inputs import boolean


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        ("true", True),
        ("TRUE", True),
        ("1", True),
        ("yes", True),
        ("false", False),
        ("False", False),
        ("0", False),
        ("no", False),
    ],
)
def test_the_words_and_values_it_reads(value, expected):
    assert boolean(value, "async") is expected


@pytest.mark.parametrize("absent", [None, ""])
def test_absent_or_empty_is_the_default(absent):
    assert boolean(absent, "async", True) is True
    assert boolean(absent, "async") is False


@pytest.mark.parametrize("value", ["maybe", "2", 2, " true", [], {}, "on"])
def test_anything_else_is_a_400_that_names_the_field(value):
    with pytest.raises(ServiceError) as refused:
        boolean(value, "auto_correct", code="invalid_flag")
    assert (refused.value.code, refused.value.status) == ("invalid_flag", 400)
    assert [e.field for e in refused.value.errors] == ["auto_correct"]
