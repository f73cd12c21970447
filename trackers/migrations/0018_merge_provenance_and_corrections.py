from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("trackers", "0016_courier_corrections"),
        ("trackers", "0017_backfill_event_raw_codes"),
    ]

    operations = []
