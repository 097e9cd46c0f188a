"""The mixed workload: the portal as its people use it, not one URL repeated.

150 people of the data set, each with a session of their own (120 members of thematic
networks who are not ZMP staff, 20 of them in the network of the 500-post thread, whose last
page each of them reads; 20 observers, 10 verified leaders) and anonymous visitors
ask for about 2,000 distinct pages, drawn at random by wrk (bench/mixed.lua), in three
phases: an empty cache (both Redis servers flushed), warm (the same mix again), and warm with
a writer thread saving a participation, a profile and a practice every second through the ORM
(signals fire, cached copies go stale). Then each page kind's first visit: an empty cache,
2 connections, every URL once, and its SQL queries counted in process.

The caches are two Redis servers of the benchmark's own, started here: one for the versions,
sessions and broker ("default"), one for the cached copies ("pages"), whose own hit counters
give the page cache's hit rate. Nothing outside the benchmark is flushed.
"""

import dataclasses
import http.client
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import redis

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = {"member": 120, "observer": 20, "leader": 10, "coordinator": 5}
DISTINCT = 2000
# Each kind's share of the distinct requests (the person's own pages share 40 % together).
SHARES = {
    "practice card": 0.20, "practice search": 0.10, "city page": 0.10, "network page": 0.05,
    "public result": 0.05, "home and lists": 0.10, "own pages": 0.40,
    # The API's practice search (issue 20), on top of the pages: a page of 50, new words and
    # filters, half by visitors, half by programs with a personal token.
    "API practice search": 0.05,
}  # fmt: skip
FIRST_VISITS_PER_KIND = 40
# The bare view's requests a second on the quiet machine where the first-visit targets (median
# < 30 ms, p95 < 60 ms) were last met in milliseconds (2026-12-06, 3,383): a run's first
# visits are also shown scaled to it, so that a slower machine's run can be read against the
# targets (2 cores shared: machines here differ by half).
REFERENCE_BARE_RPS = 3400
LONG_THREAD_READERS = 20  # of the members: national_data's 500-post thread, its last page
LONG_THREAD_KIND = "own: 500-post thread"
API_TOKEN_HOLDERS = 10  # of the members: each asks the API with a token of their own
API_TOKEN_NAME = "bench"


@dataclasses.dataclass(frozen=True)
class TokenHolder:
    """A person's program asking the API with their personal token, not their session."""

    pk: int  # the person's
    token: str


def request_headers(person, cookies) -> dict:
    """The headers a request carries: none for a visitor, a token or a session cookie."""
    if person is None:
        return {}
    if isinstance(person, TokenHolder):
        return {"Authorization": f"Bearer {person.token}"}
    return {"Cookie": cookies[person.pk]}


def token_holders(person_ids):
    """A fresh personal token for each (the last run's are deleted first)."""
    from api.models import ApiToken
    from api.services import api_token_create

    ApiToken.objects.filter(name=API_TOKEN_NAME).delete()
    return [
        TokenHolder(pk, api_token_create(person_id=pk, name=API_TOKEN_NAME).secret)
        for pk in person_ids
    ]


def start_redis(port):
    """A Redis of the benchmark's own: flushed at will, its statistics the benchmark's alone."""
    server = subprocess.Popen(
        [shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind",
         "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.Redis(port=port)
    for _ in range(50):
        try:
            client.ping()
            return server
        except redis.ConnectionError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("redis-server did not start")


def long_thread():
    from discussions.models import Thread
    from networks.management.commands.national_data import LONG_THREAD

    return Thread.objects.get(title=LONG_THREAD)


def choose_people(rng):
    from django.db.models import Count

    from accounts.choices import LEADER_FUNCTIONS, FunctionStatus
    from networks.choices import NetworkKind, ParticipationStatus, Role
    from networks.models import Participation

    accepted = Participation.objects.filter(
        status=ParticipationStatus.ACCEPTED, person__email__startswith="bench-",
        person__is_staff=False,
    )  # fmt: skip
    members = accepted.filter(role=Role.MEMBER, network__kind=NetworkKind.THEMATIC)
    observers = accepted.filter(role=Role.OBSERVER)
    leaders = accepted.filter(
        network__kind=NetworkKind.LEADERS,
        person__profile__function__in=LEADER_FUNCTIONS,
        person__profile__function_status=FunctionStatus.VERIFIED,
    )
    chosen, taken = {}, set()
    # Those who run the most networks first (the demo's coordinator runs three); they have a
    # second factor, as the portal requires of them.
    coordinators = (
        Participation.objects.filter(status=ParticipationStatus.ACCEPTED, role=Role.COORDINATOR)
        .values("person_id")
        .annotate(networks=Count("pk"))
        .order_by("-networks", "person_id")
        .values_list("person_id", flat=True)
    )
    chosen["coordinator"] = list(coordinators[: PEOPLE["coordinator"]])
    taken.update(chosen["coordinator"])
    give_second_factor(chosen["coordinator"])
    readers = members.filter(network_id=long_thread().network_id)
    ids = sorted(set(readers.values_list("person_id", flat=True)) - taken)
    chosen["member"] = rng.sample(ids, min(LONG_THREAD_READERS, len(ids)))
    taken.update(chosen["member"])
    for role, rows in (("leader", leaders), ("observer", observers), ("member", members)):
        ids = sorted(set(rows.values_list("person_id", flat=True)) - taken)
        more = rng.sample(ids, min(PEOPLE[role] - len(chosen.get(role, ())), len(ids)))
        chosen[role] = chosen.get(role, []) + more
        taken.update(more)
    return chosen


def give_second_factor(person_ids):
    """A TOTP authenticator for each (coordinators log in with one): what the portal checks."""
    from allauth.mfa.models import Authenticator

    for pk in person_ids:
        Authenticator.objects.get_or_create(
            user_id=pk, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "bench"}}
        )


def own_pages(person, role, rng):
    """The pages a person visits for their own networks: what the desk will gather."""
    from django.urls import reverse

    from discussions.models import Thread
    from meetings.models import Meeting
    from networks.choices import NetworkKind, ParticipationStatus, Role
    from networks.models import Participation

    participations = (
        Participation.objects.filter(person=person, status=ParticipationStatus.ACCEPTED)
        .select_related("network")
        .order_by("pk")
    )
    if role == "coordinator":
        networks = [p.network for p in participations if p.role == Role.COORDINATOR]
        pages = [
            ("own: desk (coordinator)", reverse("desk:home")),
            ("own: applications", reverse("networks:applications", args=[networks[0].slug])),
            ("own: network's inside", reverse("networks:inside", args=[networks[-1].slug])),
            ("own: coming meetings", reverse("meetings:coming")),
            ("own: notifications", reverse("accounts:notifications")),
            ("own: meeting plan", reverse("meetings:plan", args=[networks[-1].slug])),
        ]  # fmt: skip
        # Every member city by the quarters its network met: of each network they run (the
        # five coordinators share networks, so one network each left a single URL to time).
        pages += [("own: attendance of cities", reverse("meetings:city_attendance", args=[n.slug]))
                  for n in networks]  # fmt: skip
        return pages + statistics_pages(networks, rng)
    if role == "observer":
        first = reverse("results:observer_home")
        networks = [p.network for p in participations if p.role == Role.OBSERVER]
    else:
        networks = [p.network for p in participations if p.role != Role.OBSERVER]
        if role == "leader":
            networks = [n for n in networks if n.kind == NetworkKind.LEADERS] or networks
        first = reverse("networks:inside", args=[networks[0].slug])
    pages = [("own: network's inside" if role != "observer" else "own: observer's home", first)]
    pages.append(("own: desk", reverse("desk:home")))
    pages.append(("own: coming meetings", reverse("meetings:coming")))
    pages.append(("own: meetings archive", reverse("meetings:archive")))
    pages.append(("own: meetings archive", reverse("meetings:archive") + "?page=2"))
    meetings = list(
        Meeting.objects.visible_to(person)
        .filter(network__in=networks)
        .order_by("pk")
        .values_list("pk", flat=True)[:50]
    )
    if meetings:
        pages.append(("own: a meeting", reverse("meetings:detail", args=[rng.choice(meetings)])))
    pages.append(("own: notifications", reverse("accounts:notifications")))
    # The network's discussions: its list, and a thread the person reads (its first page).
    pages.append(("own: discussions", reverse("discussions:list", args=[networks[0].slug])))
    threads = list(
        Thread.objects.visible_to(person)
        .filter(network=networks[0])
        .order_by("-last_post_at")
        .values_list("pk", flat=True)[:50]
    )
    if threads:
        thread = reverse("discussions:thread", args=[networks[0].slug, rng.choice(threads)])
        pages.append(("own: a thread", f"{thread}?strona=1"))
    long_one = long_thread()
    if Thread.objects.visible_to(person).filter(pk=long_one.pk).exists():
        pages.append((LONG_THREAD_KIND, f"{long_one.get_absolute_url()}?strona=10"))
    return pages + partner_pages(person, role, networks, rng)


def partner_pages(person, role, networks, rng):
    """The directory of the network's people (all, and by an area of expertise) and the
    person's messages: their conversations and one of them (issue 22)."""
    from django.urls import reverse

    from networks.management.commands.national_data import EXPERTISE
    from partners.models import Conversation

    pages = []
    if role != "observer":
        directory = reverse("partners:directory", args=[networks[0].slug])
        pages.append(("own: partners directory", directory))
        area = rng.choice(EXPERTISE)
        pages.append(("own: partners directory", f"{directory}?{urlencode({'expertise': area})}"))
    pages.append(("own: messages", reverse("partners:conversations")))
    conversations = list(
        Conversation.objects.visible_to(person).order_by("pk").values_list("pk", flat=True)[:20]
    )
    if conversations:
        pages.append(
            (
                "own: a conversation",
                reverse("partners:conversation", args=[rng.choice(conversations)]),
            )
        )
    return pages


def statistics_pages(networks, rng):
    """A coordinator's figures of their networks: all of them, one network, a year of one;
    each on every section of the page (one a URL: figures.views)."""
    from figures.views import section_urls

    network = rng.choice(networks)
    year = rng.choice([2022, 2023, 2024])
    queries = [{}, {"network": network.pk}, {"network": network.pk, "year": year}]
    return [
        ("own: statistics (coordinator)", f"{path}?{urlencode(q)}" if q else path)
        for _section, path in section_urls("staff")
        for q in queries
    ]


def public_statistics(networks, rng):
    """EMPIRIE in numbers: unfiltered, and a few filters (a network, a year, a quarter of a
    year, a voivodeship), as visitors and people reach them from the footer; each on every
    section of the page (one a URL: figures.views)."""
    from cities.choices import Voivodeship
    from figures.views import section_urls

    queries = [{}, {"year": 2023}, {"year": 2023, "quarter": 2}]
    queries += [{"network": pk} for pk in rng.sample(networks, min(3, len(networks)))]
    queries += [{"voivodeship": v} for v in rng.sample(Voivodeship.values, 3)]
    return [
        ("statistics", f"{path}?{urlencode(q)}" if q else path)
        for _section, path in section_urls("public")
        for q in queries
    ]


def one_section_each(entries, kind, rng):
    """The kind's statistics URLs (every section with every filters' variation) thinned to
    one section a variation (a person's own, for the coordinators), the sections in turn:
    as many URLs as when one page drew every section, so the kind's share of the mix stays,
    and every section among them."""
    ours = {}
    for entry in entries:
        if entry[0] == kind:
            person = getattr(entry[2], "pk", None) if len(entry) > 2 else None
            ours.setdefault((entry[1].partition("?")[2], person), []).append(entry)
    variations = list(ours)
    rng.shuffle(variations)
    kept = [ours[key][turn % len(ours[key])] for turn, key in enumerate(variations)]
    return [entry for entry in entries if entry[0] != kind] + kept


def plan(rng):
    """[(kind, path, person or None)]: about DISTINCT distinct requests in SHARES."""
    from django.contrib.auth.models import AnonymousUser
    from django.urls import reverse

    from accounts.models import User
    from cities.choices import UnitType, Voivodeship
    from cities.models import City
    from networks.models import Network
    from practices.choices import PopulationBand
    from practices.models import Category, Practice
    from results.models import Result

    chosen = choose_people(rng)
    people = {
        u.pk: u for u in User.objects.filter(pk__in=[p for ids in chosen.values() for p in ids])
    }
    everyone = list(people.values())
    anonymous = AnonymousUser()
    wanted = {kind: round(share * DISTINCT) for kind, share in SHARES.items()}

    def who():
        return None if rng.random() < 0.5 else rng.choice(everyone)

    plan = []
    practices = list(Practice.objects.visible_to(anonymous).values_list("slug", flat=True))
    for slug in rng.sample(practices, min(wanted["practice card"], len(practices))):
        plan.append(("practice card", reverse("practices:detail", args=[slug]), who()))
    titles = list(Practice.objects.visible_to(anonymous).values_list("title", flat=True)[:3000])
    words = sorted({w.lower() for t in titles for w in t.split() if len(w) > 3})
    categories = list(Category.objects.values_list("pk", flat=True))
    for _ in range(wanted["practice search"]):
        query = {"q": " ".join(rng.sample(words, rng.choice([1, 1, 2])))}
        filters = {
            "voivodeship": lambda: rng.choice(Voivodeship.values),
            "population": lambda: rng.choice(PopulationBand.values),
            "unit_type": lambda: rng.choice(UnitType.values),
            "category": lambda: rng.choice(categories),
            "year": lambda: rng.randint(2016, 2026),
        }
        for name in rng.sample(sorted(filters), rng.randint(0, 2)):
            query[name] = filters[name]()
        plan.append(("practice search", reverse("practices:list") + "?" + urlencode(query), who()))
    cities = list(City.objects.values_list("slug", flat=True))
    for slug in rng.sample(cities, min(wanted["city page"], len(cities))):
        plan.append(("city page", reverse("cities:detail", args=[slug]), who()))
    networks = list(Network.objects.values_list("slug", flat=True))
    for _ in range(wanted["network page"]):
        plan.append(
            ("network page", reverse("networks:detail", args=[rng.choice(networks)]), who())
        )
    holders = token_holders(sorted(chosen["member"])[:API_TOKEN_HOLDERS])
    for _ in range(wanted["API practice search"]):
        query = {"q": " ".join(rng.sample(words, rng.choice([1, 1, 2])))}
        if rng.random() < 0.3:
            query["voivodeship"] = rng.choice(Voivodeship.values)
        caller = None if rng.random() < 0.5 else rng.choice(holders)
        path = reverse("api:practice-list") + "?" + urlencode(query)
        plan.append(("API practice search", path, caller))
    results = list(Result.objects.visible_to(anonymous).values_list("pk", flat=True))
    for pk in rng.sample(results, min(wanted["public result"], len(results))):
        plan.append(("public result", reverse("results:detail", args=[pk]), who()))
    lists = [("home", reverse("home")), ("map of practices", reverse("practices:map"))]
    lists += [("practice list", reverse("practices:list") + f"?page={n}") for n in range(1, 21)]
    lists += [("results list", reverse("results:list") + f"?page={n}") for n in range(1, 11)]
    lists += one_section_each(
        public_statistics(list(Network.objects.values_list("pk", flat=True)), rng),
        "statistics", rng,
    )  # fmt: skip
    for _ in range(wanted["home and lists"]):
        kind, path = rng.choice(lists)
        person = who()
        if kind == "home" and person is not None:
            kind, path = "own: desk", reverse("desk:home")  # a logged-in person's home
        plan.append((kind, path, person))
    own = [
        (kind, path, people[pk])
        for role, ids in chosen.items()
        for pk in ids
        for kind, path in own_pages(people[pk], role, rng)
    ]
    # The long thread's readers all read it: a kind of its own needs its sample.
    long_reads = [entry for entry in own if entry[0] == LONG_THREAD_KIND]
    own = [entry for entry in own if entry[0] != LONG_THREAD_KIND]
    own = one_section_each(own, "own: statistics (coordinator)", rng)
    plan += long_reads + rng.sample(own, min(wanted["own pages"] - len(long_reads), len(own)))
    return chosen, plan


def session_cookies(people):
    from django.conf import settings
    from django.test import Client

    cookies = {}
    for person in people:
        if isinstance(person, TokenHolder):
            continue  # asks with its token
        client = Client()
        client.force_login(person)
        cookies[person.pk] = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
    return cookies


def page_cache_counters(client):
    stats = client.info("stats")
    return stats["keyspace_hits"], stats["keyspace_misses"]


def flush(*clients):
    for client in clients:
        client.flushall()


class Writer(threading.Thread):
    """A participation, a profile and a practice saved every second, through the ORM."""

    def __init__(self, seed):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.rng = random.Random(seed)
        self.writes = 0
        self.failures = 0

    def run(self):
        from django.db import connection
        from django.utils import timezone

        from accounts.choices import EmailMode
        from accounts.models import Profile
        from networks.models import Participation
        from practices.choices import PracticeStatus
        from practices.models import Practice

        def some(rows):  # the same rows in every run
            return list(rows.order_by("pk").values_list("pk", flat=True)[:5000])

        participations = some(Participation.objects.filter(person__email__startswith="bench-"))
        profiles = some(Profile.objects.filter(user__email__startswith="bench-"))
        practices = some(
            Practice.objects.filter(status=PracticeStatus.PUBLISHED, slug__startswith="bench-")
        )
        try:
            while not self.stop.is_set():
                started = time.monotonic()
                try:
                    participation = Participation.objects.get(pk=self.rng.choice(participations))
                    participation.decided_at = timezone.now()
                    participation.save()
                    profile = Profile.objects.get(pk=self.rng.choice(profiles))
                    profile.email_mode = self.rng.choice(EmailMode.values)
                    profile.save()
                    # An edit every list and card shows: the summary.
                    practice = Practice.objects.get(pk=self.rng.choice(practices))
                    practice.summary = f"{practice.summary.rstrip('.')} ({self.writes})."[-2000:]
                    practice.updated_at = timezone.now()
                    practice.save()
                    self.writes += 3
                except Exception:  # noqa: BLE001  # a failed write is counted, the run goes on
                    self.failures += 1
                self.stop.wait(max(0.0, 1 - (time.monotonic() - started)))
        finally:
            connection.close()


def first_visits(port, entries, cookies, clients):
    """Each URL once with an empty cache, 2 connections: (median, p95) in ms, non-2xx count."""
    flush(*clients)
    local = threading.local()

    def fetch(entry):
        _kind, path, person = entry
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = request_headers(person, cookies)
        started = time.perf_counter()
        local.connection.request("GET", path, headers=headers)
        response = local.connection.getresponse()
        response.read()
        return (time.perf_counter() - started) * 1000, response.status

    with ThreadPoolExecutor(2) as pool:
        timings = list(pool.map(fetch, entries))
    times = sorted(t for t, _status in timings)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, sum(1 for _t, status in timings if status >= 300)


def first_visit_queries(entry, cookies, clients):
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    _kind, path, person = entry
    flush(*clients)
    client = Client()
    if isinstance(person, TokenHolder):
        client = Client(HTTP_AUTHORIZATION=f"Bearer {person.token}")
    elif person:
        client.cookies[settings.SESSION_COOKIE_NAME] = cookies[person.pk].split("=", 1)[1]
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len(queries.captured_queries)


def measure(port, seconds, redis_ports, wrk):
    """The three phases and the first visits; `wrk(url, connections, seconds, cookie, script,
    env)` runs wrk and returns its JSON line."""
    rng = random.Random(2026)
    chosen, entries = plan(rng)
    people = {
        person.pk: person
        for _k, _p, person in entries
        if person and not isinstance(person, TokenHolder)
    }
    cookies = session_cookies(people.values())
    clients = [redis.Redis(port=p) for p in redis_ports]
    pages_client = clients[1]
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as file:
        for _kind, path, person in entries:
            headers = request_headers(person, cookies)
            file.write(f"{path}\t{headers.get('Cookie', '')}\t{headers.get('Authorization', '')}\n")
    env = {"BENCH_REQUESTS": file.name}
    script = ROOT / "bench" / "mixed.lua"
    base = f"http://127.0.0.1:{port}"
    distinct = len({(path, person.pk if person else None) for _k, path, person in entries})
    print(f"  {distinct} distinct requests by {sum(map(len, chosen.values()))} people "
          f"({', '.join(f'{len(v)} {k}s' for k, v in chosen.items())}) and visitors", flush=True)  # fmt: skip
    wrk(f"{base}/bench/bare/", 16, 2, None, None, None)
    bare = wrk(f"{base}/bench/bare/", 16, seconds, None, None, None)
    phases = []
    writer = None
    try:
        for phase in ("empty cache", "warm", "warm, writer running"):
            if phase == "empty cache":
                flush(*clients)
            if phase.endswith("writer running"):
                writer = Writer(seed=7)
                writer.start()
            before = page_cache_counters(pages_client)
            result = wrk(base + "/", 16, seconds, None, script, env)
            hits, misses = (
                a - b for a, b in zip(page_cache_counters(pages_client), before, strict=True)
            )
            result.update(
                phase=phase,
                share_of_bare=round(100 * result["rps"] / bare["rps"], 1),
                hit_rate=round(100 * hits / max(1, hits + misses), 1),
            )
            if writer:
                result["writes"], result["write_failures"] = writer.writes, writer.failures
            phases.append(result)
            print(f"  {phase:<22} {result['rps']:>7.1f} rps  {result['share_of_bare']:>5.1f} % "
                  f"of bare  p95 {result['p95']:.0f} ms  hit rate {result['hit_rate']} %", flush=True)  # fmt: skip
    finally:
        if writer:
            writer.stop.set()
            writer.join()
    os.unlink(file.name)
    kinds = {}
    for entry in entries:
        kinds.setdefault(entry[0], []).append(entry)
    visits = []
    for kind in sorted(kinds):
        sample = random.Random(kind).sample(
            kinds[kind], min(FIRST_VISITS_PER_KIND, len(kinds[kind]))
        )
        median, p95, non2xx = first_visits(port, sample, cookies, clients)
        queries = first_visit_queries(sample[0], cookies, clients)
        visits.append({"kind": kind, "median": round(median, 1), "p95": round(p95, 1),
                       "urls": len(sample), "non2xx": non2xx, "queries": queries})  # fmt: skip
        print(f"  first visit: {kind:<24} median {median:5.1f} ms  p95 {p95:5.1f} ms  "
              f"{queries} queries", flush=True)  # fmt: skip
    # The machine's speed drifts: the bare view again after the first visits, and the mean
    # of both scales them.
    bare_after = wrk(f"{base}/bench/bare/", 16, seconds, None, None, None)
    speed = (bare["rps"] + bare_after["rps"]) / 2 / REFERENCE_BARE_RPS
    for visit in visits:
        visit["scaled_median"] = round(visit["median"] * speed, 1)
        visit["scaled_p95"] = round(visit["p95"] * speed, 1)
    return {"bare": bare, "bare_after": bare_after, "speed": round(speed, 3), "phases": phases,
            "first_visits": visits, "distinct": distinct}  # fmt: skip


def print_tables(scale, mixed):
    bare = mixed["bare"]
    print(f"\nMixed workload, scale {scale:.0%}: {mixed['distinct']} distinct requests, "
          f"gunicorn 2 sync workers, wrk 16 connections; bare view {bare['rps']:.0f} rps")  # fmt: skip
    print(
        f"{'phase':<24}{'rps':>8}{'% bare':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'non2xx':>8}{'hit %':>8}"
    )
    for r in mixed["phases"]:
        print(f"{r['phase']:<24}{r['rps']:>8.1f}{r['share_of_bare']:>8.1f}{r['p50']:>8.1f}"
              f"{r['p95']:>8.1f}{r['p99']:>8.1f}{r['non2xx']:>8}{r['hit_rate']:>8.1f}")  # fmt: skip
    print(f"\nFirst visit, empty cache, 2 connections (ms); scaled: times this machine's "
          f"speed, {mixed['speed']:.2f} of a bare view at {REFERENCE_BARE_RPS} rps (bare view "
          f"{bare['rps']:.0f} rps before the first visits, {mixed['bare_after']['rps']:.0f} after)")  # fmt: skip
    print(f"{'page kind':<26}{'median':>8}{'p95':>8}{'scaled':>8}{'p95':>8}{'SQL':>6}{'URLs':>6}"
          f"{'non2xx':>8}")  # fmt: skip
    for v in mixed["first_visits"]:
        print(f"{v['kind']:<26}{v['median']:>8.1f}{v['p95']:>8.1f}{v['scaled_median']:>8.1f}"
              f"{v['scaled_p95']:>8.1f}{v['queries']:>6}{v['urls']:>6}{v['non2xx']:>8}")  # fmt: skip
