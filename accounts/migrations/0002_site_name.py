from django.db import migrations


def name_site(apps, schema_editor):
    # allauth puts the site's name in e-mails' subjects and bodies.
    Site = apps.get_model("sites", "Site")
    Site.objects.update_or_create(
        id=1, defaults={"domain": "empirie.miasta.pl", "name": "EMPIRIE"}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(name_site, migrations.RunPython.noop)]
