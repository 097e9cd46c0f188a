"""Issue 18's relevance set: the search must put each query's targets in its first five."""

import pytest
from django.contrib.auth.models import AnonymousUser

from search import selectors
from search.query import understood
from tests.demo_snapshot import loaded_once

from . import corpus

pytestmark = pytest.mark.django_db


def answers():
    keys = loaded_once("search corpus", corpus.load)
    judged = corpus.judgments()
    texts = [q["q"] for q in judged["queries"]] + [n["q"] for n in judged["negatives"]]
    return {
        text: [
            keys[kind, row.pk] for kind, row in selectors.best(AnonymousUser(), understood(text))
        ]
        for text in texts
    }


def test_relevance_set():
    ranked = answers()
    figures, missed = corpus.scores(ranked)
    for q, wanted, got in missed:
        print("MISSED", q, wanted, got)
    print(figures)
    assert figures["recall@5"] >= 0.9, missed
    assert corpus.intruders(ranked) == []
