from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from events.outbox import register
        from webhooks.fanout import on_events
        from webhooks.schedule import ensure_schedules

        post_migrate.connect(ensure_schedules, sender=self)
        register(on_events)
