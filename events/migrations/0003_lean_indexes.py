"""Leaner outbox indexes: its organization index duplicates the leading column of its three composite
indexes, and its LIKE-pattern index serves no query (core/migration_ops.py)."""

import django.db.models.deletion
from django.db import migrations, models

from core.migration_ops import DropColumnIndex, DropPatternIndex


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("events", "0002_own_table"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="event",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="accounts.organization",
                    ),
                ),
            ],
            database_operations=[DropColumnIndex(model_name="event", name="organization")],
        ),
        DropPatternIndex(model_name="event", name="public_id"),
    ]
