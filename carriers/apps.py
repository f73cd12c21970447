from django.apps import AppConfig


class CarriersConfig(AppConfig):
    """The carrier side: registry, detection, adapters, the sandbox and the status vocabulary."""

    name = "carriers"
    verbose_name = "Carriers"
