"""Writing documents into the search: their vector and the words the dictionary learns.

Called by each kind's services in the write's own transaction, so a saved text is found at
once and a rolled-back one leaves nothing; `manage.py reindex` rebuilds everything."""

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import Value
from django.db.models.functions import Cast

from .analysis import Document

CHUNK = 5000


def vector(document: Document):
    """The document as a value for a search_vector field: lexemes stored as they are."""
    return Cast(Value(document.tsvector()), output_field=SearchVectorField())


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
    model.objects.filter(pk=pk).update(search_vector=vector(document))
    remember_words([document])
