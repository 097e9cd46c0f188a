"""What a person typed, understood as a search: words with their lemmas, synonyms,
the beginning of the word still being typed, and typos corrected from the dictionary.

Every word must be found (in any form, or through a synonym); when no document has them all,
documents with some of them are shown, ranked, and the page says so."""

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.contrib.postgres.search import SearchQueryField
from django.db import connection, transaction
from django.db.models import BooleanField, F, FloatField, Func, Q, Value
from django.db.models.functions import Cast, Length
from django.http import QueryDict
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from empirie.folding import folded

from .analysis import LEMMA, analyser, quoted, word_lemmas, words
from .index import is_ranked_apart
from .models import Word

SYNONYMS = Path(__file__).with_name("synonyms.txt")
MOST_WORDS = 12
SHORTEST_PREFIX = 3
SHORTEST_CORRECTED = 4
CORRECTIONS_PER_WORD = 3
# Words that say nothing of what is sought; dropped unless nothing else is typed.
STOPWORDS = frozenset(
    [
        "a",
        "aby",
        "ale",
        "albo",
        "bez",
        "by",
        "czy",
        "dla",
        "do",
        "i",
        "ich",
        "jak",
        "jest",
        "jego",
        "jej",
        "już",
        "lub",
        "na",
        "nad",
        "nie",
        "o",
        "od",
        "oraz",
        "po",
        "pod",
        "przez",
        "przy",
        "się",
        "są",
        "ta",
        "te",
        "to",
        "tu",
        "w",
        "we",
        "z",
        "za",
        "ze",
        "że",
    ]
)


@dataclass(frozen=True)
class Term:
    """One word asked: the folded forms it may be written as, its lemmas, and, for the word
    being typed, the beginning any longer word may have."""

    forms: frozenset[str]
    lemmas: frozenset[str] = frozenset()
    prefix: str = ""

    def tsquery(self) -> str:
        lexemes = [quoted(form) for form in sorted(self.forms)]
        lexemes += [quoted(LEMMA + lemma) for lemma in sorted(self.lemmas)]
        if self.prefix:
            lexemes.append(quoted(self.prefix) + ":*")
        return "(" + " | ".join(lexemes) + ")"


@dataclass
class Group:
    """One thing asked: a word, or words with their synonyms (any one name of them, all its
    words)."""

    names: list[list[Term]]

    def tsquery(self) -> str:
        names = ["(" + " & ".join(term.tsquery() for term in name) + ")" for name in self.names]
        return names[0] if len(names) == 1 else "(" + " | ".join(names) + ")"


@dataclass
class Asked:
    text: str
    groups: list[Group] = field(default_factory=list)
    # Typed words not in the dictionary, each with the nearest words it was taken for, as
    # (spelling, folded form), the nearest first: for "did you mean".
    candidates: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # Only stop words or single letters were typed.
    too_short: bool = False
    # Set by Asked.filter: no document had every word, these have some.
    partial: bool = False

    def __bool__(self):
        return bool(self.groups)

    @property
    def corrected(self) -> str:
        """The typed words no text has, sought as the words spelt closest to them."""
        return ", ".join(f"„{word}”" for word in self.candidates)

    def all_words(self) -> str:
        return " & ".join(group.tsquery() for group in self.groups)

    def any_word(self) -> str:
        return " | ".join(group.tsquery() for group in self.groups)

    def all_words_but_one(self) -> str:
        """Every word but any one of them: a typed word found nowhere, a word too many."""
        parts = [group.tsquery() for group in self.groups]
        return " | ".join(
            "(" + " & ".join(parts[:i] + parts[i + 1 :]) + ")" for i in range(len(parts))
        )

    def terms(self) -> list[Term]:
        return [term for group in self.groups for name in group.names for term in name]

    def filter(self, queryset, vector="search_vector", also=None, some=True, own=None):
        """`queryset`'s rows with every word, ranked (by their rank_vector when they keep one
        apart); when none has them all and `some`, those with all words but one, or else any;
        `also(tsquery)` may name more rows that match (a thread by its posts); `own` limits
        the rows matched by their own vector (a meeting found by its report alone)."""
        if not self:
            return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))

        def matching(query):
            condition = Q(Matches(F(vector), query)) & (own or Q())
            return queryset.filter(condition | also(query) if also else condition)

        fewer = [self.all_words_but_one()] if len(self.groups) > 2 else []
        fewer = [*fewer, self.any_word()] if some and len(self.groups) > 1 else []
        query = tsquery(self.all_words())
        found = matching(query)
        for literal in fewer:
            if found.exists():
                break
            self.partial = True
            query = tsquery(literal)
            found = matching(query)
        ranked_by = "rank_vector" if is_ranked_apart(queryset.model) else vector
        return found.annotate(rank=Rank(F(ranked_by), query))


def suggestion(request, asked, *row_sets, kept=("q",), param="q") -> dict | None:
    """ "Did you mean": the text with each unknown word replaced by the nearest word that a
    text the person may see (one of `row_sets`) has as written, when the whole text then finds
    something there; its link keeps the page's parameters named in `kept`. The dictionary also holds words of closed, hidden and deleted texts: a
    word is offered only once a visible row's index is seen to hold it."""
    if not asked or not asked.candidates:
        return None
    text = asked.text
    for typed, candidates in asked.candidates.items():
        meant = next(
            (
                spelling
                for spelling, form in candidates
                if any(holding(rows, form).exists() for rows in row_sets)
            ),
            None,
        )
        if meant is None:
            return None
        if typed[:1].isupper():  # "Przemysll" -> "Przemyśl", as it was typed
            meant = meant[:1].upper() + meant[1:]
        text = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", meant, text)
    if not any(understood(text).filter(rows, some=False).exists() for rows in row_sets):
        return None
    # Only the page's own parameters: a cached copy of the page serves everyone asking them.
    query = QueryDict(mutable=True)
    for name in kept:
        if name != param and request.GET.get(name):
            query.setlist(name, request.GET.getlist(name))
    query[param] = text
    return {"text": text, "url": f"?{query.urlencode()}"}


def holding(rows, form, vector="search_vector"):
    """The rows whose index holds the folded word as written (not merely its lemma)."""
    return rows.filter(Matches(F(vector), tsquery(quoted(form))))


def tsquery(literal: str):
    """A tsquery of ready lexemes (to_tsquery would parse away the lemmas' marks)."""
    return Cast(Value(literal), output_field=SearchQueryField())


class Matches(Func):
    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class Rank(Func):
    function = "ts_rank"
    output_field = FloatField()


@cache
def synonyms() -> list[list[list[str]]]:
    """The meanings of synonyms.txt, each a list of names, each a list of words."""
    meanings = []
    for line in SYNONYMS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names = [words(name) for name in line.split(" = ")]
            meanings.append([name for name in names if name])
    return meanings


def same_word(typed: str, other: str) -> bool:
    if folded(typed) == folded(other):
        return True
    return bool(word_lemmas(typed) & word_lemmas(other))


def synonym_at(typed: list[str], start: int):
    """The longest synonym name starting at typed[start], as (its length, the meaning)."""
    best = (0, None)
    for meaning in synonyms():
        for name in meaning:
            size = len(name)
            if (
                size > best[0]
                and start + size <= len(typed)
                and all(same_word(typed[start + i], name[i]) for i in range(size))
            ):
                best = (size, meaning)
    return best


def understood(text: str) -> Asked:
    asked = Asked(text)
    typed = words(text)[:MOST_WORDS]
    # Stop words and single letters say nothing of what is sought (and are in every text).
    meaningful = [w for w in typed if folded(w) not in STOPWORDS and len(w) > 1]
    known = Dictionary(meaningful)
    start = 0
    while start < len(typed):
        size, meaning = synonym_at(typed, start)
        if meaning:
            asked.groups.append(
                Group([[plain_term(word) for word in name if word.lower() not in STOPWORDS]
                       for name in meaning])
            )  # fmt: skip
            start += size
            continue
        word = typed[start]
        start += 1
        if word not in meaningful:
            continue
        last = start == len(typed)
        asked.groups.append(Group([[known.term(word, last, asked.candidates)]]))
    asked.too_short = bool(typed) and not asked.groups
    return asked


def plain_term(word: str) -> Term:
    return Term(frozenset({folded(word)}), word_lemmas(word))


class Dictionary:
    """The typed words as the dictionary of indexed words knows them: read at once."""

    def __init__(self, typed: list[str]):
        forms = {folded(word) for word in typed}
        lemmas = {lemma for word in typed for lemma in word_lemmas(word)}
        self.lemmas_of: dict[str, set[str]] = {}
        for form, lemma in Word.objects.filter(form__in=forms).values_list("form", "lemma"):
            self.lemmas_of.setdefault(form, set()).add(lemma)
        self.known_lemmas = set(
            Word.objects.filter(lemma__in=lemmas).values_list("lemma", flat=True).distinct()
        )

    def term(self, word: str, last: bool, candidates: dict) -> Term:
        form = folded(word)
        lemmas = set(word_lemmas(word)) | (self.lemmas_of.get(form, set()) - {""})
        # The word being typed may be the beginning of a longer one; not a whole word typed
        # with its Polish letters ("szkół" is not the beginning of "szkolenia").
        whole = form != word.lower() and word_lemmas(word)
        prefix = form if last and len(form) >= SHORTEST_PREFIX and not whole else ""
        if (
            form in self.lemmas_of
            or lemmas & self.known_lemmas
            # A real Polish word no text has ("słoneczne") is sought as it is, not taken for
            # a typo of another ("społeczne").
            or word_lemmas(word)
            or len(form) < SHORTEST_CORRECTED
            or form.isdigit()
            or (prefix and Word.objects.filter(form__startswith=prefix).exists())
        ):
            return Term(frozenset({form}), frozenset(lemmas), prefix)
        closest = closest_words(form)
        if not closest:
            return Term(frozenset({form}), frozenset(lemmas), prefix)
        candidates[word] = [(spelling, meant) for spelling, meant, _lemmas in closest]
        return Term(
            frozenset({form, *(meant for _spelling, meant, _lemmas in closest)}),
            frozenset(lemmas.union(*(found for _spelling, _form, found in closest))),
        )


def closest_words(form: str) -> list[tuple[str, str, set[str]]]:
    """The indexed words nearest to a typed one by edit distance (one edit for short words,
    two for longer), as (spelling, form, lemmas), the nearest first."""
    most = 1 if len(form) <= 6 else 2
    candidates = list(
        Word.objects.annotate(length=Length("form"))
        .filter(length__range=(len(form) - most, len(form) + most))
        .values_list("form", flat=True)
        .distinct()
    )
    nearest = process.extract(
        form, candidates, scorer=Levenshtein.distance, score_cutoff=most,
        limit=CORRECTIONS_PER_WORD,
    )  # fmt: skip
    if not nearest:
        return []
    best = nearest[0][1]
    forms = [found for found, distance, _index in nearest if distance == best]
    found: dict[str, tuple[str, set[str]]] = {}
    rows = Word.objects.filter(form__in=forms).order_by("spelling")
    for spelling, found_form, lemma in rows.values_list("spelling", "form", "lemma"):
        kept, lemmas = found.setdefault(found_form, (spelling, set()))
        if lemma:
            lemmas.add(lemma)
        # The word's base form reads best ("strategia", not "strategią").
        if spelling != kept and analyser().is_lemma(spelling) and not analyser().is_lemma(kept):
            found[found_form] = (spelling, lemmas)
    return [(found[f][0], f, found[f][1]) for f in forms if f in found]


@contextmanager
def index_preferred():
    """The queries inside read the search index rather than every row's vector. PostgreSQL
    does not count unpacking a vector stored out of line (a practice's full one): for a word
    most practices hold it reads all their vectors (80–100 ms at national scale) instead of
    the index (under 20 ms). Sequential scans are off for this transaction alone."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield
        # Within a longer transaction, only for the block (after an error, the rollback of
        # the block's savepoint undoes the SET LOCAL itself).
        cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
