from django.db import models
from django.utils.translation import gettext_lazy as _


class NetworkKind(models.TextChoices):
    THEMATIC = "thematic", _("thematic network")
    LEADERS = "leaders", _("leaders' network")


class Role(models.TextChoices):
    MEMBER = "member", _("member")
    COORDINATOR = "coordinator", _("coordinator")
    EXPERT = "expert", _("expert")
    OBSERVER = "observer", _("observer")


class ParticipationStatus(models.TextChoices):
    APPLIED = "applied", _("applied")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")
    LEFT = "left", _("left")


# A participation that still holds or awaits a place in the network.
LIVE_STATUSES = (ParticipationStatus.APPLIED, ParticipationStatus.ACCEPTED)
# A participation someone decided on: it says who and when.
DECIDED_STATUSES = (ParticipationStatus.ACCEPTED, ParticipationStatus.REFUSED)


class ParticipationAction(models.TextChoices):
    """What happened to an application or membership, for its history."""

    APPLIED = "applied", _("applied")
    WITHDRAWN = "withdrawn", _("withdrew the application")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")
    LEFT = "left", _("left the network")
    DID_NOT_CONTINUE = "lapsed", _("did not continue")
