from django.contrib.postgres.indexes import OpClass
from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _


class Word(models.Model):
    """A word the indexer met, with one of its lemmas: how a word typed without Polish
    letters finds its lemmas ("zrodel" → "zrodlo"), how a prefix or a typo is known to be
    one, and where "Did you mean" suggestions come from. Never shrinks: a word left by a
    removed text only costs a row, and every suggestion is checked against what the person
    may see before it is shown."""

    spelling = models.CharField(_("spelling"), max_length=60)
    form = models.CharField(_("folded form"), max_length=60)
    lemma = models.CharField(_("folded lemma"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("indexed word")
        verbose_name_plural = _("indexed words")
        constraints = [
            models.UniqueConstraint(fields=["spelling", "lemma"], name="search_word_unique"),
        ]
        indexes = [
            # Exact forms and the prefix of the word being typed (LIKE 'prom%').
            models.Index(OpClass("form", name="varchar_pattern_ops"), name="search_word_form"),
            models.Index(fields=["lemma"], name="search_word_lemma"),
            # Typo candidates are read by length.
            models.Index(Length("form"), name="search_word_length"),
        ]

    def __str__(self):
        return f"{self.spelling} → {self.lemma}"
