import hashlib

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max

from empirie.cache import cached, normalised_query

from .choices import BAND_LIMITS, PracticeStatus, band_of
from .models import Practice, Transfer
from .rules import reviewable_q


def practice_family(practice_id) -> str:
    """The cache family of one practice's card: the practice and its own parts (contacts,
    tags, networks, transfers, attachments); practices.signals makes it stale."""
    return f"practice:{practice_id}"


# Category and tag names, which every card shows.
PRACTICE_TERMS = "practice-terms"
# The practices as links elsewhere show them (Practice.remembered_fields: their title, which
# of them a person finds) and where they travelled (transfers): not their summary or texts.
PRACTICE_LINKS = "practice-links"


def practices_for(user):
    return Practice.objects.visible_to(user).select_related("city", "category__parent")


def published_for(user):
    """The published practices the person may see: what lists, maps and searches show."""
    return practices_for(user).filter(status=PracticeStatus.PUBLISHED)


def public_last_changed():
    """The latest edit of a practice anyone may read, or transfer of one (the open data's
    and the public statistics' date): nothing hidden lends it a date."""
    public = published_for(AnonymousUser())
    moments = [
        public.aggregate(latest=Max("updated_at"))["latest"],
        # visible: transfers of the practices a visitor reads
        Transfer.objects.filter(practice__in=public).aggregate(latest=Max("recorded_at"))["latest"],
    ]
    return max((moment for moment in moments if moment), default=None)


def as_list_rows(practices):
    """Without the long texts and vectors a list's row does not show: a search sorts every
    match (a common word's thousands) before taking a page, and these rows are a tenth as
    wide."""
    return practices.defer("presentation", "review_comment", "search_vector", "rank_vector")


def search(practices, asked):
    """`practices` that have the words asked (search.query.understood), the best first."""
    return asked.filter(practices).order_by("-rank", "-published_at")


def practices_by_city(practices):
    """How many of `practices` each city has, as (city id, count) pairs. Counted on the rows
    themselves: visibility is subqueries and each filter matches a practice once (the list's
    count relies on that too), so no practice is counted twice."""
    return list(practices.order_by().values_list("city_id").annotate(practices=Count("pk")))


def published_audience(user) -> str:
    """Who sees the same published practices as `user` (PracticeQuerySet.published_audience)."""
    # visible: names who sees the same published practices, reads none of them
    return Practice.objects.published_audience(user)


def practices_by_city_for(practices, request, params):
    """practices_by_city of `practices` (the published ones the person may see), cached for
    everyone who sees the same published practices, with the same filters, until any
    practice or city changes."""
    audience = published_audience(request.user)
    filters = normalised_query(request, params)
    key = hashlib.sha256(f"{audience}\x1f{filters}".encode()).hexdigest()[:40]
    return cached(("practices", "portal"), f"map:{key}", lambda: practices_by_city(practices))


def population_range(band: str):
    return BAND_LIMITS[band]


def related_practices(practice, user, limit=5):
    """Practices of the same category from cities like this one (unit type, size)."""
    low, high = population_range(band_of(practice.city.population))
    similar = (
        practices_for(user)
        .filter(
            status=PracticeStatus.PUBLISHED,
            category=practice.category,
            city__unit_type=practice.city.unit_type,
            city__population__gte=low,
        )
        .exclude(pk=practice.pk)
    )
    if high is not None:
        similar = similar.filter(city__population__lt=high)
    return similar.order_by("-published_at")[:limit]


def practices_to_review(user):
    """Submitted practices the person reviews (never their own), the longest waiting first."""
    return (
        Practice.objects.visible_to(user)
        .select_related("city")
        .filter(reviewable_q(user))
        .exclude(author=user)
        .order_by("submitted_at", "pk")
    )


def own_practices(user):
    """The person's practices, whatever their state, the latest changed first."""
    return Practice.objects.visible_to(user).filter(author=user).order_by("-updated_at", "-pk")
