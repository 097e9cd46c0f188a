"""Who counts as what: the rules about people that every app asks here."""

from django.db.models import Q

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


def must_use_mfa(user) -> bool:
    """Those who decide for others (coordinators, staff, administrators) log in with a second
    factor; for everyone else it is offered, not required."""
    return user.is_authenticated and (user.is_staff or can_verify_functions(user))


def has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    if "_has_mfa" not in user.__dict__:
        user.__dict__["_has_mfa"] = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists()
    return user.__dict__["_has_mfa"]
