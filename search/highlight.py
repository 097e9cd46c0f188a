"""Words asked, marked where a text has them: in any form (the lemma matches), without Polish
letters (the folded form matches), or as the beginning of the word being typed."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from empirie.folding import folded

from .analysis import WORD, text_of, word_lemmas

ELLIPSIS = "…"


class Marks:
    def __init__(self, asked):
        terms = asked.terms() if asked else []
        self.forms = {form for term in terms for form in term.forms}
        self.lemmas = {lemma for term in terms for lemma in term.lemmas}
        self.prefixes = tuple(term.prefix for term in terms if term.prefix)

    def __bool__(self):
        return bool(self.forms or self.lemmas or self.prefixes)

    def has(self, word: str) -> bool:
        form = folded(word)
        return (
            form in self.forms
            or (self.prefixes and form.startswith(self.prefixes))
            or bool(word_lemmas(word) & self.lemmas)
        )


def marked(text: str, asked, around: int | None = None) -> SafeString:
    """`text` (HTML tags dropped) escaped, with the words asked in <mark>. With `around`, a
    fragment: `around` words or so, starting a little before the first word marked."""
    text = text_of(text)
    marks = Marks(asked)
    found = list(WORD.finditer(text))
    hits = [i for i, word in enumerate(found) if marks and marks.has(word.group())]
    start, end = 0, len(text)
    if around is not None and len(found) > around:
        first = max(0, (hits[0] if hits else 0) - around // 4)
        last = min(len(found), first + around)
        start = found[first].start() if first else 0
        end = found[last - 1].end() if last < len(found) else len(text)
    pieces = [ELLIPSIS if start else ""]
    at = start
    for i in hits:
        word = found[i]
        if word.start() < start or word.end() > end:
            continue
        pieces += [escape(text[at : word.start()]), "<mark>", escape(word.group()), "</mark>"]
        at = word.end()
    pieces += [escape(text[at:end]), ELLIPSIS if end < len(text) else ""]
    return mark_safe("".join(pieces))  # noqa: S308  # every piece of the text is escaped  # nosec B308 B703
