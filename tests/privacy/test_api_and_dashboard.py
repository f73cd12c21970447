"""Personal data through the API, the command and the dashboard page."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.models import Mode
from privacy.models import AuditEntry
from tests.factories import MembershipFactory, UserFactory
from trackers import services as trackers
from trackers.models import Tracker


@pytest.fixture
def karen(acme):
    fields = {"customer_name": "Karen Ng", "customer_email": "karen@example.com"}
    return trackers.create_tracker(acme, Mode.TEST, "PKGX-DDDDDDD-0000001", fields=fields, enqueue=False).tracker


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_api_export_then_erase(api, globex_api, karen):
    exported = api.post("/api/v1/personal_data/export", {"email": "karen@example.com"}, format="json")
    assert exported.status_code == 200 and exported.json()["trackers"][0]["customer_name"] == "Karen Ng"
    assert (
        globex_api.post("/api/v1/personal_data/export", {"email": "karen@example.com"}, format="json").json()[
            "trackers"
        ]
        == []
    )
    erased = api.post("/api/v1/personal_data/erase", {"email": "karen@example.com"}, format="json")
    assert erased.status_code == 200 and erased.json()["trackers"] == 1
    assert Tracker.objects.get(pk=karen.pk).customer_email == ""
    entry = AuditEntry.objects.get(action="privacy.erased")
    assert entry.source == "api" and entry.actor_label.startswith("API key sk_test_")


@pytest.mark.parametrize("body", [{}, [], "x", {"email": "a@b.co", "phone": "+14155552671"}, {"phone": "nope"}])
def test_api_refuses_bad_bodies_in_the_error_envelope(api, karen, body):
    answer = api.post("/api/v1/personal_data/erase", body, format="json")
    assert answer.status_code == 400 and answer.json()["error"]["code"] in ("invalid_subject", "invalid_body")
    assert Tracker.objects.get(pk=karen.pk).customer_name == "Karen Ng"


def test_command_exports_and_erases(acme, karen):
    out = StringIO()
    call_command("personal_data", "export", "--org", "acme", "--email", "karen@example.com", stdout=out)
    assert json.loads(out.getvalue())["trackers"][0]["id"] == karen.public_id
    out = StringIO()
    call_command("personal_data", "erase", "--org", "acme", "--email", "karen@example.com", stdout=out)
    assert json.loads(out.getvalue())["trackers"] == 1
    with pytest.raises(CommandError, match="exactly one"):
        call_command("personal_data", "erase", "--org", "acme")
    with pytest.raises(CommandError, match="No organization"):
        call_command("personal_data", "export", "--org", "nope", "--email", "a@b.co")
    assert AuditEntry.objects.filter(source="command").count() == 2


def test_dashboard_page_sets_retention_exports_and_erases(acme, alice, karen):
    client = login(alice)
    page = client.get("/dashboard/privacy/")
    assert page.status_code == 200 and b"Audit log" in page.content
    client.post("/dashboard/privacy/", {"form": "retention", "retention_days": "30"})
    exported = client.post("/dashboard/privacy/", {"form": "subject", "email": "karen@example.com", "action": "export"})
    assert exported["Content-Type"] == "application/json" and b"Karen Ng" in exported.content
    refused = client.post("/dashboard/privacy/", {"form": "subject", "email": "karen@example.com", "action": "erase"})
    assert refused.status_code == 200 and b"cannot be undone" in refused.content
    assert Tracker.objects.get(pk=karen.pk).customer_name == "Karen Ng"
    client.post(
        "/dashboard/privacy/", {"form": "subject", "email": "karen@example.com", "action": "erase", "confirm": "on"}
    )
    assert Tracker.objects.get(pk=karen.pk).customer_name == ""
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["privacy_settings.created", "privacy_settings.updated", "privacy.exported", "privacy.erased"]
    assert b"privacy.erased" in client.get("/dashboard/privacy/").content


def test_only_managers_export_or_erase(acme, karen):
    member = MembershipFactory(user=UserFactory(username="dave"), organization=acme).user
    answer = login(member).post(
        "/dashboard/privacy/", {"form": "subject", "email": "karen@example.com", "action": "erase", "confirm": "on"}
    )
    assert answer.status_code == 403
    assert Tracker.objects.get(pk=karen.pk).customer_name == "Karen Ng"
