"""What the docs say about the dashboard and the sandbox matches what the product does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from carriers.catalog import COURIERS
from trackers import services

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_the_couriers_page_and_the_docs_give_the_same_count(alice_client):
    couriers = len([c for c in COURIERS if c[0] != "sandbox"])
    page = alice_client.get(reverse("dashboard-couriers")).content.decode()
    assert f"{couriers} couriers" in page
    carriers_doc = (ROOT / "docs" / "carriers.md").read_text()
    assert re.search(r"lists (\d+)\s+couriers", carriers_doc).group(1) == str(couriers)
    glossary = (ROOT / "docs" / "glossary.md").read_text()
    assert f"the catalog lists {couriers}" in glossary


def test_an_easypost_test_code_keeps_the_courier_it_was_given_as_the_docs_say(acme):
    tracker = services.create_tracker(acme, "test", "EZ4000000004", "USPS", {}).tracker
    assert tracker.courier == "usps"
    bare = services.create_tracker(acme, "test", "EZ4000000004", None, {}).tracker
    assert bare.courier == "sandbox"
    doc = (ROOT / "docs" / "carriers.md").read_text()
    assert "`EZ4000000004` sent with `USPS` reports `usps`" in " ".join(doc.split())


def test_the_add_form_reads_a_national_phone_number_with_its_country(acme, alice_client):
    page = alice_client.get(reverse("dashboard-tracker-add")).content.decode()
    assert 'name="destination_country"' in page
    r = alice_client.post(
        reverse("dashboard-tracker-add"),
        {"tracking_number": "PKGX-AAAAAAA-0000777", "customer_phone": "020 7946 0958", "destination_country": "GB"},
    )
    assert r.status_code == 302
    tracker = services.trackers_for(acme, "test").get(tracking_number="PKGX-AAAAAAA-0000777")
    assert (tracker.customer_phone, tracker.destination_country) == ("+442079460958", "GB")
