"""Deliveries now point at events.Event (the same table, so no data moves); webhooks forgets Event."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("webhooks", "0003_event_subject"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="delivery",
                    name="event",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="deliveries", to="events.event"
                    ),
                ),
                migrations.DeleteModel(name="Event"),
            ],
            database_operations=[],
        ),
    ]
