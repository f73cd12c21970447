"""The moved table takes the events app's own name."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("webhooks", "0004_event_moved"),
    ]

    operations = [
        migrations.AlterModelTable(name="event", table=None),
    ]
