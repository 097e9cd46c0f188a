"""Notifications worded when read: a kind and its parameters instead of a stored Polish text,
and each person's language for e-mails.

The stored texts stay (legacy_title, legacy_body) and are shown as they are for what cannot be
converted. What can, is converted here by matching each kind's Polish wording as it was when
those rows were written (frozen below: the .po may change later), one set-based UPDATE per
wording, so that the national data set's 500,000 rows take seconds, not a loop in Python.
"""

from django.db import migrations, models

# Matching is done with LIKE and string functions: PostgreSQL's regular expressions with
# capturing groups took minutes over 500,000 rows; these take seconds.
T, B = "legacy_title", "legacy_body"
STAMP = "__.__.____ __:__"  # "dd.mm.yyyy hh:mm", as meetings' times were written
IS_STAMP = rf"right({T}, 16) ~ '^\d\d\.\d\d\.\d{{4}} \d\d:\d\d$'"
FUNCTIONS = {
    "pracownik urzędu miasta": "staff",
    "burmistrz": "mayor",
    "prezydent miasta": "president",
    "zastępca burmistrza": "deputy_mayor",
    "zastępca prezydenta miasta": "deputy_president",
    "inna": "other",
}
MONTHS = (
    "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
    "września", "października", "listopada", "grudnia",
)  # fmt: skip


def q(text):
    return "'" + text.replace("'", "''") + "'"


def like(pattern):
    return f"{T} LIKE {q(pattern)}"


def after(x, prefix):
    return f"substr({x}, {len(prefix) + 1})"


def between(prefix, suffix):
    """What stands between a known start and a known end of the title."""
    return f"substr({T}, {len(prefix) + 1}, length({T}) - {len(prefix) + len(suffix)})"


def head(x, sep):
    """Before the first `sep`."""
    return f"left({x}, strpos({x}, {q(sep)}) - 1)"


def tail(x, sep):
    """After the first `sep`."""
    return f"substr({x}, strpos({x}, {q(sep)}) + {len(sep)})"


def last_parenthesis(x):
    """("A", "B") of "A (B)", split at the last " (" (a name may hold one)."""
    backwards = f"reverse(left({x}, -1))"
    at = f"strpos({backwards}, '( ')"
    return f"left({x}, length({x}) - {at} - 2)", f"reverse(left({backwards}, {at} - 1))"


def iso(stamp):
    """ "02.12.2026 10:00" → "2026-12-02T10:00" (the portal's local time, as it was shown)."""
    return (
        f"substr({stamp}, 7, 4) || '-' || substr({stamp}, 4, 2) || '-' || left({stamp}, 2) "
        f"|| 'T' || substr({stamp}, 12, 5)"
    )


def person(x):
    # ZMP staff without a name were called so in Polish; the reader's language names them now.
    return f"CASE WHEN {x} = 'pracownik ZMP' THEN '' ELSE {x} END"


def function_code(prefix):
    cases = " ".join(f"WHEN {q(label)} THEN {q(code)}" for label, code in FUNCTIONS.items())
    return f"CASE {after(T, prefix)} {cases} END"


def is_function(prefix):
    return f"{T} IN ({', '.join(q(prefix + label) for label in FUNCTIONS)})"


REASON = "Uzasadnienie: "
HAS_REASON = f"{B} LIKE {q(REASON + '%')}"
REASON_PARAM = after(B, REASON)


def conversions():
    """(kinds, which rows, their params as jsonb_build_object's arguments), one per wording
    the old code stored (its Polish translations, frozen here)."""
    out = []
    p = "Nowe zgłoszenie do sieci "
    rest = after(T, p)
    who, city = last_parenthesis(tail(rest, ": "))
    out.append(
        (
            ["application_received"],
            like(p + "%: % (%)"),
            f"'network', {head(rest, ': ')}, 'person', {person(who)}, 'city', {city}, "
            f"'motivation', {B}",
        )
    )
    p, s = "Witamy w sieci ", ": Twoje zgłoszenie zostało przyjęte"
    out.append(
        (["application_accepted"], like(p + "%" + s), f"'network', {between(p, s)}, 'note', {B}")
    )
    p, s = "Twoje zgłoszenie do sieci ", " zostało odrzucone"
    out.append(
        (
            ["application_refused"],
            f"{like(p + '%' + s)} AND {HAS_REASON}",
            f"'network', {between(p, s)}, 'reason', {REASON_PARAM}",
        )
    )
    p = "Twoja funkcja została zweryfikowana: "
    out.append((["function_verified"], is_function(p), f"'function', {function_code(p)}"))
    p = "Twoja funkcja nie została potwierdzona: "
    out.append(
        (
            ["function_rejected"],
            f"{is_function(p)} AND {HAS_REASON}",
            f"'function', {function_code(p)}, 'reason', {REASON_PARAM}",
        )
    )
    p, s = "Zmiana terminu spotkania: ", ", nowy termin "
    out.append(
        (
            ["meeting_changed"],
            f"{like(p + '%' + s + STAMP)} AND {IS_STAMP}",
            f"'topic', substr({T}, {len(p) + 1}, length({T}) - {len(p) + len(s) + 16}), "
            f"'start', {iso(f'right({T}, 16)')}, 'rescheduled', true",
        )
    )
    p = "Zmiana szczegółów spotkania: "
    out.append(
        (["meeting_changed"], like(p + "%"), f"'topic', {after(T, p)}, 'rescheduled', false")
    )
    p = "Spotkanie odwołane: "
    out.append((["meeting_cancelled"], like(p + "%"), f"'topic', {after(T, p)}, 'reason', {B}"))
    ahead = (
        f"({like('Dziś: %, ' + STAMP)} OR {like('Jutro: %, ' + STAMP)} OR "
        f"({like('Za % %: %, ' + STAMP)} AND {T} ~ '^Za \\d+ (dzień|dni|dnia): '))"
    )
    out.append(
        (
            ["meeting_reminder"],
            f"{ahead} AND {IS_STAMP}",
            f"'days', CASE WHEN {like('Dziś: %')} THEN 0 WHEN {like('Jutro: %')} THEN 1 "
            f"ELSE split_part({T}, ' ', 2)::int END, "
            f"'topic', left({tail(T, ': ')}, -18), 'start', {iso(f'right({T}, 16)')}, "
            f"'venue', {B}",
        )
    )
    for p, published in [
        ("Twoja praktyka została opublikowana: ", "true"),
        ("Prośba o zmiany w Twojej praktyce: ", "false"),
    ]:
        out.append(
            (
                ["practice_reviewed"],
                like(p + "%"),
                f"'title', {after(T, p)}, 'published', {published}, 'comment', {B}",
            )
        )
    results = ["result_new", "result_stage"]
    for p, variant in [
        ("Nowy szkic wyniku w sieci ", "draft"),
        ("Nowy publiczny wynik sieci ", "public_new"),
    ]:
        rest = after(T, p)
        out.append(
            (
                results,
                like(p + "%: %"),
                f"'variant', '{variant}', 'network', {head(rest, ': ')}, "
                f"'title', {tail(rest, ': ')}, 'summary', {B}",
            )
        )
    p = "Wynik czeka na Twoją opinię do "
    rest = after(T, p)
    day = head(rest, ": ")
    title, network = last_parenthesis(tail(rest, ": "))
    months = "ARRAY[" + ", ".join(q(m) for m in MONTHS) + "]"
    out.append(
        (
            results,
            f"{like(p + '% % ____: % (%)')} AND {day} ~ '^\\d\\d? [a-zś]+ \\d{{4}}$' "
            f"AND split_part({day}, ' ', 2) = ANY({months})",
            f"'variant', 'awaits_opinion', 'date', make_date(split_part({day}, ' ', 3)::int, "
            f"array_position({months}, split_part({day}, ' ', 2)), "
            f"split_part({day}, ' ', 1)::int)::text, "
            f"'title', {title}, 'network', {network}, 'summary', {B}",
        )
    )
    p = "Wynik czeka na Twoją opinię: "
    title, network = last_parenthesis(after(T, p))
    out.append(
        (
            results,
            like(p + "% (%)"),
            f"'variant', 'awaits_opinion', 'title', {title}, 'network', {network}, 'summary', {B}",
        )
    )
    for p, variant in [
        ("Udostępniono obserwatorom: ", "opened_to_observers"),
        ("Opublikowano: ", "published"),
    ]:
        out.append(
            (
                results,
                like(p + "%"),
                f"'variant', '{variant}', 'title', {after(T, p)}, 'summary', {B}",
            )
        )
    sep = " odpowiada na Twój komentarz do: "
    out.append(
        (
            ["comment_reply"],
            like("%" + sep + "%"),
            f"'person', {person(head(T, sep))}, 'title', {tail(T, sep)}",
        )
    )
    return out  # fmt: skip


CONVERSIONS = conversions()


def convert_legacy(cursor) -> int:
    """Give every stored notification whose text matches its kind's Polish wording the
    parameters of that wording; return how many. Rows already converted are left alone, so it
    may run again."""
    converted = 0
    for kinds, where, params in CONVERSIONS:
        statement = (
            f"UPDATE accounts_notification SET params = jsonb_build_object({params}) "  # noqa: S608
            f"WHERE params IS NULL AND kind IN ({', '.join(q(kind) for kind in kinds)}) "
            f"AND {where}"
        )
        # No parameters: the LIKE patterns' % stay as they are. All of it is this module's.
        cursor.execute(statement)  # nosec B608
        converted += cursor.rowcount
    return converted


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        convert_legacy(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0013_user_sort_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="language",
            field=models.CharField(
                choices=[("pl", "polski"), ("en", "English")],
                db_default="pl",
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
        migrations.RenameField(
            model_name="notification", old_name="title", new_name="legacy_title"
        ),
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
