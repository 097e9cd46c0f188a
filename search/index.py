"""Writing documents into the search: their vector and the words the dictionary learns.

Called by each kind's services in the write's own transaction, so a saved text is found at
once and a rolled-back one leaves nothing; `manage.py reindex` rebuilds everything."""

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import Value
from django.db.models.functions import Cast

from .analysis import Document

CHUNK = 5000


# A model with long texts also keeps, in `rank_vector`, only its words of these weights
# (not D: a practice's presentation): small enough to stay in the row, so ranking thousands
# of matches reads none of the out-of-line full vectors (measured: p95 of the practice search
# 46 -> 37 ms on the national data); the GIN index of the full one finds the matches.
RANKED_WEIGHTS = "ABC"


def vectors(model, document: Document) -> dict[str, str]:
    """The tsvector literals of the model's vector fields."""
    literals = {"search_vector": document.tsvector()}
    if is_ranked_apart(model):
        literals["rank_vector"] = document.tsvector(RANKED_WEIGHTS)
    return literals


def is_ranked_apart(model) -> bool:
    return any(field.name == "rank_vector" for field in model._meta.concrete_fields)


def vector(literal: str):
    """A tsvector literal as a value for a vector field: lexemes stored as they are."""
    return Cast(Value(literal), output_field=SearchVectorField())


def remember_words(documents) -> None:
    """Add the documents' words to the dictionary (search.Word). Sorted, so that two writers
    adding the same new words take their locks in the same order."""
    rows = sorted(
        {
            (spelled.spelling, spelled.form, lemma[:60])
            for document in documents
            for spelled in document.spellings
            for lemma in (spelled.lemmas or ("",))
        }
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            spellings, forms, lemmas = zip(*rows[start : start + CHUNK], strict=True)
            cursor.execute(
                "INSERT INTO search_word (spelling, form, lemma) "
                "SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[]) "
                "ON CONFLICT DO NOTHING",
                [list(spellings), list(forms), list(lemmas)],
            )


def save(model, pk, document: Document) -> None:
    """Store one row's vector and remember its words."""
    literals = vectors(model, document)
    model.objects.filter(pk=pk).update(**{name: vector(v) for name, v in literals.items()})
    remember_words([document])
