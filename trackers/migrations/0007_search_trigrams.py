"""Trigram indexes for the dashboard's search: substring matches on order id, title,
customer name and e-mail (case-insensitive, as `icontains` writes them) and on the tracking
number, so a search reads a few index pages instead of every tracker of the organization.

PostgreSQL only (pg_trgm ships with it and is a trusted extension); SQLite keeps scanning, which
is fine at its scale.
"""

from django.db import migrations

# (index name, indexed expression): each expression is exactly what Django's lookup writes.
INDEXES = [
    ("tracker_order_id_trgm", 'UPPER("order_id"::text)'),
    ("tracker_title_trgm", 'UPPER("title"::text)'),
    ("tracker_customer_name_trgm", 'UPPER("customer_name"::text)'),
    ("tracker_customer_email_trgm", 'UPPER("customer_email"::text)'),
    ("tracker_number_trgm", '"tracking_number"'),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON trackers_tracker USING gin ({expression} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("trackers", "0006_refresh_order")]

    operations = [migrations.RunPython(create, drop)]
