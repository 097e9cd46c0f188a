"""The canary crawl (tests/portal/test_closure_canary.py) over the API with personal tokens: no
session, each person's own token, the same world and the same hand-written table. (With
sessions, the API's URLs are in the main crawl's registry.) Then access ends through the
portal and the same tokens ask again at once."""

import dataclasses

from django.test import Client

from api.services import api_token_create
from tests.portal.canary_world import (
    A_WITHDRAWN,
    B_STAFF,
    C_LEFT,
    LEADER,
    STAFF,
    VISITOR,
    Reader,
    change_function_to_staff,
    crawl,
    leak_report,
    leave_network,
    named_patterns,
    withdraw_verification,
)
from tests.portal.test_closure_canary import ORDER, TABLE, real_cache, world  # noqa: F401

API = {name for name, _pattern in named_patterns() if name.startswith("api:")}


def with_tokens(world):  # noqa: F811 - the fixture's value
    """The world's readers, each asking with a token of their own instead of a session (the
    people whose access changes keep theirs)."""
    readers, secrets = {}, {}
    for label, reader in world.readers.items():
        if reader.user is None:
            readers[label] = Reader(label, None, Client())
            continue
        if reader.user.pk not in secrets:
            secrets[reader.user.pk] = api_token_create(
                person_id=reader.user.pk, name="crawl"
            ).secret
        token = secrets[reader.user.pk]
        readers[label] = Reader(label, reader.user, Client(HTTP_AUTHORIZATION=f"Bearer {token}"))
    return dataclasses.replace(world, readers=readers)


def test_no_api_answer_shows_a_closed_network_to_anyone_outside_it(world):  # noqa: F811
    tokens = with_tokens(world)
    leaks = crawl(tokens, ORDER, names=API)
    withdraw_verification(world)
    leaks.extend_from(crawl(tokens, [A_WITHDRAWN], names=API))
    change_function_to_staff(world)
    leaks.extend_from(crawl(tokens, [B_STAFF], names=API))
    leave_network(world)
    leaks.extend_from(crawl(tokens, [C_LEFT], names=API))
    assert not leaks, leak_report(leaks)
    assert not leaks.errors, "\n".join(leaks.errors)
    # The API does show the inside to those who may see it: the crawl would catch a leak.
    assert {"leaders published practice", "leaders meeting", "leaders coming meeting",
            "leaders report", "leaders public result"} <= leaks.seen[LEADER]  # fmt: skip
    assert {"T practice", "T draft result"} <= leaks.seen[STAFF]
    assert not leaks.seen[VISITOR]


def test_the_api_crawl_reports_a_leak_put_in_on_purpose(world, monkeypatch):  # noqa: F811
    from api import selectors

    monkeypatch.setattr(
        selectors, "meeting_reports", lambda user: selectors.MeetingReport.objects.order_by("pk")
    )
    leaks = crawl(with_tokens(world), [STAFF], names={"api:report-list"})
    # The list names each report's meeting (its topic, its host city).
    assert any(leak.canary == "leaders meeting" for leak in leaks), leak_report(leaks)
