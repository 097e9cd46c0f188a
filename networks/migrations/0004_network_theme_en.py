# English versions of the fixed vocabulary stored in rows (empirie.i18n).
from django.db import migrations, models

from networks.data import THEMES_EN


def english_themes(apps, schema_editor):
    # The eight networks' themes, where they still read as set up (empirie.i18n).
    Network = apps.get_model("networks", "Network")
    for polish, english in THEMES_EN.items():
        Network.objects.filter(theme=polish, theme_en="").update(theme_en=english)


class Migration(migrations.Migration):

    dependencies = [
        ('networks', '0003_participation_inside_seen_at'),
    ]

    operations = [
        migrations.AddField(
            model_name='network',
            name='theme_en',
            field=models.CharField(blank=True, help_text='Shown on the English pages; the Polish theme when empty.', max_length=160, verbose_name='theme in English'),
        ),
        migrations.RunPython(english_themes, migrations.RunPython.noop),
    ]
