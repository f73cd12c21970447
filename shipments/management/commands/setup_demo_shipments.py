"""Idempotent demo shipments for `make run` (run right after `setup_demo`): a few shipments of the
demo organization in test mode, one in a container and one international with customs, with the
locations, a layout, a contact and a container they use. Everything goes through the services.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from accounts import services as accounts
from accounts.models import Mode
from shipments import containers, parts, services
from shipments.models import TrackingUpdate

ORG = "demo"
MARK = "DEMO-"


class Command(BaseCommand):
    help = "Create (once) a few demo shipments for the demo organization (after setup_demo)."

    def handle(self, *args, **options):
        org = accounts.get_or_create_organization(ORG, "Demo Shop")
        mode = Mode.TEST
        existing = services.shipments_for(org, mode).filter(reference_number__startswith=MARK).count()
        if existing:
            self.stdout.write(f"demo shipments: {existing} (already there)")
            return
        if not org.international_shipping:
            accounts.update_settings(org, {"international_shipping": True})
        user = get_user_model().objects.filter(username="admin").first()
        mailroom = parts.create(parts.LOCATION, org, mode, {"name": "Main mailroom"})
        dock = parts.create(parts.LOCATION, org, mode, {"name": "Loading dock"})
        shelf = parts.create(parts.LAYOUT, org, mode, {"name": "Shelf A", "location_id": mailroom.public_id})
        dana = parts.create(parts.CONTACT, org, mode, {"name": "Dana Reyes", "email": "dana@example.com"})
        bag = parts.create(parts.CONTAINER, org, mode, {"name": "Outbound bag 1"})
        dashboard = TrackingUpdate.Source.DASHBOARD
        us = {"name": "Demo Shop", "city": "Austin", "state": "TX", "country": "US"}

        services.create_shipment(
            org,
            mode,
            {
                "reference_number": f"{MARK}1",
                "order_number": "#1001",
                "tracking_number": "PKGX-AAAAAAA-SHIP001",
                "sender_address": us,
                "recipient_address": {"name": "Karen Ng", "city": "Chicago", "state": "IL", "country": "US"},
                "tags": ["demo"],
                "tracking_update": {
                    "status": "received",
                    "location_id": mailroom.public_id,
                    "layout_id": shelf.public_id,
                    "comment": "Checked in at the mailroom",
                },
                "log": {"message": "Box slightly dented on arrival", "visibility": "private"},
            },
            user=user,
            source=dashboard,
        )
        services.create_shipment(
            org,
            mode,
            {
                "reference_number": f"{MARK}2",
                "order_number": "#1002",
                "tracking_number": "PKGX-BBBBBBB-SHIP002",
                "sender_address": us,
                "recipient_address": {"name": "Jonas Weber", "city": "Berlin", "country": "DE"},
                "weight": 1.5,
                "dimensions": {"length": 20, "width": 15, "height": 10},
                "tags": ["demo", "international"],
                "customs": {
                    "incoterm": "DAP",
                    "signer": "John Smith",
                    "certify": True,
                    "contents_type": "merchandise",
                    "restriction_type": "none",
                    "non_delivery_option": "return",
                    "items": [
                        {
                            "description": "Coffee Beans",
                            "quantity": 2,
                            "value": 1200,
                            "weight": 1.5,
                            "sku": "COF-001",
                            "origin_country": "US",
                            "hs_tariff_number": "090111",
                            "currency": "USD",
                        }
                    ],
                },
            },
            user=user,
            source=dashboard,
        )
        services.create_shipment(
            org,
            mode,
            {
                "reference_number": f"{MARK}3",
                "order_number": "#1003",
                "tracking_number": "PKGX-DDDDDDD-SHIP003",
                "sender_address": us,
                "recipient_address": {"name": "Ola Smith", "city": "Denver", "state": "CO", "country": "US"},
                "tags": ["demo"],
                "tracking_update": {"container_id": bag.public_id, "comment": "Packed into the outbound bag"},
            },
            user=user,
            source=dashboard,
        )
        containers.update_container(
            org, mode, bag.public_id, {"status": "in_transit", "location_id": dock.public_id}, user=user
        )
        services.create_shipment(
            org,
            mode,
            {
                "type": "inbound",
                "reference_number": f"{MARK}4",
                "purchase_order": "PO-77",
                "tags": ["demo"],
                "tracking_update": {
                    "status": "available_for_pickup",
                    "location_id": mailroom.public_id,
                    "contact_id": dana.public_id,
                    "comment": "Waiting for Dana at the front desk",
                },
            },
            user=user,
            source=dashboard,
        )
        self.stdout.write("demo shipments: 4 created (one in a container, one international)")
