from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("trackers", "0017_merge_corrections_and_pushes"),
        ("trackers", "0017_backfill_event_raw_codes"),
    ]

    operations = []
