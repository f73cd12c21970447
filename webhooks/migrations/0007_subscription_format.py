"""`dialect` becomes the documented `format` ("" was native), and subscriptions get custom headers."""

from django.db import migrations, models


def blank_is_native(apps, schema_editor):
    Subscription = apps.get_model("webhooks", "Subscription")
    Subscription.objects.filter(format="").update(format="native")


def native_is_blank(apps, schema_editor):
    Subscription = apps.get_model("webhooks", "Subscription")
    Subscription.objects.filter(format="native").update(format="")


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0006_subscription_health"),
    ]

    operations = [
        migrations.RenameField(model_name="subscription", old_name="dialect", new_name="format"),
        migrations.AlterField(
            model_name="subscription",
            name="format",
            field=models.CharField(default="native", max_length=20),
        ),
        migrations.RunPython(blank_is_native, native_is_blank),
        migrations.AddField(
            model_name="subscription",
            name="custom_headers",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
