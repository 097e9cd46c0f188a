"""Every URL argument that is text (a token, a slug, a word, an admin object id, allauth's
keys) given a NUL byte or another control character: never a 500. The portal's own addresses
answer 404 at the resolver, before any view or query sees the value."""

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.converters import IntConverter, StringConverter
from django.urls.resolvers import RegexPattern

from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

CONTROL = ["%00", "x%00y", "%01", "%08", "%09", "%0A", "%0D", "%1B", "%1F", "%7F", "%C2%85"]
OWN_APPS = {"accounts", "cities", "empirie", "meetings", "networks", "practices", "results"}
PLACEHOLDER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
NAMED_GROUP = re.compile(r"\(\?P<\w+>(?:[^()\\]|\\.|\([^()]*\))*\)")


def patterns_with_text_arguments(patterns=None, prefix="", outer=None):
    """(route as a format with "{}" for each text argument, the pattern) of every URL whose
    arguments include text: str, slug, path or token converters, or a regular expression's
    named group. `outer`: the converters of the prefix (an include under `<slug:slug>/`)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        converters = {**(outer or {}), **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            yield from patterns_with_text_arguments(entry.url_patterns, route, converters)
            continue
        if any(isinstance(c, StringConverter) for c in converters.values()):
            yield fill_route(route, converters), entry
        elif isinstance(entry.pattern, RegexPattern) and NAMED_GROUP.search(route):
            yield NAMED_GROUP.sub("{}", route).replace("^", "").replace("$", ""), entry


def fill_route(route, converters):
    def placeholder(match):
        return "1" if isinstance(converters[match["name"]], IntConverter) else "{}"

    return PLACEHOLDER.sub(placeholder, route.replace("^", "").replace("$", ""))


def test_control_characters_in_url_arguments_are_never_a_500(client):
    administrator = Client()
    administrator.force_login(ProfileFactory(user__is_staff=True, user__is_superuser=True).user)
    routes = list(patterns_with_text_arguments())
    names = {entry.name for _route, entry in routes}
    assert {"calendar_feed", "photo_file", "export", "account_confirm_email"} <= names
    for route, entry in routes:
        own = entry.callback.__module__.split(".")[0] in OWN_APPS
        for url in hostile_urls(route):
            for who, visitor in (("visitor", client), ("administrator", administrator)):
                status = visitor.get(url).status_code
                assert status < 500, f"{url} as {who}: {status}"
                if own:
                    assert status == 404, f"{url} as {who}: {status}"


def hostile_urls(route):
    """Each text argument in turn holds each control character; the others a plain "1"."""
    slots = route.count("{}")
    for slot in range(slots):
        for value in CONTROL:
            arguments = ["1"] * slots
            arguments[slot] = value
            yield "/" + route.format(*arguments)
