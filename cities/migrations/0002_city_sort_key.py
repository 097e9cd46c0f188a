# The stored Polish sort key of names (empirie.collation), filled for existing rows.

from django.db import migrations, models

from empirie.collation import sort_key


def fill_sort_keys(apps, schema_editor):
    # UPDATE … FROM (VALUES …) in batches: the national data set's 500,000 people take
    # seconds, not the hours of one UPDATE per row.
    Model = apps.get_model("cities", "City")
    table, connection = Model._meta.db_table, schema_editor.connection
    rows = Model.objects.order_by("pk").values_list("pk", "name").iterator(chunk_size=5000)
    batch = []
    for pk, *names in rows:
        batch.append((pk, sort_key(*names)))
        if len(batch) == 5000:
            _write(connection, table, batch)
            batch = []
    _write(connection, table, batch)


def _write(connection, table, batch):
    if not batch:
        return
    values = ", ".join(["(%s, %s)"] * len(batch))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS t SET sort_key = v.key FROM (VALUES {values}) AS v(id, key) "
            "WHERE t.id = v.id",
            [value for row in batch for value in row],
        )


class Migration(migrations.Migration):

    dependencies = [
        ('cities', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='city',
            options={'ordering': ['sort_key', 'pk'], 'verbose_name': 'city', 'verbose_name_plural': 'cities'},
        ),
        migrations.AddField(
            model_name='city',
            name='sort_key',
            field=models.CharField(db_collation='C', db_index=True, default='', editable=False, max_length=255, verbose_name='sort key'),
            preserve_default=False,
        ),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
    ]
