"""Every network's work so far belongs to its first edition, named after its meetings' years."""

from django.db import migrations


def first_editions(apps, schema_editor):
    from networks.first_editions import first_editions as make

    make(
        Network=apps.get_model("networks", "Network"),
        Edition=apps.get_model("networks", "Edition"),
        Meeting=apps.get_model("meetings", "Meeting"),
        Result=apps.get_model("results", "Result"),
        Thread=apps.get_model("discussions", "Thread"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0009_editions"),
        ("meetings", "0015_meeting_edition"),
        ("results", "0010_result_edition"),
        ("discussions", "0008_thread_edition"),
    ]

    operations = [migrations.RunPython(first_editions, migrations.RunPython.noop)]
