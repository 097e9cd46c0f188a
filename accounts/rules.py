"""Who counts as what: the rules about people that every app asks here."""

from django.db.models import Q
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy

from .choices import LEADER_FUNCTIONS, FunctionStatus


def profile_of(user):
    """The person's profile, or None for visitors and accounts made without one."""
    if not user.is_authenticated:
        return None
    return getattr(user, "profile", None)


def is_verified_leader(user) -> bool:
    """A mayor, city president or deputy whose function a coordinator or administrator verified."""
    profile = profile_of(user)
    return (
        profile is not None
        and profile.function in LEADER_FUNCTIONS
        and profile.function_status == FunctionStatus.VERIFIED
    )


def verified_leader_q(profile: str = "profile__") -> Q:
    """is_verified_leader as SQL, on a profile reached through `profile`."""
    return Q(**{f"{profile}function__in": sorted(LEADER_FUNCTIONS)}) & Q(
        **{f"{profile}function_status": FunctionStatus.VERIFIED}
    )


def is_zmp_administrator(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def can_verify_functions(user) -> bool:
    """Coordinators of any network and administrators confirm people's functions."""
    from networks.rules import is_coordinator_of_any  # networks' rules build on these

    return is_zmp_administrator(user) or is_coordinator_of_any(user)


def vouches_for_leaders(user) -> bool:
    """Those who run the leaders' network (the coordinators of a closed network) and
    administrators: they alone see who is a verified leader, and withdraw a verification,
    which locks the person out of the leaders' network. Other coordinators only decide
    functions still awaiting a decision."""
    from networks.access import access_of, closed_network_ids  # networks build on these

    access = access_of(user)
    return access.administrator or bool(access.coordinated & closed_network_ids())


def may_see_email_of(viewer, person_id: int) -> bool:
    """A verifier sees a declarer's e-mail address only when they vouch for leaders, or when
    the person applied to or takes part in a network the verifier coordinates."""
    from networks.access import access_of
    from networks.choices import ParticipationStatus
    from networks.models import Participation

    if vouches_for_leaders(viewer):
        return True
    return Participation.objects.filter(
        person_id=person_id,
        network_id__in=access_of(viewer).coordinated,
        status__in=[ParticipationStatus.APPLIED, ParticipationStatus.ACCEPTED],
    ).exists()


def must_use_mfa(user) -> bool:
    """Those who decide for others (coordinators, staff, administrators) log in with a second
    factor; for everyone else it is offered, not required."""
    return user.is_authenticated and (user.is_staff or can_verify_functions(user))


SECOND_FACTOR_MISSING = gettext_lazy(
    "Your role requires two-step log-in. Set up an authenticator app on the portal; until "
    "then the portal and your personal tokens do not open."
)


def second_factor_missing(user) -> bool:
    """Someone who must log in with a second factor (must_use_mfa) and has none set up: the
    portal sends them to set one up, and their tokens are refused, whenever they were made."""
    from django.conf import settings

    return settings.MFA_REQUIRED and must_use_mfa(user) and not has_mfa(user)


def unwrapped(user):
    """request.user is a lazy object; what the backend bundled is on the person inside."""
    if isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        return user._wrapped
    return user


def has_mfa(user) -> bool:
    """Whether the person has an authenticator app: read with the person by the backend
    (accounts.backends), else once a request."""
    from allauth.mfa.models import Authenticator

    person = unwrapped(user)
    if "_has_mfa" not in person.__dict__:
        person.__dict__["_has_mfa"] = Authenticator.objects.filter(
            user=person, type=Authenticator.Type.TOTP
        ).exists()
    return person.__dict__["_has_mfa"]
