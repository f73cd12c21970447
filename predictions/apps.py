from django.apps import AppConfig


class PredictionsConfig(AppConfig):
    name = "predictions"
    verbose_name = "Predicted delivery"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from predictions.schedule import ensure_schedules

        post_migrate.connect(ensure_schedules, sender=self)
