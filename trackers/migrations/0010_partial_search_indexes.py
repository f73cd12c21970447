"""The trigram indexes of the four optional search columns leave empty values out.

Every refresh rewrites a tracker row twice (its claim and its result), and each rewrite adds an
entry to every index, including a trigram index's placeholder for an empty title, order id,
customer name or e-mail, which most trackers have. Partial indexes (`WHERE col <> ''`) skip those
rows; the search adds the same condition to each column's test (trackers/queries.py: an empty
value cannot contain the text anyway), so the planner still picks them.
"""

from django.db import migrations

# (index name, column): the expression is what Django's icontains writes, as in migration 0007.
COLUMNS = [
    ("tracker_order_id_trgm", "order_id"),
    ("tracker_title_trgm", "title"),
    ("tracker_customer_name_trgm", "customer_name"),
    ("tracker_customer_email_trgm", "customer_email"),
]


def _rebuild(schema_editor, partial: bool) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in COLUMNS:
        where = f" WHERE \"{column}\" <> ''" if partial else ""
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(
            f'CREATE INDEX {name} ON trackers_tracker USING gin (UPPER("{column}"::text) gin_trgm_ops){where}'
        )


def forwards(apps, schema_editor):
    _rebuild(schema_editor, partial=True)


def backwards(apps, schema_editor):
    _rebuild(schema_editor, partial=False)


class Migration(migrations.Migration):
    dependencies = [("trackers", "0009_lean_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
