"""Nothing of a closed network reaches anyone outside it, through any channel.

A canary marker sits in every closed thing (tests/portal/canary_world.py); each person crawls
every URL of the URL configuration with every id of the world, on the real Redis cache with
the cached fragments on, privileged people first. A marker may appear in a response only if
the hand-written table below says the person may see that thing; and each thing a person may
see must appear somewhere, so the table and the world stay honest. Access then changes through
the portal itself (a withdrawn verification, a new function, leaving the network) and the same
sessions crawl again at once; the e-mails and digests obey the same table; cached fragments
live no longer than their content; and leaks put in on purpose are reported.
"""

import datetime as dt
import os
import re
import uuid
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.choices import NotificationKind
from accounts.models import Notification, User
from accounts.services import digest_send, notification_email_deliver, notify
from networks.choices import ParticipationStatus, Role
from networks.models import Participation
from practices import rules as practice_rules
from practices.choices import PracticeStatus
from practices.models import PracticeQuerySet
from tests.portal.canary_world import (
    A_WITHDRAWN,
    ADMIN,
    B_STAFF,
    C_LEFT,
    CANARIES,
    COORDINATOR,
    COORDINATOR2,
    D_HANDED,
    DEPUTY,
    ENGLISH_TOO,
    EXPERT2,
    LEADER,
    LEADER_A,
    LEADER_B,
    LEADER_C,
    LEADER_D,
    OBSERVER,
    PEOPLE,
    REGISTRY,
    STAFF,
    SUCCESSOR,
    VISITOR,
    WARM_FIRST,
    admin_covers,
    build_world,
    change_function_to_staff,
    client_of,
    comment_over_http,
    crawl,
    hand_seat_to_successor,
    leak_report,
    leave_network,
    markers_in,
    markers_of_text,
    named_patterns,
    text_of,
    visits,
    withdraw_verification,
)

# Who may see what (README, "Roles" and "Permission matrix"), written by hand.

# The leaders' network's inside, for its verified members, its coordinator and administrators.
LEADERS_INSIDE = {
    "leaders published practice",
    "leaders published practice city",
    "leaders practice attachment",
    "leaders meeting",
    "leaders meeting host city",
    "leaders report",
    "leaders photo",
    "leaders document",
    "leaders coming meeting",
    "leaders draft result",
    "leaders draft result comment",
    "leaders draft result reply",
    "leaders result document",
    "leaders observers result",
    "leaders observers result comment",
    "leaders observers result reply",
    "leaders public result",
    "leaders public result comment",
    "leaders public result reply",
    "leaders thread",
    "leaders thread reply",
    "leaders thread document",
    "leaders thread photo",
    "leaders card",
    "leaders edition",
    "leaders next edition",
}
# The quarterly plan's drafts: the network's coordinator's, until published.
LEADERS_PLAN = {"leaders planned meeting"}
# What the leaders' coordinator reviews: the submitted leaders-only practice (not its draft).
LEADERS_REVIEW = {"leaders submitted practice", "leaders submitted practice city"}
# What the leaders' meeting's participants said in its survey: for its coordinator (and
# administrators) only, as a whole, never for its members.
LEADERS_SURVEY = {"leaders survey"}
# The author's draft: only its author (never crawled) and administrators.
LEADERS_DRAFT = {"leaders draft practice", "leaders draft practice city"}
# The thematic network T's inside: its practice restricted to it and its results before they
# are public (the one opened to observers also for T's observers).
T_INSIDE = {
    "T practice", "T practice city", "T draft result", "T observers result", "T thread",
    "T observers thread",
}  # fmt: skip
T_OBSERVERS = {"T observers result", "T observers thread"}
# A conversation is its two sides' alone: the verified leader was asked (by the author
# leader, who is not crawled); nobody else, administrators neither.
CONVERSATIONS = {"leaders message"}
NOTHING = set()

TABLE = {
    ADMIN: LEADERS_INSIDE
    | LEADERS_REVIEW
    | LEADERS_SURVEY
    | LEADERS_DRAFT
    | LEADERS_PLAN
    | T_INSIDE,
    COORDINATOR: LEADERS_INSIDE | LEADERS_REVIEW | LEADERS_SURVEY | LEADERS_PLAN,
    LEADER: LEADERS_INSIDE | CONVERSATIONS,
    LEADER_A: LEADERS_INSIDE,
    LEADER_B: LEADERS_INSIDE,
    LEADER_C: LEADERS_INSIDE,
    LEADER_D: LEADERS_INSIDE,
    VISITOR: NOTHING,
    STAFF: T_INSIDE,
    OBSERVER: T_OBSERVERS,
    DEPUTY: NOTHING,  # an accepted member, but the function is only declared
    EXPERT2: NOTHING,
    COORDINATOR2: NOTHING,  # coordinates another network: reviews nothing of the leaders'
    A_WITHDRAWN: NOTHING,
    B_STAFF: NOTHING,
    C_LEFT: NOTHING,
    D_HANDED: NOTHING,
    SUCCESSOR: NOTHING,  # an accepted member whose function awaits verification
}
ORDER = WARM_FIRST + [person for person in PEOPLE if person not in WARM_FIRST]
COMMENT_EDIT_WINDOW = dt.timedelta(minutes=15)
REDIS_FALLBACK = "redis://127.0.0.1:6379/13"


def test_the_table_names_every_canary_and_person():
    assert TABLE[ADMIN] == set(CANARIES) - CONVERSATIONS, (
        "administrators see everything but people's conversations"
    )
    assert set(TABLE) == set(PEOPLE) | {A_WITHDRAWN, B_STAFF, C_LEFT, D_HANDED, SUCCESSOR}


def redis_url():
    """REDIS_URL, or the local Redis if one answers; None without any."""
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"]
    try:
        redis.Redis.from_url(REDIS_FALLBACK, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return None
    return REDIS_FALLBACK


@pytest.fixture
def real_cache(settings):
    """The real Redis cache for "default" and "pages" (if configured), under a prefix of this
    test's own, with the cached fragments on."""
    url = redis_url()
    if url is None:
        pytest.skip("needs a real Redis: set REDIS_URL or run one on 127.0.0.1:6379")
    prefix = f"canary-{uuid.uuid4().hex[:12]}"
    configured = {name: dict(config) for name, config in settings.CACHES.items()}
    for name in ["default", *(["pages"] if "pages" in configured else [])]:
        configured[name] = {
            "BACKEND": "empirie.redis_cache.ForgivingRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 5},
            "KEY_PREFIX": f"{prefix}-{name}",
        }
    settings.CACHES = configured
    settings.CACHED_FRAGMENTS = True
    yield url
    connection = redis.Redis.from_url(url)
    for key in connection.scan_iter(match=f"{prefix}-*", count=1000):
        connection.delete(key)


@pytest.fixture
def world(db, real_cache):
    return build_world(TABLE)


def test_the_crawl_visits_every_url():
    names = {name for name, _pattern in named_patterns()}
    portal = {name for name in names if not name.startswith("admin:")}
    assert not sorted(portal - set(REGISTRY)), (
        f"URLs the crawl does not visit (add them to canary_world.REGISTRY): "
        f"{sorted(portal - set(REGISTRY))}"
    )
    assert not sorted(set(REGISTRY) - portal), "the registry names URLs that no longer exist"
    uncovered = sorted(
        name
        for name, pattern in named_patterns()
        if name.startswith("admin:") and not admin_covers(name, pattern)
    )
    assert not uncovered, f"admin URLs the crawl cannot open (add to ADMIN_SPECIAL): {uncovered}"


# One crawl of every URL as every person is a long test: its visits (a URL with its query)
# are dealt out to parts, which the test processes share out. Each part asks its URLs as
# every person in the same order, privileged people first, on a cache of its own: a cached
# fragment's key names its page and query and the reader's access, so each page is served
# the copies the people before them left, as in one long crawl.
CRAWL_PARTS = 4
# Pages that, together, show each person every thing they may see: the first part asks them
# all, and checks that the table and the world stay honest (each allowed thing is shown).
SHOWCASE = {
    "practices:detail", "practices:review_queue", "practices:attachments",
    "meetings:detail", "meetings:report", "meetings:survey_results", "meetings:plan",
    "meetings:coming", "results:detail", "discussions:thread", "networks:inside",
    "partners:directory", "partners:conversation",
}  # fmt: skip


def crawl_parts(world) -> list[set]:
    """The visits, as (url name, path, query), each part asks: the showcase's in the first,
    each other URL name's dealt out in turn (a search's 257 queries cost as much as 200 other
    URLs' pages)."""
    planned = [visit[:3] for visit in visits(world)]
    assert {name for name, _path, _query in planned} >= SHOWCASE
    parts = [set() for _ in range(CRAWL_PARTS)]
    dealt = 0
    for visit in planned:
        if visit[0] in SHOWCASE:
            parts[0].add(visit)
        else:
            parts[dealt % CRAWL_PARTS].add(visit)
            dealt += 1
    assert set().union(*parts) == set(planned), "every visit is in a part"
    return parts


@pytest.mark.parametrize("part", range(CRAWL_PARTS))
def test_nothing_of_a_closed_network_reaches_anyone_who_may_not_see_it(world, part):
    only = crawl_parts(world)[part]
    leaks = crawl(world, ORDER, only=only)
    # Access ends through the portal itself, in the same sessions, with the cache as it is.
    withdraw_verification(world)
    leaks.extend_from(crawl(world, [A_WITHDRAWN], only=only))
    change_function_to_staff(world)
    leaks.extend_from(crawl(world, [B_STAFF], only=only))
    leave_network(world)
    leaks.extend_from(crawl(world, [C_LEFT], only=only))
    hand_seat_to_successor(world)
    leaks.extend_from(crawl(world, [D_HANDED, SUCCESSOR], only=only))

    crawled = [*ORDER, A_WITHDRAWN, B_STAFF, C_LEFT, D_HANDED, SUCCESSOR]
    unseen = [
        f"  {person}: {canary}"
        for person in (crawled if part == 0 else [])
        for canary in sorted(TABLE[person] - leaks.seen[person])
    ]
    summary = (
        f"part {part + 1} of {CRAWL_PARTS} ({len(only)} visits): "
        f"{leaks.requests} requests by {len(crawled)} people in {leaks.seconds:.1f} s"
    )
    print(summary)
    problems = []
    if leaks:
        problems.append(leak_report(leaks))
    if unseen:
        problems.append("allowed but shown on none of the showcase pages (the world, the table")
        problems.append("or SHOWCASE is wrong):")
        problems += unseen
    if leaks.errors:
        problems.append("server errors:")
        problems += [f"  {error}" for error in leaks.errors]
    assert not problems, "\n".join([summary, *problems])


SITEMAP_LOC = re.compile(r"<loc>([^<]+)</loc>")


def test_the_sitemap_lists_only_what_a_visitor_may_open(world):
    """The crawl reads the sitemap for markers, but a result's URL is only its number: so
    every URL the sitemap lists is opened as a visitor, and must be a page (200) that shows
    no canary; the open practice and result are listed, nothing closed is."""
    visitor = world.readers[VISITOR].client
    index = visitor.get(reverse("sitemap")).content.decode()
    listed = []
    for section in SITEMAP_LOC.findall(index):
        listed += SITEMAP_LOC.findall(visitor.get(urlsplit(section).path).content.decode())
    paths = sorted({urlsplit(url).path for url in listed})
    problems = []
    for path in paths:
        response = visitor.get(path)
        if response.status_code != 200:
            problems.append(f"{path}: {response.status_code}")
        problems += [
            f"{path}: {canary}" for canary in sorted(markers_in(text_of(response), path, ()))
        ]
    assert not problems, "the sitemap lists what a visitor may not see:\n" + "\n".join(problems)
    closed_results = {r.pk for key, r in world.results.items() if key != "open"}
    closed_practices = {p.slug for key, p in world.practices.items() if key != "open"}
    assert reverse("results:detail", args=[world.results["open"].pk]) in paths
    assert reverse("practices:detail", args=[world.practices["open"].slug]) in paths
    assert not {reverse("results:detail", args=[pk]) for pk in closed_results} & set(paths)
    assert not {reverse("practices:detail", args=[slug]) for slug in closed_practices} & set(paths)


def fragment_keys(url_name):
    """The cached fragments of a page: `<KEY_PREFIX>:<version>:fragment:<url name>:...` in
    the "pages" cache (or "default" without one)."""
    alias = "pages" if "pages" in django_settings.CACHES else "default"
    prefix = django_settings.CACHES[alias]["KEY_PREFIX"]
    client = caches[alias]._cache.get_client()
    return client, sorted(client.scan_iter(match=f"{prefix}:*:fragment:{url_name}:*", count=1000))


def test_cached_fragments_live_no_longer_than_their_content(world):
    """A meeting that starts in three minutes, and a comment whose author may edit it for 15
    minutes: the fragments that show them expire by then."""
    crawl(world, [LEADER], names={"meetings:coming", "networks:inside", "results:detail"})
    coming = world.meetings["leaders coming"]
    comment = world.comments["leader's comment"]
    checks = [
        ("meetings:coming", CANARIES["leaders coming meeting"], coming.starts_at, "starts"),
        ("networks:inside", CANARIES["leaders coming meeting"], coming.starts_at, "starts"),
        ("results:detail", "ellkomentarz", comment.created_at + COMMENT_EDIT_WINDOW,
         "leaves its edit window"),
    ]  # fmt: skip
    problems = []
    for url_name, shown, changes_at, what in checks:
        client, keys = fragment_keys(url_name)
        showing = [key for key in keys if shown.encode() in (client.get(key) or b"")]
        if not showing:
            problems.append(f"{url_name}: no cached fragment shows {shown!r} (keys: {keys})")
            continue
        limit = (changes_at - timezone.now()).total_seconds()
        for key in showing:
            ttl = client.ttl(key)
            if ttl < 0 or ttl > limit + 1:
                problems.append(
                    f"{url_name}: {key.decode()} lives {ttl} s, but what it shows {what} in "
                    f"{limit:.0f} s"
                )
    assert not problems, "\n".join(problems)


def send_everything(*, digests):
    for pk in (
        Notification.objects.filter(emailed_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    ):
        notification_email_deliver(pk)
    if digests:
        for pk in User.objects.order_by("pk").values_list("pk", flat=True):
            digest_send(pk)


def judged(messages, label_of):
    """(problems, {label: canaries shown}) for e-mails to crawled people."""
    problems, shown = [], {}
    for message in messages:
        label = label_of.get(message.to[0])
        if label is None:
            continue  # to an author, who is not crawled
        text = "\n".join(
            [message.subject, message.body, *(str(part) for part, _type in message.alternatives)]
        )
        canaries = markers_of_text(text)
        shown.setdefault(label, set()).update(canaries)
        for canary in sorted(canaries - TABLE[label]):
            problems.append(f"{label} | e-mail {message.subject!r} | {canary} ({CANARIES[canary]})")
    return problems, shown


def test_emails_and_digests_carry_only_what_the_recipient_may_see(world, mailoutbox):
    people = world.people
    label_of = {people[key].email: key for key in PEOPLE if key != VISITOR}
    # The world's immediate e-mails, sent while everyone still has their access; digests wait.
    send_everything(digests=False)
    problems, shown_before = judged(list(mailoutbox), label_of)
    sent = len(mailoutbox)

    withdraw_verification(world)
    change_function_to_staff(world)
    leave_network(world)
    hand_seat_to_successor(world)
    # More news of the leaders' network, to all its members and its coordinator, and a reply
    # to leader A's comment.
    leaders = world.networks["leaders"]
    for participation in Participation.objects.filter(
        network=leaders, role__in=[Role.MEMBER, Role.COORDINATOR]
    ):
        notify(
            recipient=participation.person, kind=NotificationKind.RESULT_STAGE,
            params={"variant": "published",
                    "title": f"{CANARIES['leaders draft result']}: nowa wersja",
                    "summary": f"{CANARIES['leaders meeting']} i {CANARIES['leaders report']}"},
            url=reverse("results:detail", args=[world.results["leaders draft result"].pk]),
            network=leaders,
        )  # fmt: skip
    a_comment = world.comments["leader A's comment"]
    reply = comment_over_http(
        client_of(people["second leader"]), a_comment.result, "Jeszcze jedno", reply_to=a_comment
    )
    assert reply.parent_id == a_comment.pk
    send_everything(digests=True)
    after = {**label_of, people[LEADER_A].email: A_WITHDRAWN, people[LEADER_B].email: B_STAFF,
             people[LEADER_C].email: C_LEFT, people[LEADER_D].email: D_HANDED,
             people[SUCCESSOR].email: SUCCESSOR}  # fmt: skip
    more, shown_after = judged(list(mailoutbox)[sent:], after)
    problems += more

    # The channels work: those who may read the news get it, at once and in a digest.
    for label, shown in [(LEADER, shown_before), (LEADER, shown_after), (COORDINATOR, shown_after)]:
        if not shown.get(label, set()) & TABLE[label]:
            problems.append(f"{label} got no e-mail with the news they may read")
    # Their data, as they download it, names nothing of the network any longer.
    for label in (A_WITHDRAWN, B_STAFF, C_LEFT, D_HANDED, SUCCESSOR):
        path, query = reverse("accounts:personal_data"), (("format", "json"),)
        response = world.readers[label].client.get(path, dict(query))
        assert response.status_code == 200
        for canary in sorted(markers_in(text_of(response), path, query)):
            problems.append(f"{label} | personal data (JSON) | {canary} ({CANARIES[canary]})")
    assert not problems, "\n".join(problems)


# Leaks put in on purpose: the crawl must report each, on the pages that show it (a crawl of
# every URL would find it there too).


def test_the_crawl_reports_practices_shown_to_everyone(world, monkeypatch):
    monkeypatch.setattr(PracticeQuerySet, "visible_to", lambda self, user: self.all())
    leaks = crawl(world, [VISITOR], names={"practices:list", "practices:detail"})
    assert any(
        leak.canary in {"leaders draft practice", "leaders published practice"} for leak in leaks
    ), leak_report(leaks)


def test_the_crawl_reports_fragments_shared_across_access(world, monkeypatch):
    monkeypatch.setattr("empirie.fragments.fingerprint_of", lambda request: "everyone")
    leaks = crawl(world, [LEADER, STAFF, VISITOR], names=ENGLISH_TOO)  # the cached pages
    assert any(leak.canary in TABLE[LEADER] for leak in leaks), leak_report(leaks)


def test_the_crawl_reports_a_review_queue_open_to_every_coordinator(world, monkeypatch):
    reviewable_q = practice_rules.reviewable_q

    def every_coordinator(user):
        coordinates = Participation.objects.filter(
            person_id=getattr(user, "pk", user), role=Role.COORDINATOR,
            status=ParticipationStatus.ACCEPTED,
        ).exists()  # fmt: skip
        widened = Q(status=PracticeStatus.SUBMITTED) if coordinates else Q(pk__in=[])
        return reviewable_q(user) | widened

    monkeypatch.setattr(practice_rules, "reviewable_q", every_coordinator)
    leaks = crawl(world, [COORDINATOR2], names={"practices:review_queue", "practices:detail"})
    assert any(
        leak.person == COORDINATOR2 and leak.canary == "leaders submitted practice"
        for leak in leaks
    ), leak_report(leaks)
