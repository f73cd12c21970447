"""A month of plausible trackers for screenshots: every status, deliveries spread over 30 days."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from accounts.models import Mode
from carriers.statuses import Status
from trackers.models import Tracker

COURIERS = ["usps", "ups", "fedex", "dhl", "sandbox"]
NAMES = ["Karen Ng", "Luis Ortega", "Amira Haddad", "Tom Becker", "Yuki Sato", "Priya Nair", "Jonas Berg"]
ITEMS = ["Trail backpack", "Ceramic mug set", "Running shoes", "Desk lamp", "Wool scarf", "Coffee grinder"]
WEIGHTS = [
    (Status.DELIVERED, 60),
    (Status.IN_TRANSIT, 18),
    (Status.OUT_FOR_DELIVERY, 5),
    (Status.PRE_TRANSIT, 6),
    (Status.AVAILABLE_FOR_PICKUP, 3),
    (Status.FAILURE, 2),
    (Status.RETURN_TO_SENDER, 2),
    (Status.ERROR, 1),
    (Status.CANCELED, 1),
    (Status.UNKNOWN, 2),
]
DETAILS = {
    Status.FAILURE: "package_damaged",
    Status.ERROR: "contact_provider",
    Status.RETURN_TO_SENDER: "return_to_sender",
}


def seed(org, count: int = 400) -> None:
    rng = random.Random(7)
    now = timezone.now()
    statuses = [s for s, w in WEIGHTS for _ in range(w)]
    rows = []
    for i in range(count):
        status = rng.choice(statuses)
        courier = COURIERS[i % len(COURIERS)]
        created = now - timedelta(days=rng.uniform(0, 34))
        transit = timedelta(
            days={"usps": 3.2, "ups": 2.4, "fedex": 2.1, "dhl": 4.5, "sandbox": 1.0}[courier] * rng.uniform(0.7, 1.3)
        )
        delivered = min(created + transit, now - timedelta(minutes=5)) if status == Status.DELIVERED else None
        last_event = delivered or (created + timedelta(hours=rng.uniform(1, 30)))
        if i % 37 == 0 and status == Status.IN_TRANSIT:
            last_event = now - timedelta(days=8)
        rows.append(
            Tracker(
                organization=org,
                mode=Mode.TEST,
                tracking_number=f"PKGX-{'ABCDEFG'[i % 7] * 7}-{i:07d}",
                courier=courier,
                status=status,
                status_detail=DETAILS.get(status, ""),
                title=rng.choice(ITEMS),
                order_id=f"#{10400 + i}",
                customer_name=rng.choice(NAMES),
                customer_email=f"customer{i}@example.com",
                created_at=created,
                updated_at=min(last_event, now),
                last_event_at=min(last_event, now),
                delivered_at=delivered,
                est_delivery_at=None if delivered else created + transit,
                next_refresh_at=None,
            )
        )
    Tracker.objects.bulk_create(rows, batch_size=500)
