import django.db.models.deletion
from django.db import migrations, models


def from_the_audit_log(apps, schema_editor):
    """Seats handed over before the field existed: the audit log recorded each taken seat's
    predecessor (networks.successions)."""
    AuditEntry = apps.get_model("audit", "AuditEntry")
    Participation = apps.get_model("networks", "Participation")
    entries = AuditEntry.objects.filter(
        object_type="networks.participation", changes__has_key="taken_over_from"
    ).order_by("pk")
    for entry in entries:
        seat = (entry.changes["taken_over_from"] or [None, None])[-1]
        if seat and str(entry.object_id).isdigit():
            taken = Participation.objects.filter(pk=int(entry.object_id), taken_over_from=None)
            if Participation.objects.filter(pk=seat, taken_over_by=None).exists():
                taken.update(taken_over_from_id=seat)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("networks", "0013_continuation_cancelled"),
    ]

    operations = [
        migrations.AddField(
            model_name="participation",
            name="taken_over_from",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="taken_over_by",
                to="networks.participation",
                verbose_name="taken over from",
            ),
        ),
        migrations.RunPython(from_the_audit_log, migrations.RunPython.noop),
    ]
