"""Polish text as the portal's search indexes and asks it.

Every word is kept twice: its folded form as written ("strategii", "zrodel" for "źródeł"), and
the folded lemmas Morfeusz 2 finds for it, marked with "=" ("=strategia", "=zrodlo"), so that
"strategia" finds "strategii" and a document using the very word typed matches twice and
ranks higher. PostgreSQL has no Polish dictionary and the embedded server no contrib
extensions, so the analysis runs here, at write and at query time, and the database receives
ready lexemes (a tsvector literal, never re-parsed).

The analyser was chosen by measurement on tests/search/relevance.yaml (bench/search.py):
Morfeusz 2 (the SGJP dictionary) against pySTEMPEL and the former folded word forms.
"""

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from empirie.folding import folded

LEMMA = "="
TAG = re.compile(r"<[^>]*>")
# Words, with their inner hyphens ("e-usługi", "Kędzierzyn-Koźle", "publiczno-prywatne").
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
# A tsvector keeps positions up to 16383; the ranking needs the first few of each lexeme.
LAST_POSITION = 16383
POSITIONS_KEPT = 16
LONGEST_WORD = 60  # characters: anything longer is not a word anyone types


class Morfeusz:
    name = "morfeusz"

    def __init__(self):
        import morfeusz2

        self.morfeusz = morfeusz2.Morfeusz(generate=False, expand_tags=False)

    def lemmas(self, word: str) -> set[str]:
        """Lemmas of readings that span the whole word: "e-Doręczenia" read as "e", "-" and
        "Doręczenia" gives none here (its parts are analysed apart), not the lemma "-"."""
        analysed = self.morfeusz.analyse(word)
        last = max((end for _start, end, _reading in analysed), default=0)
        return {
            folded(lemma.split(":", 1)[0])
            for start, end, (_form, lemma, tag, *_rest) in analysed
            if start == 0 and end == last and tag not in ("ign", "interp")
        }

    def is_lemma(self, word: str) -> bool:
        """Whether the word as written is a lemma ("strategia", not "strategią")."""
        return any(
            lemma.split(":", 1)[0].lower() == word.lower()
            for _start, _end, (_form, lemma, *_rest) in self.morfeusz.analyse(word)
        )


class Stempel:
    """pySTEMPEL, measured against Morfeusz in bench/search.py (not used by the portal)."""

    name = "stempel"
    is_lemma = staticmethod(lambda word: False)

    def __init__(self):
        from pystempel import Stemmer

        self.stemmer = Stemmer.polimorf()

    def lemmas(self, word: str) -> set[str]:
        stem = self.stemmer(word.lower())
        return {folded(stem)} if stem else set()


class FormsOnly:
    """No lemmas: folded word forms only, as the search compared them before."""

    name = "forms"
    is_lemma = staticmethod(lambda word: False)

    def lemmas(self, word: str) -> set[str]:
        return set()


ANALYSERS = {"morfeusz": Morfeusz, "stempel": Stempel, "forms": FormsOnly}
_analyser = None


def analyser():
    global _analyser
    if _analyser is None:
        _analyser = Morfeusz()
    return _analyser


def use_analyser(name: str) -> None:
    """For bench/search.py's comparison: analyse with another analyser from now on."""
    global _analyser
    _analyser = ANALYSERS[name]()
    word_lemmas.cache_clear()
    spellings.cache_clear()


@lru_cache(maxsize=200_000)
def word_lemmas(word: str) -> frozenset[str]:
    """The folded lemmas of one word as written; a hyphenated word also gets its parts'."""
    found = analyser().lemmas(word)
    if "-" in word and not found:
        for part in word.split("-"):
            if len(part) >= 3:  # not the "e" of "e-usługi"
                found |= analyser().lemmas(part)
    return frozenset(found)


def text_of(markup: str) -> str:
    """The words of sanitised HTML, with a space where each tag was: strip_tags would join
    "<p>Efekty</p><p>Frekwencja" into one word no one types."""
    return html.unescape(TAG.sub(" ", markup or ""))


def words(text: str) -> list[str]:
    return [word for word in WORD.findall(text or "") if len(word) <= LONGEST_WORD]


@dataclass(frozen=True)
class Spelling:
    """A word as the index met it: lower-case spelling, folded form, folded lemmas."""

    spelling: str
    form: str
    lemmas: frozenset[str]


@lru_cache(maxsize=200_000)
def spellings(word: str) -> tuple[tuple[Spelling, ...], tuple[str, ...]]:
    """The word, and the parts of a hyphenated word, each with its lemmas; and the lexemes
    they give the index. Cached: a text repeats its words, and the analysis is the cost."""
    parts = [word, *word.split("-")] if "-" in word else [word]
    spelled = tuple(Spelling(part.lower(), folded(part), word_lemmas(part)) for part in parts)
    lexemes = {each.form: None for each in spelled}
    for each in spelled:
        lexemes.update((LEMMA + lemma, None) for lemma in sorted(each.lemmas))
    return spelled, tuple(lexemes)


class Document:
    """The lexemes of one document's fields, each at its position with its field's weight."""

    def __init__(self):
        self.positions: dict[str, list[str]] = {}
        self.spellings: set[Spelling] = set()
        self.position = 0

    def add(self, text: str, weight: str) -> "Document":
        positions = self.positions
        for word in words(text):
            self.position = min(self.position + 1, LAST_POSITION)
            at = f"{self.position}{weight}"
            spelled, lexemes = spellings(word)
            self.spellings.update(spelled)
            for lexeme in lexemes:
                kept = positions.get(lexeme)
                if kept is None:
                    positions[lexeme] = [at]
                elif len(kept) < POSITIONS_KEPT:
                    kept.append(at)
        return self

    def tsvector(self, weights: str = "ABCD") -> str:
        """The literal PostgreSQL reads as a tsvector as it is (`'…'::tsvector`), of the
        words at positions of the given weights."""
        kept = ((lexeme, [at for at in positions if at[-1] in weights])
                for lexeme, positions in sorted(self.positions.items()))  # fmt: skip
        return " ".join(f"{quoted(lexeme)}:{','.join(at)}" for lexeme, at in kept if at)


def quoted(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def document(*fields: tuple[str, str]) -> Document:
    """A document of (text, weight) pairs: A for titles, then B, C, D."""
    indexed = Document()
    for text, weight in fields:
        indexed.add(text, weight)
    return indexed
