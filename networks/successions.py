"""People and time: a city's seat passes to a successor, and a person who moves to another
city leaves the roles they held for the old one.

A seat is a city's place in a network (a member's or an observer's participation). When its
holder leaves office, a coordinator of the network or an administrator hands it over: the
successor takes the same role, accepted, in the networks chosen, and the predecessor's places
at those networks' coming meetings; the predecessor's participation ends (history, past
attendance, practices and comments stay theirs) and, as access is worked out from the rows
every request reads, they lose the inside on their very next request. In the leaders'
network the successor counts only once their own function is verified (networks.access's
clause): the verification is asked for at once, and the places at its coming meetings, which
nobody may hold without seeing them, are given back until then.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import LEADER_FUNCTIONS, NotificationKind
from accounts.models import Profile, User
from accounts.rules import is_verified_leader
from accounts.services import (
    account_open_for,
    function_declare_for_seat,
    language_of,
    notify,
)
from audit.registry import record

from .access import access_of
from .choices import CITY_BOUND_ROLES, LIVE_STATUSES, ParticipationAction, ParticipationStatus
from .models import Participation, ParticipationEvent


def _handed_by(user, predecessor_id, status):
    rows = Participation.objects.filter(
        person_id=predecessor_id, status=status, role__in=CITY_BOUND_ROLES
    )
    access = access_of(user)
    if not access.administrator:
        rows = rows.filter(network_id__in=access.coordinated)
    return rows.select_related("network", "city").order_by("network__number")


def seats_handed_by(user, predecessor_id):
    """The predecessor's seats this person may hand over: their accepted city-bound
    participations in the networks the person coordinates (administrators: all). A pending
    application is no seat: nobody decided it, so it cannot pass to anyone."""
    return _handed_by(user, predecessor_id, ParticipationStatus.ACCEPTED)


def applications_withdrawn_with(user, predecessor_id, city_id):
    """The predecessor's pending applications for the same city, in the networks the person
    coordinates: withdrawn as their seats are handed over, as they left the city's office (the
    successor applies for themselves if they wish)."""
    return _handed_by(user, predecessor_id, ParticipationStatus.APPLIED).filter(city_id=city_id)


@dataclass
class NewPerson:
    """A successor without an account: one is opened for them."""

    email: str
    first_name: str
    last_name: str


@dataclass
class HandOver:
    """What a hand-over moved, for the page that says so."""

    successor: User
    participations: list = field(default_factory=list)  # the successor's new ones
    places: int = 0
    awaits_verification: bool = False
    account_opened: bool = False
    withdrawn: list = field(default_factory=list)  # the predecessor's pending applications


def successor_by_email(email: str) -> User | None:
    return User.objects.select_related("profile__city").filter(email__iexact=email.strip()).first()


def successor_refusal(*, predecessor: User, successor: User | None, seats) -> str:
    """Why this person may not take over these seats, or "" when they may. Asked by the
    form and again by the service, on locked rows."""
    if successor is None:
        return ""
    if successor.pk == predecessor.pk:
        return _("A person cannot be their own successor: name the person who takes over.")
    if not successor.is_active:
        return _("This account is closed; name another person.")
    profile = getattr(successor, "profile", None)
    cities = {seat.city_id for seat in seats}
    if profile is None or profile.city_id is None or {profile.city_id} != cities:
        # Neutral: whoever types an address learns neither whose account it is nor its city.
        city = next((seat.city for seat in seats if seat.city), None)
        return _(
            "The account with this address cannot take the seat of %(city)s: it is not the "
            "account of someone working for %(city)s. If the person has moved there, they "
            "change their city on their profile first."
        ) % {"city": city}
    taken = (
        Participation.objects.filter(
            person=successor,
            status__in=LIVE_STATUSES,
            network_id__in=[seat.network_id for seat in seats],
        )
        .select_related("network")
        .order_by("network__number")
    )
    if names := [p.network.name for p in taken]:
        return _(
            "%(person)s already takes part in (or has applied to) %(networks)s: leave that "
            "network out, or end their participation there first."
        ) % {"person": successor.public_name, "networks": ", ".join(names)}
    return ""


@transaction.atomic
def seat_hand_over(
    *,
    by: User,
    predecessor_id: int,
    participation_ids,
    successor_id: int | None = None,
    new_person: NewPerson | None = None,
) -> HandOver:
    """Hand the predecessor's seats (participation ids) to an existing account or to a new
    person, all at once or not at all. The seats are locked and checked again: still live, the
    predecessor's, city-bound, and in networks the acting person coordinates now; a second
    hand-over of the same seat waits for the first and is then refused."""
    if (successor_id is None) == (new_person is None):
        raise ValueError("name either an existing successor or a new person")
    ids = sorted({int(pk) for pk in participation_ids})
    if not ids:
        raise ValidationError(_("Choose at least one network."))
    seats = list(
        Participation.objects.select_for_update(of=("self",))
        .select_related("network", "city")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    predecessor = User.objects.select_related("profile").get(pk=predecessor_id)
    if len(seats) != len(ids) or any(
        seat.person_id != predecessor_id
        or seat.status != ParticipationStatus.ACCEPTED
        or seat.role not in CITY_BOUND_ROLES
        for seat in seats
    ):
        raise ValidationError(
            _(
                "This seat has already been handed over or has ended meanwhile. Open the "
                "page again to see where it stands."
            )
        )
    access = access_of(by, fresh=True)
    if not access.administrator and any(s.network_id not in access.coordinated for s in seats):
        raise PermissionDenied
    if len({seat.city_id for seat in seats}) != 1 or seats[0].city_id is None:
        raise ValidationError(_("These seats are not of one city: hand them over one by one."))
    city = seats[0].city

    opened = new_person is not None
    if opened:
        if successor_by_email(new_person.email) is not None:
            raise ValidationError(
                _("An account with this e-mail address exists already: name it as the successor.")
            )
        try:
            with transaction.atomic():
                successor = account_open_for(
                    email=new_person.email,
                    first_name=new_person.first_name,
                    last_name=new_person.last_name,
                    city=city,
                    function=predecessor.profile.function,
                    language=language_of(predecessor),
                )
        except IntegrityError as error:  # the same address signed up at this very moment
            raise ValidationError(
                _("An account with this e-mail address exists already: name it as the successor.")
            ) from error
    else:
        # Their profile held, so a city changed at this moment is seen (and wins).
        Profile.objects.select_for_update().filter(user_id=successor_id).first()
        successor = User.objects.select_related("profile__city").get(pk=successor_id)
    if refusal := successor_refusal(predecessor=predecessor, successor=successor, seats=seats):
        raise ValidationError(refusal)

    now = timezone.now()
    done = HandOver(successor=successor, account_opened=opened)
    try:
        with transaction.atomic():
            for seat in seats:
                seat.status, seat.left_at = ParticipationStatus.LEFT, now
                seat.save(update_fields=["status", "left_at"])
                ParticipationEvent.objects.create(
                    participation=seat, action=ParticipationAction.HANDED_OVER, actor=by,
                    reason=f"→ {successor.public_name}", at=now,
                )  # fmt: skip
                taken = Participation.objects.create(
                    person=successor, network=seat.network, city=city, role=seat.role,
                    status=ParticipationStatus.ACCEPTED, decided_by=by, decided_at=now,
                    applied_at=now, taken_over_from=seat,
                )  # fmt: skip
                ParticipationEvent.objects.create(
                    participation=taken, action=ParticipationAction.TOOK_OVER, actor=by,
                    reason=f"← {predecessor.public_name}", at=now,
                )  # fmt: skip
                record(taken, {"taken_over_from": [None, seat.pk]})
                done.participations.append(taken)
            # The predecessor's pending applications for the city: nobody decided them and
            # they left the office, so they are withdrawn (said on the confirmation page).
            pending = applications_withdrawn_with(by, predecessor_id, city.pk)
            for application in pending.select_for_update(of=("self",)).order_by("pk"):
                application.status, application.left_at = ParticipationStatus.LEFT, now
                application.save(update_fields=["status", "left_at"])
                ParticipationEvent.objects.create(
                    participation=application, action=ParticipationAction.WITHDRAWN, actor=by,
                    reason=_("Withdrawn as the seat was handed over to %(person)s.")
                    % {"person": successor.public_name},
                    at=now,
                )  # fmt: skip
                done.withdrawn.append(application)
    except IntegrityError as error:
        # The successor applied to one of these networks at this very moment.
        raise ValidationError(
            _("%(person)s has just joined one of these networks; open the page again.")
            % {"person": successor.public_name}
        ) from error

    if any(seat.network.is_closed for seat in seats) and not is_verified_leader(successor):
        function = predecessor.profile.function
        if function not in LEADER_FUNCTIONS:
            function = successor.profile.function
        if function in LEADER_FUNCTIONS:
            done.awaits_verification = function_declare_for_seat(
                person_id=successor.pk, function=function
            )
            successor.refresh_from_db()

    from meetings.services import registrations_end_where_unseen, registrations_hand_over

    networks = [seat.network for seat in seats]
    # Places pass only where the successor sees the meetings now: nobody holds a place at a
    # meeting they may not see (a leaders' one before their verification); those the
    # predecessor held there are given back, as for anyone who loses access.
    sees = access_of(successor, fresh=True).inside
    done.places = registrations_hand_over(
        from_person_id=predecessor.pk, to_person=successor,
        network_ids=[n.pk for n in networks if n.pk in sees],
    )  # fmt: skip
    registrations_end_where_unseen(person_id=predecessor.pk)
    _tell(by=by, predecessor=predecessor, done=done, networks=networks, city=city)
    return done


def _tell(*, by, predecessor, done, networks, city):
    from .services import network_coordinators  # services read this module's neighbours

    names = ", ".join(network.name for network in networks)
    params = {
        "networks": names, "predecessor": predecessor.public_name,
        "successor": done.successor.public_name, "city": str(city), "by": by.get_full_name(),
    }  # fmt: skip
    notify(
        recipient=predecessor,
        kind=NotificationKind.SEAT_HANDED_OVER,
        params={**params, "variant": "predecessor"},
        url=reverse("networks:my_participations"),
    )
    notify(
        recipient=done.successor,
        kind=NotificationKind.SEAT_HANDED_OVER,
        params={**params, "variant": "successor", "awaits_verification": done.awaits_verification},
        url=reverse("networks:my_participations"),
    )
    for network in networks:
        for coordinator in network_coordinators(network).exclude(pk=by.pk):
            notify(
                recipient=coordinator,
                kind=NotificationKind.SEAT_HANDED_OVER,
                params={**params, "networks": network.name, "variant": "coordinator"},
                url=reverse("networks:applications", args=[network.slug]),
                network=network,
            )


def seats_of(person) -> list:
    """The person's live seats of a city (member's and observer's participations): what
    ends if they change city (the profile page names them before the change is saved), and
    what a coordinator or administrator may hand to a successor."""
    return list(
        Participation.objects.filter(
            person=person, status__in=LIVE_STATUSES, role__in=CITY_BOUND_ROLES
        )
        .select_related("network", "city")
        .order_by("network__number")
    )


def roles_end_on_moving(*, person_id: int) -> list:
    """A person who now works for another city (accounts.services.profile_update, inside its
    transaction, the profile locked) no longer holds their old city's roles: their live
    member's and observer's participations end, each with its history entry, and they are
    told; they may apply again for their new city. Returns the participations that ended."""
    ended = list(
        Participation.objects.select_for_update(of=("self",))
        .select_related("network", "city")
        .filter(person_id=person_id, status__in=LIVE_STATUSES, role__in=CITY_BOUND_ROLES)
        .order_by("pk")
    )
    if not ended:
        return []
    now = timezone.now()
    person = User.objects.get(pk=person_id)
    for participation in ended:
        participation.status, participation.left_at = ParticipationStatus.LEFT, now
        participation.save(update_fields=["status", "left_at"])
        ParticipationEvent.objects.create(
            participation=participation, action=ParticipationAction.CHANGED_CITY, actor=person,
            at=now,
        )  # fmt: skip
    notify(
        recipient=person,
        kind=NotificationKind.ROLES_ENDED_CITY,
        params={
            "networks": ", ".join(p.network.name for p in ended),
            "city": str(ended[0].city or ""),
        },
        url=reverse("networks:list"),
    )
    return ended
