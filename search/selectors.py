"""Searching every kind at once, each through its own visibility rule (visible_to)."""

from dataclasses import dataclass, replace

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cities.models import City
from discussions import selectors as discussion_selectors
from meetings import selectors as meeting_selectors
from practices import selectors as practice_selectors
from results import selectors as result_selectors
from results.models import Result

SHORTEST_CITY_WORD = 3


def practices_found(user, asked):
    practices = practice_selectors.published_for(user)
    return practice_selectors.search(practices, asked)


def results_found(user, asked):
    results = Result.objects.visible_to(user).select_related("network")
    return result_selectors.search(results, asked)


def meetings_found(user, asked):
    return meeting_selectors.search(user, asked)


def threads_found(user, asked):
    return discussion_selectors.threads_matching(user, asked)


def cities_found(user, asked):
    """Cities whose name has every word asked, in any of its forms ("Jeleniej Górze" finds
    Jelenia Góra): cities are public, whoever asks."""
    cities = City.objects.order_by("sort_key")
    terms = asked.terms()
    if not terms:
        return cities.none()
    for term in terms:
        spellings = {slugify(word) for word in (*term.forms, *term.lemmas, term.prefix) if word}
        either = Q()
        for spelling in spellings:
            if len(spelling) >= SHORTEST_CITY_WORD:
                either |= Q(slug__startswith=spelling) | Q(slug__contains="-" + spelling)
        if not either:
            return cities.none()
        cities = cities.filter(either)
    return cities


@dataclass(frozen=True)
class Group:
    """One kind of thing the portal's search finds."""

    key: str  # ?rodzaj= of the page listing this kind alone
    title: str
    found: callable  # (user, asked) -> ranked queryset
    list_url: callable = None  # text -> the kind's own filtered list, when it has one


GROUPS = [
    Group("praktyki", _("Good practices"), practices_found,
          lambda text: reverse("practices:list") + "?" + urlencode({"q": text})),
    Group("wyniki", _("Results of the networks"), results_found),
    Group("spotkania", _("Meetings"), meetings_found),
    Group("dyskusje", _("Discussions"), threads_found),
    Group("miasta", _("Cities"), cities_found),
]  # fmt: skip
GROUP_KEYS = {group.key: group for group in GROUPS}


def found_in(group, user, asked):
    """The group's rows for the words asked; `partial` is told per group."""
    asked = replace(asked, partial=False)
    return asked, group.found(user or AnonymousUser(), asked)


def best(user, asked, limit=10) -> list[tuple[str, object]]:
    """The best `limit` practices and results together, as (kind, row), by their rank: how
    the relevance set (tests/search) is scored."""
    user = user or AnonymousUser()
    rows = [("practice", row) for row in practices_found(user, asked)[:limit]]
    rows += [("result", row) for row in results_found(user, asked)[:limit]]
    rows.sort(key=lambda pair: -pair[1].rank)
    return rows[:limit]
