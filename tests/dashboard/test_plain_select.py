"""core.widgets.PlainSelect renders what Django's Select renders, without a template per option."""

from __future__ import annotations

import re

import pytest
from django import forms

from core.widgets import PlainSelect

CHOICES = [("", "Any courier"), ("dhl", "DHL Express"), ("x<y", 'Quote " & <b>bold</b>')]


def normalized(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("value", [None, "", "dhl", "x<y", "unknown"])
def test_same_markup_as_djangos_select(value):
    attrs = {"id": "id_courier", "class": "narrow"}
    django = forms.Select(choices=CHOICES).render("courier", value, attrs)
    plain = PlainSelect(choices=CHOICES).render("courier", value, attrs)
    assert normalized(plain) == normalized(django)


def test_the_dashboard_filter_marks_the_chosen_courier(alice_client):
    body = alice_client.get("/dashboard/trackers/?courier=dhl").content.decode()
    assert '<option value="dhl" selected>' in body
    assert body.count(" selected>") >= 1 and '<option value="fedex">' in body
