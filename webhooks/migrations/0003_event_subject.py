"""Events name their subject generically (type and public id) instead of a tracker foreign key.

The first half of moving Event to the events app: the table keeps its rows; the next migrations
hand the model to `events` without copying data.
"""

import django.db.models.deletion
from django.db import migrations, models

SUBJECTS = {"tracker.": "tracker", "shipment.": "shipment", "webhook.": "webhook"}


def fill_subject_type(apps, schema_editor):
    Event = apps.get_model("webhooks", "Event")
    for prefix, subject in SUBJECTS.items():
        Event.objects.filter(type__startswith=prefix).update(subject_type=subject)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("webhooks", "0002_deliveries"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="event", name="event_object"),
        migrations.RemoveField(model_name="event", name="tracker"),
        migrations.RenameField(model_name="event", old_name="object_id", new_name="subject_id"),
        migrations.AlterField(
            model_name="event",
            name="subject_id",
            field=models.CharField(blank=True, help_text="Public id of the subject", max_length=40),
        ),
        migrations.AddField(
            model_name="event",
            name="subject_type",
            field=models.CharField(
                blank=True, default="", help_text="What the event is about, e.g. tracker", max_length=20
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_subject_type, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["organization", "mode", "subject_id"], name="event_subject"),
        ),
        migrations.AlterField(
            model_name="event",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="events", to="accounts.organization"
            ),
        ),
    ]
