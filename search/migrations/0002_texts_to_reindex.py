"""The vectors written before the Polish analysis held folded word forms parsed by
PostgreSQL; emptied here, so that `manage.py reindex --missing` (run by docker-compose after
migrate) writes them anew with lemmas."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("practices", "0008_attachment_kind_check"),
        ("discussions", "0004_post_attachments_and_photos"),
    ]

    operations = [
        migrations.RunSQL(
            "UPDATE practices_practice SET search_vector = NULL;"
            "UPDATE discussions_thread SET search_vector = NULL;"
            "UPDATE discussions_post SET search_vector = NULL;",
            migrations.RunSQL.noop,
        ),
    ]
