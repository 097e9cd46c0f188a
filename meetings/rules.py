"""What a person may do with meetings: schedule them, register. Who sees a meeting, its
report and its files is each model's `visible_to`; these rules read the same access."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from networks import rules as network_rules
from networks.access import leaves_inside
from networks.rules import Decision

from .choices import PublicationLevel, WaitingReason

OFFER_HELD = dt.timedelta(hours=48)
# People arrive early: the coordinator checks them in at the door from this long before the start.
CHECK_IN_OPENS = dt.timedelta(hours=2)


def can_schedule(user, network) -> bool:
    return network_rules.is_coordinator(user, network)


@dataclass(frozen=True)
class Room(Decision):
    """Whether there is a place now; when not, why the person would wait for one."""

    waiting_reason: str = ""


def can_register(user, meeting, *, taken: int, city_taken: int = 0) -> Decision:
    """A place now: `taken` is the number of places taken (registrations and places held
    for an offer), `city_taken` those of the person's city (the caller counts them once)."""
    return can_take_part(user, meeting) and room(meeting, taken=taken, city_taken=city_taken)


def room(meeting, *, taken: int, city_taken: int = 0) -> Room:
    if meeting.capacity is not None and taken >= meeting.capacity:
        return Room(
            False,
            _("All places have been taken: join the waiting list, and when a place frees, "
              "it is offered to the first in line."),
            WaitingReason.FULL,
        )  # fmt: skip
    if meeting.places_per_city is not None and city_taken >= meeting.places_per_city:
        return Room(
            False,
            ngettext(
                "Your city's %(count)s place has been taken: join the waiting list, and "
                "when a place frees, it is offered to the first in line.",
                "Your city's %(count)s places have been taken: join the waiting list, and "
                "when a place frees, it is offered to the first in line.",
                meeting.places_per_city,
            ) % {"count": meeting.places_per_city},
            WaitingReason.CITY_QUOTA,
        )  # fmt: skip
    return Room(True)


def can_take_part(user, meeting) -> Decision:
    """May register, or wait for a place, whether or not one is free."""
    if not network_rules.can_see_inside(user, meeting.network):
        return Decision(False, _("Only the network's members register for its meetings."))
    if network_rules.is_coordinator(user, meeting.network):
        return Decision(
            False,
            _("You run this meeting as the network's coordinator: its members register, "
              "and you see who did below."),
        )  # fmt: skip
    now = timezone.now()
    if meeting.is_cancelled:
        return Decision(False, _("This meeting has been cancelled."))
    if meeting.draft:
        return Decision(
            False, _("This meeting is planned: registration opens when it is published.")
        )
    if meeting.starts_at <= now:
        return Decision(False, _("This meeting has already started."))
    if network_rules.in_closed_edition(meeting):
        return Decision(
            False,
            _("This meeting belongs to the edition %(edition)s, which has been closed: it "
              "takes no registrations.") % {"edition": meeting.edition.name},
        )  # fmt: skip
    if meeting.registration_deadline and meeting.registration_deadline < now:
        return Decision(False, _("Registration closed on the deadline."))
    return Decision(True)


def offers_open_until(meeting, now):
    """Until when a freed place may be held for someone on the waiting list: 48 hours, but
    never past the registration deadline or the start; None once no offer can be made."""
    if meeting.is_cancelled:
        return None
    closes = min(filter(None, [meeting.registration_deadline, meeting.starts_at]))
    if closes <= now:
        return None
    return min(now + OFFER_HELD, closes)


def can_cancel(meeting) -> Decision:
    """A meeting is cancelled before it starts; one that took place has a report instead."""
    if meeting.is_cancelled:
        return Decision(False, _("This meeting has been cancelled."))
    if meeting.starts_at <= timezone.now():
        return Decision(False, _("A meeting that has started can no longer be cancelled."))
    return Decision(True)


def can_close(meeting) -> Decision:
    """Report and attendance record what happened, so they wait until the meeting starts."""
    if meeting.is_cancelled:
        return Decision(False, _("This meeting has been cancelled."))
    if meeting.starts_at > timezone.now():
        return Decision(
            False,
            _("The report and the attendance can be written once the meeting has started."),
        )
    return Decision(True)


def can_check_in(meeting) -> Decision:
    """Presence is recorded one by one (at the door, or from an online meeting's participant
    report) from two hours before the start; the whole list, absences too, once it has started
    (can_close)."""
    if meeting.is_cancelled:
        return Decision(False, _("This meeting has been cancelled."))
    if meeting.draft:
        return Decision(False, _("This meeting is planned: it has not been published yet."))
    opens = meeting.starts_at - CHECK_IN_OPENS
    if timezone.now() < opens:
        return Decision(
            False,
            _("Check-in opens two hours before the start: %(moment)s.")
            % {"moment": date_format(timezone.localtime(opens), "j E Y, H:i")},
        )
    return Decision(True)


def report_levels(network) -> list[str]:
    """Who a report may be published to: a closed network's stay with its members."""
    if leaves_inside(network):
        return list(PublicationLevel.values)
    return [PublicationLevel.MEMBERS]


def can_certify(registration) -> Decision:
    """A certificate of participation is for a person marked present at a meeting that took
    place (it says what the meeting was, so not before it has ended); it says so only while
    the attendance still says so."""
    meeting = registration.meeting
    if meeting.is_cancelled:
        return Decision(False, _("This meeting has been cancelled."))
    if meeting.draft or meeting.ends_at > timezone.now():
        return Decision(
            False, _("A certificate of participation is issued once the meeting has ended.")
        )
    if registration.attended is not True:
        return Decision(
            False,
            _("A certificate of participation is issued only to people the coordinator "
              "marked present at the meeting."),
        )  # fmt: skip
    return Decision(True)


def may_fetch_certificate(user, registration) -> bool:
    """The certificate's holder (while they see the meeting's network's inside), and the
    coordinators of its network (administrators coordinate every network)."""
    network = registration.meeting.network
    if network_rules.is_coordinator(user, network):
        return True
    return registration.person_id == user.pk and network_rules.can_see_inside(user, network)


# How long the evaluation survey stays open after the meeting ends.
SURVEY_OPEN = dt.timedelta(days=14)
# Aggregates of a survey are shown from this many answers on: fewer would let the coordinator
# tell who said what.
SURVEY_SHOWN_FROM = 5


def survey_closes_at(meeting):
    return meeting.ends_at + SURVEY_OPEN


def survey_open(meeting, now=None) -> Decision:
    """Whether the meeting's survey takes answers now: after the meeting ends, for 14 days."""
    now = now or timezone.now()
    if meeting.is_cancelled:
        return Decision(False, _("This meeting has been cancelled: it has no survey."))
    if meeting.draft:
        return Decision(False, _("This meeting is planned: its survey opens after it ends."))
    if meeting.ends_at > now:
        return Decision(False, _("The survey opens when the meeting ends."))
    if survey_closes_at(meeting) < now:
        return Decision(False, _("The survey has closed: answers were taken for 14 days after "
                                 "the meeting."))  # fmt: skip
    return Decision(True)


def can_answer_survey(user, meeting, *, registration=..., answered=None, now=None) -> Decision:
    """The evaluation survey, once per person: for those registered for the meeting and not
    marked absent, after it ends and for 14 days, while they still see the network's inside.
    `registration` (the person's, or None) and `answered` may be given when already read."""
    from .models import Registration, SurveyTaken

    if not user.is_authenticated or not network_rules.can_see_inside(user, meeting.network):
        return Decision(False, _("Only the network's members answer its meetings' surveys."))
    if answered is None:
        answered = SurveyTaken.objects.filter(meeting=meeting, person=user).exists()
    if answered:
        return Decision(False, _("You have already answered – thank you."))
    if not (opened := survey_open(meeting, now)):
        return opened
    if registration is ...:
        registration = Registration.objects.filter(meeting=meeting, person=user).first()
    if registration is None:
        return Decision(False, _("The survey is for those who were registered for the meeting."))
    if registration.attended is False:
        return Decision(False, _("You were marked absent: the survey is for those who took part."))
    return Decision(True)
