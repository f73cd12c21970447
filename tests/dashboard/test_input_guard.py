"""The request guard on pages for people: a NUL in a URL is a 404 page, in a form or search a 400 page."""

import pytest
from django.test import Client

from tests.api.conftest import make_tracker

NUL = "\x00"


def test_the_public_page_and_dashboard_urls_with_a_nul_are_404_pages(alice_client):
    assert Client().get("/t/%00/").status_code == 404
    for path in ("/dashboard/trackers/%00/", "/dashboard/webhooks/%00/", "/dashboard/imports/%00/"):
        response = alice_client.get(path)
        assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_dashboard_search_with_a_nul_is_a_400_page(alice_client):
    response = alice_client.get("/dashboard/trackers/?q=%00")
    assert response.status_code == 400 and b"U+0000" in response.content


def test_a_dashboard_form_with_a_nul_is_refused(alice_client, acme):
    tracker = make_tracker(acme, title="Blue mug")
    response = alice_client.post(f"/dashboard/trackers/{tracker.public_id}/", {"title": "a\x00b"})
    assert response.status_code == 400
    tracker.refresh_from_db()
    assert tracker.title == "Blue mug"


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_the_first_and_last_days_are_valid_dashboard_bounds(alice_client, day):
    response = alice_client.get("/dashboard/trackers/", {"created_from": day, "created_to": day})
    assert response.status_code == 200
