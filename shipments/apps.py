from django.apps import AppConfig


class ShipmentsConfig(AppConfig):
    name = "shipments"
    verbose_name = "Shipments"

    def ready(self) -> None:
        from events.outbox import register
        from shipments.listener import on_events

        register(on_events)
