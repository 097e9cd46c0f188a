# English versions of the fixed vocabulary stored in rows (empirie.i18n).
from django.db import migrations, models

from practices.data import CATEGORIES_EN


def english_names(apps, schema_editor):
    # The category tree's names, where they still read as set up (empirie.i18n).
    Category = apps.get_model("practices", "Category")
    for polish, english in CATEGORIES_EN.items():
        Category.objects.filter(name=polish, name_en="").update(name_en=english)


class Migration(migrations.Migration):

    dependencies = [
        ('practices', '0006_status_restriction_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='category',
            name='name_en',
            field=models.CharField(blank=True, help_text='Shown on the English pages; the Polish name when empty.', max_length=120, verbose_name='name in English'),
        ),
        migrations.RunPython(english_names, migrations.RunPython.noop),
    ]
