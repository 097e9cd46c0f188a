from django.db import models
from django.utils.translation import gettext_lazy as _


class ThreadKind(models.TextChoices):
    """What a thread is for; the kind decides who may start it and who hears of it."""

    QUESTION = "question", _("question to the network")
    CONSULTATION = "consultation", _("project consultation")
    ANNOUNCEMENT = "announcement", _("announcement")
    DISCUSSION = "discussion", _("discussion")


# The kinds everybody in a network hears of, even those who chose to hear of fewer threads.
IMPORTANT_KINDS = frozenset({ThreadKind.ANNOUNCEMENT, ThreadKind.CONSULTATION})


class NewThreadNews(models.TextChoices):
    """Which new threads of a network a person wants to hear of."""

    EVERY = "every", _("every new thread")
    IMPORTANT = "important", _("only announcements and consultations")
    NONE = "none", _("none")
