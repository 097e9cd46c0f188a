from django.db.models import Case, IntegerField, Value, When

from empirie.cache import cached

from .choices import LEADER_FUNCTIONS, FunctionStatus
from .models import Notification, Profile


def with_confirmed_accounts(profiles):
    """A sign-up whose e-mail address is not yet confirmed may be anyone's: its function waits
    until the address is confirmed, so nobody verifies it in the meantime."""
    from allauth.account.models import EmailAddress  # allauth's models load after ours

    unconfirmed = EmailAddress.objects.filter(primary=True, verified=False).values("user_id")
    return profiles.filter(user__is_active=True).exclude(user_id__in=unconfirmed)


def functions_to_verify(verifier=None):
    """People who declared a leader's function: awaiting verification first. A `verifier` who
    does not run the leaders' network (accounts.rules.vouches_for_leaders) sees only those
    awaiting a decision: who is a verified leader is for the leaders' network's own people."""
    from .rules import vouches_for_leaders

    profiles = Profile.objects.filter(function__in=LEADER_FUNCTIONS)
    if verifier is not None and not vouches_for_leaders(verifier):
        profiles = profiles.filter(function_status=FunctionStatus.DECLARED)
    return (
        with_confirmed_accounts(profiles)
        .select_related("user", "city", "function_verified_by")
        .annotate(
            waiting=Case(
                When(function_status=FunctionStatus.DECLARED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting", "city__sort_key", "user__sort_key")
    )


def notifications_of(person):
    return Notification.objects.visible_to(person)


def unread_count(person) -> int:
    """The header's number on every page: kept for this person and their access, until their
    notifications change (accounts.signals)."""
    from networks.access import access_of  # networks build on accounts

    family = notifications_family(person.pk)
    key = f"unread:{person.pk}:{access_of(person).fingerprint}"
    return cached(
        family,
        key,
        lambda: notifications_of(person).filter(read_at__isnull=True).count(),
        timeout=300,
        in_process=True,
    )


def person_family(person_id) -> str:
    """The cache family of one person's account, profile and roles (accounts.backends,
    networks.access): their own changes make it stale, nobody else's."""
    return f"person:{person_id}"


def notifications_family(person_id) -> str:
    """The cache family of what a person's notification list shows."""
    return f"notifications:{person_id}"


def functions_awaiting_verification(verifier=None):
    """Leaders' functions declared and not yet decided, the longest waiting first; without
    the verifier's own, which somebody else decides."""
    return (
        with_confirmed_accounts(
            Profile.objects.filter(
                function__in=LEADER_FUNCTIONS, function_status=FunctionStatus.DECLARED
            )
        )
        .exclude(user_id=getattr(verifier, "pk", None))
        .select_related("user", "city")
        .order_by("function_declared_at", "pk")
    )
