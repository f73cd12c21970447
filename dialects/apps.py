from django.apps import AppConfig


class DialectsConfig(AppConfig):
    name = "dialects"
    verbose_name = "API dialects"

    def ready(self) -> None:
        # Webhooks cannot import dialects (they sit above it): each dialect registers its webhook
        # format, how its deliveries look and are signed.
        from dialects.aftership.webhooks import register as register_aftership
        from dialects.easypost.webhooks import register as register_easypost
        from dialects.packagex.webhooks import register as register_packagex
        from dialects.packy.webhooks import register as register_packy
        from dialects.tracktry.webhooks import register as register_tracktry

        register_aftership()
        register_easypost()
        register_packagex()
        register_packy()
        register_tracktry()
