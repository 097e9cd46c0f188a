"""Text as the portal's searches compare it: lower case, no Polish diacritics.

PostgreSQL's unaccent extension is not at hand (the embedded server has no contrib
extensions), so the portal folds the text itself, the same way when indexing and when asking.
"""

import unicodedata

# Letters NFKD does not split into a base and a diacritic.
EXTRA = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "đ": "d", "ß": "ss"})


def folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
