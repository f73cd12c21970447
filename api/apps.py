from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API toolkit"

    def ready(self) -> None:
        from api import openapi  # noqa: F401 - registers the security schemes with drf-spectacular
