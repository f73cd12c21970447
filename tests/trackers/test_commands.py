"""The management commands' stable interfaces: their last lines are what scripts read."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import ApiKey, Organization
from accounts.services import find_api_key
from trackers.models import Tracker


def run(*args) -> list[str]:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue().strip().splitlines()


def test_create_api_key_creates_the_org_and_prints_the_key_last(db):
    key = run("create_api_key", "--org", "newco", "--mode", "live")[-1]
    api_key = find_api_key(key)
    assert api_key.organization.slug == "newco" and api_key.mode == "live"
    assert ApiKey.objects.get().key_hash != key  # only a hash is stored
    run("create_api_key", "--org", "newco", "--mode", "test")
    assert Organization.objects.count() == 1


def test_add_tracker_prints_its_id_last_and_tracker_status_reports_it(acme, settings):
    tracker_id = run("add_tracker", "--org", "acme", "--mode", "test", "PKGX-DDDDDDD-1234567", "--refresh")[-1]
    assert Tracker.objects.filter(public_id=tracker_id).exists()
    assert run("tracker_status", tracker_id)[-1] == "pre_transit label_created 1"


def test_add_tracker_reports_bad_input_as_a_command_error(acme):
    with pytest.raises(CommandError, match="not_a_sandbox_number"):
        run("add_tracker", "--org", "acme", "--mode", "test", "1Z999AA10123456784")
    with pytest.raises(CommandError, match="No organization"):
        run("add_tracker", "--org", "nobody", "--mode", "test", "PKGX-DDDDDDD-1234567")


def test_refresh_trackers_variants(acme):
    tracker_id = run("add_tracker", "--org", "acme", "--mode", "test", "PKGX-DDDDDDD-1234567")[-1]
    assert run("refresh_trackers", tracker_id)[-1].startswith("refreshed 1 ")
    assert run("refresh_trackers", "--all")[-1].startswith("refreshed 1 ")
    assert run("refresh_trackers", "--due")[-1].startswith("refreshed ")
    with pytest.raises(CommandError, match="No such tracker"):
        run("refresh_trackers", "trk_missing")
    with pytest.raises(CommandError):
        run("refresh_trackers")


def test_tracker_status_unknown_id(db):
    with pytest.raises(CommandError, match="No such tracker"):
        run("tracker_status", "trk_nope")
