"""Event moves here from the webhooks app, rows and all: state only, the table stays."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

import core.ids


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("webhooks", "0003_event_subject"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Event",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("public_id", core.ids.PublicIdField(prefix="evt")),
                        ("mode", models.CharField(choices=[("test", "Test"), ("live", "Live")], max_length=4)),
                        (
                            "type",
                            models.CharField(
                                choices=[
                                    ("tracker.created", "Tracker created"),
                                    ("tracker.updated", "Tracker updated"),
                                    ("tracker.deleted", "Tracker deleted"),
                                    ("shipment.updated", "Shipment updated"),
                                ],
                                max_length=40,
                            ),
                        ),
                        (
                            "subject_type",
                            models.CharField(blank=True, help_text="What the event is about, e.g. tracker", max_length=20),
                        ),
                        ("subject_id", models.CharField(blank=True, help_text="Public id of the subject", max_length=40)),
                        ("data", models.JSONField(default=dict)),
                        ("previous_attributes", models.JSONField(blank=True, default=dict)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "organization",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="accounts.organization",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "webhooks_event",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [
                            models.Index(fields=["organization", "mode", "-created_at", "-id"], name="event_list"),
                            models.Index(fields=["organization", "mode", "subject_id"], name="event_subject"),
                            models.Index(
                                fields=["organization", "mode", "type", "-created_at", "-id"], name="event_by_type"
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
