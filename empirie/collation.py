"""Polish alphabetical order, kept in a stored key so that the database sorts by it.

PostgreSQL's order of names depends on the collation the cluster was created with (in "C"
or en_US, "Łomża" comes after "Żarów"). The key spells a name so that a plain byte-wise
comparison (the key columns use the "C" collation) gives the Polish dictionary order: every
letter becomes two characters, the letter and its place among its kind (a0 a, a1 ą; z0 z,
z1 ź, z2 ż); case and other diacritics (é, ü) do not count; spaces and hyphens separate
words, and a shorter word comes first ("Nowa Sól" before "Nowak").
"""

import re
import unicodedata

from django.db.models import F, Lookup, Q

# The Polish letters that follow their base letter, in the alphabet's order.
POLISH_LETTERS = {
    "ą": "a1",
    "ć": "c1",
    "ę": "e1",
    "ł": "l1",
    "ń": "n1",
    "ó": "o1",
    "ś": "s1",
    "ź": "z1",
    "ż": "z2",
}
# Between words, below every letter and digit; between the parts of a person's name
# (surname, then first name), below that: "Nowak, Jan" before "Nowak-Jeziorańska, Anna".
WORD_SEPARATOR = " "
PART_SEPARATOR = "\x1f"
SORT_KEY_LENGTH = 255

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.,;:/]+")


def _letter_key(char: str) -> str:
    if char in POLISH_LETTERS:
        return POLISH_LETTERS[char]
    base = unicodedata.normalize("NFKD", char)[0]
    return f"{base}0"


def sort_key(*parts: str) -> str:
    """The key that orders `parts` (e.g. a city's name; a surname and a first name) as a
    Polish dictionary does, whatever the database's collation."""
    keys = []
    for part in parts:
        words = _SEPARATORS.split(unicodedata.normalize("NFC", (part or "").lower()))
        keys.append(
            WORD_SEPARATOR.join(
                "".join(_letter_key(char) for char in word if char.isalnum())
                for word in words
                if word
            )
        )
    return PART_SEPARATOR.join(keys).rstrip(PART_SEPARATOR)[:SORT_KEY_LENGTH]


class _Like(Lookup):
    """SQL's LIKE with its own wildcards ("_" any one character), which Django's startswith
    and contains escape. Far quicker in PostgreSQL than a regular expression on every key."""

    lookup_name = "like"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} LIKE {rhs}", [*lhs_params, *rhs_params]


def word_start_q(field: str, typed: str) -> Q | None:
    """The rows whose sort key (`field`) has a word starting with the typed letters, case and
    diacritics aside ("lodz" and "ŁÓDŹ" both find "Łódź"); None when nothing typed is a
    letter or a digit. Each letter of a key is its base letter and one character more, so the
    typed word becomes its base letters, each followed by LIKE's "_"; a word starts the key or
    follows a space or the break between surname and first name."""
    word = unicodedata.normalize("NFC", typed.lower())
    letters = "".join(_letter_key(char)[0] + "_" for char in word if char.isalnum())
    if not letters:
        return None
    starts = [f"{letters}%", f"%{WORD_SEPARATOR}{letters}%", f"%{PART_SEPARATOR}{letters}%"]
    return Q(*(_Like(F(field), start) for start in starts), _connector=Q.OR)
