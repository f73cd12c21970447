"""The audit log: dashboard and admin changes recorded as the person who made them, field names only."""

import pytest
from django.test import Client

from accounts import services as accounts
from accounts.models import ApiKey, Membership, Mode
from privacy.models import AuditEntry
from tests.factories import MembershipFactory, UserFactory
from webhooks.models import Subscription


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice):
    return login(alice)


def test_dashboard_changes_to_webhooks_keys_and_settings_are_audited_as_the_person(acme, alice, alice_client):
    alice_client.post("/dashboard/webhooks/new/", {"url": "https://93.184.215.14/hooks", "secret": "s3cret-value"})
    sub = Subscription.objects.get()
    alice_client.post("/dashboard/keys/", {"mode": "live", "name": "ERP"})
    key = ApiKey.objects.get(name="ERP")
    alice_client.post(f"/dashboard/keys/{key.public_id}/revoke/")
    alice_client.post(f"/dashboard/webhooks/{sub.public_id}/toggle/")
    entries = list(AuditEntry.objects.order_by("id").values_list("action", "actor_label", "source"))
    assert entries == [
        ("webhook.created", "alice", "dashboard"),
        ("api_key.created", "alice", "dashboard"),
        ("api_key.updated", "alice", "dashboard"),
        ("webhook.updated", "alice", "dashboard"),
    ]
    revoked = AuditEntry.objects.get(action="api_key.updated")
    assert revoked.fields == ["revoked_at"] and revoked.organization == acme
    assert AuditEntry.objects.get(action="webhook.updated").fields == ["enabled"]
    assert "s3cret" not in str(list(AuditEntry.objects.values()))


def test_admin_changes_are_audited_with_the_admin_source(acme, db):
    staff = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = login(staff)
    member = MembershipFactory(user=UserFactory(username="dave"), organization=acme)
    page = client.get(f"/admin/accounts/membership/{member.pk}/change/")
    assert page.status_code == 200
    form = {"user": member.user_id, "organization": acme.pk, "role": Membership.Role.ADMIN}
    form.update({"created_at_0": member.created_at.strftime("%Y-%m-%d"), "created_at_1": "12:00:00"})
    client.post(f"/admin/accounts/membership/{member.pk}/change/", form)
    entry = AuditEntry.objects.get(action="member.updated")
    assert (entry.actor_label, entry.source, entry.fields, entry.target) == ("root", "admin", ["role"], "dave")


def test_api_and_worker_changes_are_not_person_actions(acme):
    accounts.create_api_key(acme, Mode.TEST, "by a command")
    Subscription.objects.create(organization=acme, mode=Mode.TEST, url="https://93.184.215.14/hooks")
    assert not AuditEntry.objects.exists()


def test_a_member_without_access_sees_nothing_and_changes_nothing(acme, carol):
    client = login(carol)
    client.post("/dashboard/privacy/", {"form": "retention", "retention_days": "5"})
    assert not AuditEntry.objects.exists()
