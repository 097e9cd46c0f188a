from django.db import models
from django.utils.translation import gettext_lazy as _


class Function(models.TextChoices):
    """A person's function in their local government, as they declare it."""

    STAFF = "staff", _("city office staff")
    MAYOR = "mayor", _("mayor (burmistrz)")
    PRESIDENT = "president", _("city president (prezydent miasta)")
    DEPUTY_MAYOR = "deputy_mayor", _("deputy mayor")
    DEPUTY_PRESIDENT = "deputy_president", _("deputy city president")
    OTHER = "other", _("other")


# The functions whose holders, once verified, take part in the leaders' network.
LEADER_FUNCTIONS = frozenset(
    {Function.MAYOR, Function.PRESIDENT, Function.DEPUTY_MAYOR, Function.DEPUTY_PRESIDENT}
)
# The functions in a city office: their holders are the local government's people, whom the
# leaders' network takes only as verified leaders (never as its experts).
LOCAL_GOVERNMENT_FUNCTIONS = LEADER_FUNCTIONS | {Function.STAFF}


class FunctionStatus(models.TextChoices):
    DECLARED = "declared", _("declared, awaiting verification")
    VERIFIED = "verified", _("verified")
    REJECTED = "rejected", _("rejected")


class EmailMode(models.TextChoices):
    """How a person wants to hear of their notifications by e-mail."""

    IMMEDIATE = "immediate", _("an e-mail for each notification")
    DIGEST = "digest", _("one daily digest")
    NONE = "none", _("no e-mails (only in the portal)")


class Language(models.TextChoices):
    """The language a person reads the portal's e-mails in; each named in itself, so that
    whoever reads the list finds their own."""

    PL = "pl", "polski"
    EN = "en", "English"


class NotificationKind(models.TextChoices):
    APPLICATION_RECEIVED = "application_received", _("application received")
    APPLICATION_ACCEPTED = "application_accepted", _("application accepted")
    APPLICATION_REFUSED = "application_refused", _("application refused")
    FUNCTION_VERIFIED = "function_verified", _("function verified")
    FUNCTION_REJECTED = "function_rejected", _("function not confirmed")
    MEETING_CHANGED = "meeting_changed", _("meeting changed")
    MEETING_CANCELLED = "meeting_cancelled", _("meeting cancelled")
    MEETING_REMINDER = "meeting_reminder", _("meeting reminder")
    MEETING_SURVEY = "meeting_survey", _("evaluation survey after a meeting")
    WAITING_PLACE_OFFERED = "waiting_place_offered", _("a place offered from a waiting list")
    WAITING_OFFER_EXPIRED = "waiting_offer_expired", _("a place offered has gone to the next")
    PRACTICE_REVIEWED = "practice_reviewed", _("practice reviewed")
    RESULT_NEW = "result_new", _("new result")
    RESULT_STAGE = "result_stage", _("result opened further")
    COMMENT_REPLY = "comment_reply", _("reply to a comment")
    DISCUSSION_THREAD = "discussion_thread", _("new thread in a network")
    DISCUSSION_REPLY = "discussion_reply", _("reply in a thread you watch")
    DISCUSSION_MENTION = "discussion_mention", _("you were mentioned in a thread")
    DISCUSSION_SOLVED = "discussion_solved", _("question solved")
    DISCUSSION_DEADLINE = "discussion_deadline", _("a consultation's day for feedback is near")
    DISCUSSION_DRAFT = "discussion_draft", _("a draft practice made from your thread")
    MESSAGE = "message", _("a message from a person of the networks")
    SEAT_HANDED_OVER = "seat_handed_over", _("a city's seat handed to a successor")
    ROLES_ENDED_CITY = "roles_ended_city", _("roles ended on changing city")
    EDITION_CONTINUE = "edition_continue", _("a new edition: confirm you continue")
    EDITION_LAPSED = "edition_lapsed", _("membership ended: you did not confirm you continue")


class NetworkAudience(models.TextChoices):
    """Who, in a notification's network, may still read it: checked when it is shown or sent."""

    INSIDE = "inside", _("the network's people")
    OBSERVERS = "observers", _("the network's people and observers")
