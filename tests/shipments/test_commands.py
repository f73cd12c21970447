"""`setup_demo_shipments`: a few demo shipments for `make run`, once."""

from io import StringIO

from django.core.management import call_command

from accounts.models import Mode, Organization
from shipments.models import Shipment


def test_demo_shipments_are_made_once(db):
    out = StringIO()
    call_command("setup_demo_shipments", stdout=out)
    org = Organization.objects.get(slug="demo")
    shipments = Shipment.objects.filter(organization=org, mode=Mode.TEST)
    assert shipments.count() == 4
    assert shipments.filter(container__isnull=False).count() == 1
    assert sum(s.is_international for s in shipments) == 1
    assert shipments.get(reference_number="DEMO-3").status == "in_transit"  # moved with its container
    assert shipments.filter(customs__isnull=False).count() == 1
    call_command("setup_demo_shipments", stdout=out)
    assert shipments.count() == 4
    assert out.getvalue().strip().endswith("(already there)")
