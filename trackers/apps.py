from django.apps import AppConfig


class TrackersConfig(AppConfig):
    name = "trackers"
    verbose_name = "Trackers"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from trackers.schedule import ensure_schedules
        from trackers.tally import ensure_triggers

        post_migrate.connect(ensure_schedules, sender=self)
        post_migrate.connect(ensure_triggers, sender=self)
