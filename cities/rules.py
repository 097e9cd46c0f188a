"""Who may change what of a city: its status in the programme, its development plans. What
anyone may read of a city (its card, status and plans) is public."""

from accounts.rules import is_verified_leader, is_zmp_administrator, profile_of


def can_edit_status(user) -> bool:
    """A city's place in the programme is ZMP's record of the grant decision: administrators'."""
    return is_zmp_administrator(user)


def belongs_to(user, city) -> bool:
    """Whether ZMP has confirmed that the person works for this city, not just that they say
    so: the city is on their profile and either a coordinator or administrator verified their
    function there (a verification names the function and the city, and a new city on the
    profile must be verified anew), or a coordinator accepted them as the city's member of a
    thematic network. The leaders' network's membership counts only through the verified
    function itself (networks.access: a withdrawn verification ends it)."""
    from networks.access import closed_network_ids  # networks build on cities
    from networks.choices import ParticipationStatus, Role
    from networks.models import Participation

    profile = profile_of(user)
    if profile is None or not user.is_active or profile.city_id != city.pk:
        return False
    if is_verified_leader(user):
        return True
    return (
        Participation.objects.filter(
            person=user, city_id=city.pk, role=Role.MEMBER, status=ParticipationStatus.ACCEPTED
        )
        .exclude(network_id__in=closed_network_ids())
        .exists()
    )


def can_edit_plans(user, city) -> bool:
    """Administrators, and the city's own confirmed staff (belongs_to)."""
    return is_zmp_administrator(user) or belongs_to(user, city)
