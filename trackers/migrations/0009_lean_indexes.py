"""Fewer indexes on the trackers tables, whose rows a refresh rewrites.

The organization's and the tracker's own foreign-key indexes duplicate the leading column of the
composite indexes; the LIKE-pattern indexes serve no query (core/migration_ops.py).
"""

import django.db.models.deletion
from django.db import migrations, models

from core.migration_ops import DropColumnIndex, DropPatternIndex


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("trackers", "0008_overview_tally"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="tracker",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="trackers",
                        to="accounts.organization",
                    ),
                ),
                migrations.AlterField(
                    model_name="trackingevent",
                    name="tracker",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="trackers.tracker",
                    ),
                ),
            ],
            database_operations=[
                DropColumnIndex(model_name="tracker", name="organization"),
                DropColumnIndex(model_name="trackingevent", name="tracker"),
            ],
        ),
        DropPatternIndex(model_name="tracker", name="public_id"),
        DropPatternIndex(model_name="tracker", name="public_token"),
        DropPatternIndex(model_name="tracker", name="hex_id"),
    ]
