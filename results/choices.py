from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultKind(models.TextChoices):
    RECOMMENDATION = "recommendation", _("recommendation")
    REPORT = "report", _("analytical report")
    TOOLKIT = "toolkit", _("toolkit")
    PRACTICE_SET = "practices", _("set of practices")


class Stage(models.TextChoices):
    """Who reads a result: it moves forward only, from the network outwards."""

    DRAFT = "draft", _("draft (the network's people only)")
    OBSERVERS = "observers", _("for observers (the network's people and its observers)")
    PUBLIC = "public", _("public (everyone)")


STAGE_ORDER = [Stage.DRAFT, Stage.OBSERVERS, Stage.PUBLIC]
