"""A participation's sort key (its city's, then its person's), kept by the database: a row's
key is set whenever it is written with a person or a city, and a person's or a city's new sort
key reaches their participations. Triggers, not save(), so bulk loads (national_data's COPY,
the demo's bulk_create), the admin and queryset updates all keep it."""

from django.db import migrations, models

# The separator sorts below every character of a key (empirie.collation: the parts of a
# person's name are split by \x1f); \x7f, above every letter and digit, puts ZMP's staff, who
# represent no city, after the cities.
KEEP_SORT_KEYS = r"""
CREATE FUNCTION networks_participation_sort_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.sort_key := COALESCE((SELECT sort_key FROM cities_city WHERE id = NEW.city_id), E'\x7f')
        || E'\x1e' || COALESCE((SELECT sort_key FROM accounts_user WHERE id = NEW.person_id), '');
    RETURN NEW;
END $$;

CREATE TRIGGER networks_participation_sort_key
    BEFORE INSERT OR UPDATE OF person_id, city_id ON networks_participation
    FOR EACH ROW EXECUTE FUNCTION networks_participation_sort_key();

-- Setting a column to itself fires the trigger above, which reads the new keys.
CREATE FUNCTION networks_participation_sort_key_of_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE networks_participation SET person_id = person_id WHERE person_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER networks_participation_sort_key_of_person
    AFTER UPDATE OF sort_key ON accounts_user
    FOR EACH ROW WHEN (OLD.sort_key IS DISTINCT FROM NEW.sort_key)
    EXECUTE FUNCTION networks_participation_sort_key_of_person();

CREATE FUNCTION networks_participation_sort_key_of_city() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE networks_participation SET city_id = city_id WHERE city_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER networks_participation_sort_key_of_city
    AFTER UPDATE OF sort_key ON cities_city
    FOR EACH ROW WHEN (OLD.sort_key IS DISTINCT FROM NEW.sort_key)
    EXECUTE FUNCTION networks_participation_sort_key_of_city();

UPDATE networks_participation SET person_id = person_id;
"""

FORGET_SORT_KEYS = """
DROP TRIGGER networks_participation_sort_key_of_city ON cities_city;
DROP FUNCTION networks_participation_sort_key_of_city();
DROP TRIGGER networks_participation_sort_key_of_person ON accounts_user;
DROP FUNCTION networks_participation_sort_key_of_person();
DROP TRIGGER networks_participation_sort_key ON networks_participation;
DROP FUNCTION networks_participation_sort_key();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0013_user_sort_key"),
        ("cities", "0002_city_sort_key"),
        ("networks", "0004_network_theme_en"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="participation", name="networks_pa_network_0ee73b_idx"),
        migrations.AddField(
            model_name="participation",
            name="sort_key",
            field=models.CharField(
                db_collation="C", default="", editable=False, max_length=511,
                verbose_name="sort key",
            ),  # fmt: skip
        ),
        # The index before the rows are filled: built after an update in its transaction,
        # PostgreSQL would not use it while any older transaction runs (indcheckxmin).
        migrations.AddIndex(
            model_name="participation",
            index=models.Index(
                fields=["network", "status", "role", "sort_key"],
                name="networks_pa_network_20d431_idx",
            ),
        ),
        migrations.RunSQL(KEEP_SORT_KEYS, FORGET_SORT_KEYS),
    ]
