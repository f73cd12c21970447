from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from privacy import audit
        from privacy.retention import ensure_schedules

        post_migrate.connect(ensure_schedules, sender=self)
        audit.connect()
