"""Notifications worded when read: a kind and its parameters instead of a stored Polish text,
and each person's language for e-mails.

The stored texts stay (legacy_title, legacy_body) and are shown as they are for what cannot be
converted. What can, is converted here by matching each kind's Polish wording as it was when
those rows were written (frozen below: the .po may change later), one set-based UPDATE per
wording, so that the national data set's 500,000 rows take seconds, not a loop in Python.
"""

from django.db import migrations, models

PERSON = "CASE WHEN {0} = 'pracownik ZMP' THEN '' ELSE {0} END"
FUNCTIONS = {
    "pracownik urzędu miasta": "staff",
    "burmistrz": "mayor",
    "prezydent miasta": "president",
    "zastępca burmistrza": "deputy_mayor",
    "zastępca prezydenta miasta": "deputy_president",
    "inna": "other",
}
FUNCTION_LABELS = "|".join(FUNCTIONS)
FUNCTION_CODE = (
    "CASE t[1] "
    + " ".join(f"WHEN '{label}' THEN '{code}'" for label, code in FUNCTIONS.items())
    + " END"
)
MONTHS = (
    "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
    "września", "października", "listopada", "grudnia",
)  # fmt: skip
MONTH_ARRAY = "ARRAY[" + ", ".join(f"'{m}'" for m in MONTHS) + "]"
STAMP = r"(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2})"
ANY_BODY = r"^(.*)$"
REASON_BODY = r"^Uzasadnienie: (.*)$"


def _start(first):
    """The local time "dd.mm.yyyy hh:mm" captured from group `first` on, as ISO."""
    d, m, y, hh, mm = (f"t[{first + i}]" for i in range(5))
    return f"{y} || '-' || {m} || '-' || {d} || 'T' || {hh} || ':' || {mm}"


RESULTS = ["result_new", "result_stage"]
# (kinds, title pattern, body pattern, the params built from the title's groups t[] and the
# body's b[]). Patterns are PostgreSQL's; a network's name is taken up to the first ": ".
CONVERSIONS = [
    (["application_received"], r"^Nowe zgłoszenie do sieci (.+?): (.+) \((.+)\)$", ANY_BODY,
     f"'network', t[1], 'person', {PERSON.format('t[2]')}, 'city', t[3], 'motivation', b[1]"),
    (["application_accepted"], r"^Witamy w sieci (.+): Twoje zgłoszenie zostało przyjęte$",
     ANY_BODY, "'network', t[1], 'note', b[1]"),
    (["application_refused"], r"^Twoje zgłoszenie do sieci (.+) zostało odrzucone$",
     REASON_BODY, "'network', t[1], 'reason', b[1]"),
    (["function_verified"], rf"^Twoja funkcja została zweryfikowana: ({FUNCTION_LABELS})$",
     ANY_BODY, f"'function', {FUNCTION_CODE}"),
    (["function_rejected"], rf"^Twoja funkcja nie została potwierdzona: ({FUNCTION_LABELS})$",
     REASON_BODY, f"'function', {FUNCTION_CODE}, 'reason', b[1]"),
    (["meeting_changed"], rf"^Zmiana terminu spotkania: (.+), nowy termin {STAMP}$", ANY_BODY,
     f"'topic', t[1], 'start', {_start(2)}, 'rescheduled', true"),
    (["meeting_changed"], r"^Zmiana szczegółów spotkania: (.+)$", ANY_BODY,
     "'topic', t[1], 'rescheduled', false"),
    (["meeting_cancelled"], r"^Spotkanie odwołane: (.+)$", ANY_BODY,
     "'topic', t[1], 'reason', b[1]"),
    (["meeting_reminder"], rf"^(Dziś|Jutro|Za (\d+) (?:dzień|dni|dnia)): (.+), {STAMP}$",
     ANY_BODY,
     "'days', CASE t[1] WHEN 'Dziś' THEN 0 WHEN 'Jutro' THEN 1 ELSE t[2]::int END, "
     f"'topic', t[3], 'start', {_start(4)}, 'venue', b[1]"),
    (["practice_reviewed"], r"^Twoja praktyka została opublikowana: (.+)$", ANY_BODY,
     "'title', t[1], 'published', true, 'comment', b[1]"),
    (["practice_reviewed"], r"^Prośba o zmiany w Twojej praktyce: (.+)$", ANY_BODY,
     "'title', t[1], 'published', false, 'comment', b[1]"),
    (RESULTS, r"^Nowy szkic wyniku w sieci (.+?): (.+)$", ANY_BODY,
     "'variant', 'draft', 'network', t[1], 'title', t[2], 'summary', b[1]"),
    (RESULTS,
     rf"^Wynik czeka na Twoją opinię do (\d{{1,2}}) ({'|'.join(MONTHS)}) (\d{{4}}): (.+) \((.+)\)$",
     ANY_BODY,
     "'variant', 'awaits_opinion', 'date', "
     f"make_date(t[3]::int, array_position({MONTH_ARRAY}, t[2]), t[1]::int)::text, "
     "'title', t[4], 'network', t[5], 'summary', b[1]"),
    (RESULTS, r"^Wynik czeka na Twoją opinię: (.+) \((.+)\)$", ANY_BODY,
     "'variant', 'awaits_opinion', 'title', t[1], 'network', t[2], 'summary', b[1]"),
    (RESULTS, r"^Udostępniono obserwatorom: (.+)$", ANY_BODY,
     "'variant', 'opened_to_observers', 'title', t[1], 'summary', b[1]"),
    (RESULTS, r"^Nowy publiczny wynik sieci (.+?): (.+)$", ANY_BODY,
     "'variant', 'public_new', 'network', t[1], 'title', t[2], 'summary', b[1]"),
    (RESULTS, r"^Opublikowano: (.+)$", ANY_BODY,
     "'variant', 'published', 'title', t[1], 'summary', b[1]"),
    (["comment_reply"], r"^(.+) odpowiada na Twój komentarz do: (.+)$", ANY_BODY,
     f"'person', {PERSON.format('t[1]')}, 'title', t[2]"),
]  # fmt: skip


def convert_legacy(cursor) -> int:
    """Give every stored notification whose text matches its kind's Polish wording the
    parameters of that wording; return how many. Rows already converted are left alone, so it
    may run again."""
    converted = 0
    for kinds, title_pattern, body_pattern, params in CONVERSIONS:
        cursor.execute(
            f"""
            UPDATE accounts_notification AS n SET params = jsonb_build_object({params})
            FROM (
                SELECT id, regexp_match(legacy_title, %s) AS t, regexp_match(legacy_body, %s) AS b
                FROM accounts_notification
                WHERE params IS NULL AND kind = ANY(%s)
            ) AS m
            WHERE n.id = m.id AND m.t IS NOT NULL AND m.b IS NOT NULL
            """,  # noqa: S608  # nosec B608  # the params are this module's constants
            [title_pattern, body_pattern, kinds],
        )
        converted += cursor.rowcount
    return converted


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        convert_legacy(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0012_profile_awaiting_verification"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="language",
            field=models.CharField(
                choices=[("pl", "polski"), ("en", "English")],
                default="pl",
                help_text="Notifications and digests are e-mailed to you in this language.",
                max_length=8,
                verbose_name="language of e-mails",
            ),
        ),
        migrations.AddConstraint(
            model_name="profile",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", ["pl", "en"])), name="profile_language_valid"
            ),
        ),
        migrations.RenameField(model_name="notification", old_name="title", new_name="legacy_title"),
        migrations.RenameField(model_name="notification", old_name="body", new_name="legacy_body"),
        migrations.AlterField(
            model_name="notification",
            name="legacy_title",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=200, verbose_name="stored title"
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="legacy_body",
            field=models.TextField(
                blank=True, db_default="", default="", verbose_name="stored text"
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="params",
            field=models.JSONField(blank=True, null=True, verbose_name="parameters"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
    ]
