from django.db import migrations, models


class Migration(migrations.Migration):
    """A reminder is once per person, kind and start: a rescheduled meeting is reminded of
    again. Reminders sent before were for the start their meeting has now."""

    dependencies = [
        ("meetings", "0009_waiting_list"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="reminder", name="reminder_once_per_person_and_kind"
        ),
        migrations.AddField(
            model_name="reminder",
            name="starts_at",
            field=models.DateTimeField(null=True, verbose_name="reminded of the start at"),
        ),
        migrations.RunSQL(
            "UPDATE meetings_reminder AS r SET starts_at = m.starts_at "
            "FROM meetings_meeting AS m WHERE m.id = r.meeting_id",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="reminder",
            name="starts_at",
            field=models.DateTimeField(verbose_name="reminded of the start at"),
        ),
        migrations.AddConstraint(
            model_name="reminder",
            constraint=models.UniqueConstraint(
                fields=("meeting", "person", "kind", "starts_at"),
                name="reminder_once_per_person_kind_and_start",
            ),
        ),
    ]
