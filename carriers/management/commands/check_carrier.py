from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from carriers import numbers
from carriers.base import CarrierError
from carriers.registry import AGGREGATOR, get_courier
from core.errors import ServiceError
from core.times import iso, to_local


class Command(BaseCommand):
    help = (
        "Look a number up live with the configured carrier credentials and print the normalized "
        "result (nothing is stored). The last line is `status status_detail event_count`."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="Courier code (GET /api/v1/couriers lists them)")
        parser.add_argument("number", help="Tracking number")

    def handle(self, *args, code, number, **options):
        courier = get_courier(code)
        if courier is None or courier.code == "sandbox":
            raise CommandError(f"Unknown courier code '{code}'.")
        adapter = courier.adapter
        if adapter is None:
            raise CommandError(
                f"{courier.name} is not configured: set its credentials, or an aggregator key "
                f"(SEVENTEENTRACK_API_KEY), in the environment. The README lists each carrier's variables."
            )
        via = "its own API" if courier.through == "direct" else AGGREGATOR
        self.stderr.write(f"Asking {courier.name} through {via}...")
        now = timezone.now()
        try:
            result = adapter.track(numbers.normalize(number), created_at=now, now=now)
        except ServiceError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        except CarrierError as exc:
            raise CommandError(f"{exc.code}: {exc}") from exc
        for event in result.events:
            local, zone = to_local(event.occurred_at, event.time_zone)
            place = ", ".join(filter(None, [event.city, event.state, event.postal_code, event.country]))
            self.stdout.write(
                f"{local.isoformat()} [{zone or 'zone unknown'}] {event.status}/{event.status_detail} "
                f"{event.message} {f'({place})' if place else ''}".rstrip()
            )
        facts = {
            "estimated delivery": iso(result.est_delivery_at),
            "signed by": result.signed_by,
            "weight": f"{result.weight:g} {result.weight_unit}".strip() if result.weight is not None else "",
            "service": result.service,
        }
        for name, value in facts.items():
            if value:
                self.stdout.write(f"{name}: {value}")
        self.stdout.write(f"{result.status} {result.status_detail or '-'} {len(result.events)}")
