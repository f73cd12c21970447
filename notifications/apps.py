from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Recipient notifications"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from events.outbox import register
        from notifications.listener import on_events
        from notifications.schedule import ensure_schedules

        post_migrate.connect(ensure_schedules, sender=self)
        register(on_events)
