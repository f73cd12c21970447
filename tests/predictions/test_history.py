"""Delivery history: the import command (refusals, idempotence, scope) and recording."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.core.management import CommandError, call_command

from predictions.history import HEADER, Delivery, record
from predictions.models import DeliveryRecord, FitState, LaneFit

GOOD = {
    "tracking_number": "1Z999",
    "carrier": "UPS",
    "service": "Ground",
    "origin_country": "us",
    "origin_postal_code": "30301",
    "destination_country": "US",
    "destination_postal_code": "10001",
    "shipped_at": "2026-03-02T09:00:00-05:00",
    "delivered_at": "2026-03-04T23:30:00-05:00",
    "carrier_estimate": "2026-03-04",
}


def write_csv(tmp_path, rows, header=HEADER):
    path = tmp_path / "deliveries.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def run_import(acme, path, mode="live"):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_deliveries", "--org", acme.slug, "--mode", mode, path, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_stores_local_days_regions_and_is_idempotent(acme, tmp_path):
    path = write_csv(tmp_path, [GOOD, {**GOOD, "tracking_number": "1Z998", "carrier_estimate": ""}])
    out, err = run_import(acme, path)
    assert "2 rows read: 2 added, 0 already known, 0 refused" in out
    assert err == ""
    row = DeliveryRecord.objects.get(tracking_number="1Z999")
    assert (row.carrier, row.origin_country, row.origin_region, row.destination_region) == (
        "ups",
        "US",
        "US-303",
        "US-100",
    )
    # The local day at the offset given, not the UTC day (23:30 -05:00 is the next day in UTC).
    assert row.delivered_on == date(2026, 3, 4)
    assert row.delivered_at == datetime(2026, 3, 5, 4, 30, tzinfo=UTC)
    assert row.carrier_estimate == date(2026, 3, 4)
    assert row.source == DeliveryRecord.Source.IMPORT
    assert LaneFit.objects.filter(organization=acme, mode="live", key="ups|Ground|US-303|US-100").get().deliveries == 2
    again, _ = run_import(acme, path)
    assert "2 rows read: 0 added, 2 already known, 0 refused" in again
    assert DeliveryRecord.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"tracking_number": ""}, "tracking_number is required"),
        ({"carrier": ""}, "carrier is required"),
        ({"shipped_at": "yesterday"}, "shipped_at is not an ISO 8601"),
        ({"shipped_at": "2026-03-02T09:00:00"}, "shipped_at has no UTC offset"),
        ({"delivered_at": "2026-03-01T09:00:00+00:00"}, "delivered_at is before shipped_at"),
        ({"delivered_at": "2026-09-01T09:00:00+00:00"}, "more than 90 days"),
        ({"carrier_estimate": "soon"}, "carrier_estimate must be a date"),
        ({"destination_country": "USA"}, "destination_country must be a two-letter"),
    ],
)
def test_bad_rows_are_refused_with_their_reason_and_the_rest_imported(acme, tmp_path, change, reason):
    path = write_csv(tmp_path, [{**GOOD, **change, "tracking_number": change.get("tracking_number", "BAD")}, GOOD])
    out, err = run_import(acme, path)
    assert "1 added" in out and "1 refused" in out
    assert "line 2" in err and reason in err
    assert list(DeliveryRecord.objects.values_list("tracking_number", flat=True)) == ["1Z999"]


def test_a_wrong_header_reads_nothing(acme, tmp_path):
    path = write_csv(tmp_path, [{"tracking_number": "X"}], header=("tracking_number",))
    with pytest.raises(CommandError, match="header"):
        run_import(acme, path)
    assert not DeliveryRecord.objects.exists()


def test_unknown_organization_and_missing_file_are_clear_errors(acme, tmp_path):
    with pytest.raises(CommandError, match="No organization"):
        call_command("import_deliveries", "--org", "nope", "--mode", "live", write_csv(tmp_path, [GOOD]))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_deliveries", "--org", acme.slug, "--mode", "live", str(tmp_path / "missing.csv"))


def test_history_is_scoped_by_organization_and_mode(acme, globex, tmp_path):
    path = write_csv(tmp_path, [GOOD])
    run_import(acme, path, mode="live")
    run_import(acme, path, mode="test")
    run_import(globex, path, mode="live")
    assert DeliveryRecord.objects.count() == 3
    assert FitState.objects.count() == 3


def test_recording_twice_adds_nothing(acme):
    shipped = datetime(2026, 3, 2, 14, tzinfo=UTC)
    delivery = Delivery("N1", "usps", shipped, datetime(2026, 3, 4, 18, tzinfo=UTC), date(2026, 3, 2), date(2026, 3, 4))
    record(acme.pk, "live", [delivery])
    record(acme.pk, "live", [delivery])
    assert DeliveryRecord.objects.filter(organization=acme).count() == 1
