"""Events stored before raw_code and raw_description were columns get them from their raw scan.

A frozen copy of how the adapters read a scan's code and extra words (each carrier's scans have a
key only theirs have); events with nothing of the kind (the sandbox's) stay empty.
"""

from django.db import migrations

SHAPES = (
    ("eventCode", ("eventCode",), None),  # USPS
    ("statusCode", ("statusCode",), ("remark",)),  # DHL
    ("eventType", ("eventType",), ("exceptionDescription",)),  # FedEx
    ("sub_status", ("sub_status",), None),  # 17TRACK
    ("status", ("status", "code"), ("status", "simplifiedTextDescription")),  # UPS activity
)
BATCH = 2000


def _at(raw, path):
    value = raw
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
        return ""
    return " ".join(str(value).split())


def _words(raw):
    if not isinstance(raw, dict):
        return "", ""
    for marker, code_path, words_path in SHAPES:
        if marker in raw:
            return _at(raw, code_path)[:64], (_at(raw, words_path) if words_path else "")[:300]
    return "", ""


def backfill(apps, schema_editor):
    Event = apps.get_model("trackers", "TrackingEvent")
    pending = []
    for event in Event.objects.exclude(courier="sandbox").only("id", "raw").iterator(chunk_size=BATCH):
        code, words = _words(event.raw)
        if code or words:
            event.raw_code, event.raw_description = code, words
            pending.append(event)
        if len(pending) >= BATCH:
            Event.objects.bulk_update(pending, ["raw_code", "raw_description"])
            pending = []
    if pending:
        Event.objects.bulk_update(pending, ["raw_code", "raw_description"])


class Migration(migrations.Migration):
    dependencies = [("trackers", "0016_carrier_answers_and_overrides")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
