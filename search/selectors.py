"""Searching every kind at once, each through its own visibility rule."""

from django.contrib.auth.models import AnonymousUser

from practices import selectors as practice_selectors
from practices.choices import PracticeStatus
from results import selectors as result_selectors
from results.models import Result


def practices_found(user, asked):
    practices = practice_selectors.practices_for(user).filter(status=PracticeStatus.PUBLISHED)
    return practice_selectors.search(practices, asked)


def results_found(user, asked):
    return result_selectors.search(Result.objects.visible_to(user), asked)


def best(user, asked, limit=10) -> list[tuple[str, object]]:
    """The best `limit` practices and results together, as (kind, row), by their rank."""
    user = user or AnonymousUser()
    rows = [("practice", row) for row in practices_found(user, asked)[:limit]]
    rows += [("result", row) for row in results_found(user, asked)[:limit]]
    rows.sort(key=lambda pair: -pair[1].rank)
    return rows[:limit]
