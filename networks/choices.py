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


# The roles a city holds in a network through one of its people (its seat): they end when the
# person moves to another city, and pass to a successor when they leave office. ZMP's
# coordinators and experts represent no city.
CITY_BOUND_ROLES = (Role.MEMBER, Role.OBSERVER)

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
    HANDED_OVER = "handed", _("handed the seat to a successor")
    TOOK_OVER = "took_over", _("took over the seat from a predecessor")
    CHANGED_CITY = "moved", _("left on changing city")
    DID_NOT_CONTINUE = "lapsed", _("did not continue")


# How an ended participation's status reads, by the step that ended it (a person's list says
# "ended (did not continue)", not "left" for every end).
ENDED_AS = {
    ParticipationAction.LEFT: _("ended (left the network)"),
    ParticipationAction.WITHDRAWN: _("ended (application withdrawn)"),
    ParticipationAction.HANDED_OVER: _("ended (seat handed to a successor)"),
    ParticipationAction.CHANGED_CITY: _("ended (change of city)"),
    ParticipationAction.DID_NOT_CONTINUE: _("ended (did not continue)"),
}
