"""When each person last took part in each network (networks.activity), filled for the rows
there are in one UPDATE: the activity grouped once by (network, person). The statement as it
stood when written (networks.activity.RECOUNT_ALL may change with the code; this may not)."""

from django.conf import settings
from django.db import migrations, models


FILL = """
UPDATE networks_participation AS participation
SET last_active_at = latest.at
FROM (
    SELECT network_id, person_id, MAX(at) AS at FROM (
        SELECT meeting.network_id, registration.person_id, MAX(meeting.starts_at) AS at
        FROM meetings_registration AS registration
        JOIN meetings_meeting AS meeting ON meeting.id = registration.meeting_id
        WHERE registration.attended
        GROUP BY 1, 2
        UNION ALL
        SELECT thread.network_id, post.author_id, MAX(post.created_at)
        FROM discussions_post AS post
        JOIN discussions_thread AS thread ON thread.id = post.thread_id
        WHERE post.author_id IS NOT NULL
        GROUP BY 1, 2
        UNION ALL
        SELECT result.network_id, comment.author_id, MAX(comment.created_at)
        FROM results_comment AS comment
        JOIN results_result AS result ON result.id = comment.result_id
        WHERE comment.author_id IS NOT NULL
        GROUP BY 1, 2
    ) AS activity
    GROUP BY 1, 2
) AS latest
WHERE participation.network_id = latest.network_id AND participation.person_id = latest.person_id
"""


class Migration(migrations.Migration):

    dependencies = [
        ('cities', '0003_development_plan'),
        ('networks', '0011_edition_lapsed_action'),
        ('meetings', '0015_meeting_edition'),
        ('discussions', '0008_thread_edition'),
        ('results', '0010_result_edition'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='participation',
            name='last_active_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last took part'),
        ),
        migrations.AddIndex(
            model_name='participation',
            index=models.Index(condition=models.Q(('city__isnull', False), ('last_active_at__isnull', False)), fields=['network', 'city', 'last_active_at'], name='participation_city_activity'),
        ),
        # Nothing to undo going back: the column goes.
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
