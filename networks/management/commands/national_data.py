"""python manage.py national_data [--scale 1.0]: the portal at national scale, for benchmarks.

Every Polish municipality (2,480 generated cities across the 16 voivodeships), 25,000 people,
the 8 networks plus 40 more, 2,000 meetings with 40,000 registrations and 10,000 photos'
records, 10,000 practices with 2,000 transfers, 5,000 results with 200,000 comments, 40,000
discussion threads with 400,000 posts, 500,000 notifications, 10,000 partner cards and
20,000 conversations of 80,000 messages; --scale takes a fraction of each. Written with PostgreSQL's COPY, so the
whole set takes a few minutes. It goes on top of the demo data (whose accounts the benchmark
logs in as) and refuses a database that already holds it. Never for production: the settings
must allow demo data.
"""

import datetime as dt
import json
import math
import os
import random
import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.choices import EmailMode, Function, FunctionStatus, NotificationKind
from accounts.models import person_sort_key
from cities.choices import ProgrammeStatus, UnitType, Voivodeship
from empirie import sanitise
from empirie.collation import sort_key
from networks.activity import recount_all
from networks.choices import NetworkKind, ParticipationStatus, Role
from practices.choices import PracticeStatus, TransferKind
from results.choices import ResultKind, Stage
from search.kinds import kinds, reindex

FULL = {
    "cities": 2480, "people": 25_000, "extra_networks": 40, "meetings": 2000,
    "registrations": 40_000, "photos": 10_000, "practices": 10_000, "transfers": 2000,
    "results": 5000, "comments": 200_000, "notifications": 500_000,
    "threads": 40_000, "posts": 400_000, "partner_cards": 10_000, "conversations": 20_000,
    "messages": 80_000,
}  # fmt: skip
LONG_THREAD = "Długi wątek: e-usługi w praktyce"  # 500 posts, in the demo's MIASTO CYFROWE
MARKER = "bench-"  # slugs and e-mails of generated rows start with it (and the --tag)
SYLLABLES = [
    "ka",
    "mi",
    "lo",
    "wa",
    "ne",
    "to",
    "ro",
    "sa",
    "pe",
    "du",
    "ze",
    "bi",
    "ja",
    "go",
    "cy",
    "rz",
    "sz",
    "ch",
    "ła",
    "ść",
    "ży",
    "no",
]
REAL_WORDS = [
    "budżet",
    "obywatelski",
    "rower",
    "miejski",
    "żłobek",
    "senior",
    "karta",
    "mieszkańca",
    "kultura",
    "promocja",
    "energia",
    "oświetlenie",
    "termomodernizacja",
    "e-usługi",
    "urząd",
    "dialog",
    "rada",
    "młodzieży",
    "partnerstwo",
    "rewitalizacja",
    "zieleń",
    "ogrody",
    "woda",
    "transport",
    "autobus",
    "szkoła",
    "biblioteka",
    "sport",
    "turystyka",
    "dziedzictwo",
    "rynek",
    "inwestor",
    "przedsiębiorczość",
    "cyfryzacja",
    "konsultacje",
    "wolontariat",
    "opieka",
    "zdrowie",
    "odpady",
    "smog",
]
FIRST_NAMES = [
    "Anna",
    "Maria",
    "Katarzyna",
    "Małgorzata",
    "Agnieszka",
    "Piotr",
    "Krzysztof",
    "Andrzej",
    "Tomasz",
    "Paweł",
    "Michał",
    "Łukasz",
    "Zofia",
    "Jan",
]
LAST_NAMES = [
    "Nowak",
    "Kowalski",
    "Wiśniewski",
    "Wójcik",
    "Kowalczyk",
    "Kamiński",
    "Lewandowski",
    "Zieliński",
    "Szymański",
    "Woźniak",
    "Dąbrowski",
    "Kozłowski",
]

# People's areas of expertise on their partner cards (lower case, as tag_names keeps them).
EXPERTISE = [
    "e-usługi", "budżet obywatelski", "rewitalizacja", "transport publiczny", "zieleń miejska",
    "gospodarka odpadami", "energetyka", "fundusze europejskie", "zamówienia publiczne",
    "konsultacje społeczne", "edukacja", "pomoc społeczna", "senioralna polityka",
    "mieszkalnictwo", "planowanie przestrzenne", "cyberbezpieczeństwo", "dane otwarte",
    "promocja miasta", "turystyka", "kultura", "sport", "zdrowie publiczne", "retencja wody",
    "smog", "rowery", "partycypacja", "młodzież", "przedsiębiorczość", "inwestycje",
    "finanse lokalne", "kadry", "zarządzanie projektami", "strategia rozwoju", "marketing",
    "współpraca międzynarodowa", "organizacje pozarządowe", "dostępność", "cyfryzacja",
    "gospodarka komunalna", "oświetlenie", "drogi", "parkowanie", "ciepłownictwo",
    "bezpieczeństwo", "zarządzanie kryzysowe", "klimat", "adaptacja do zmian klimatu",
    "gospodarka obiegu zamkniętego", "komunikacja społeczna", "lokalny rozwój",
]  # fmt: skip


class Command(BaseCommand):
    help = __doc__.split("\n")[0]

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="a fraction of the full set")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--tag", default="", help="a second set beside the first (the tests grow the data so)"
        )

    def handle(self, *args, scale, seed, tag, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Refused under these settings (production?).")
        if not 0 < scale <= 1:
            raise CommandError("--scale must be in (0, 1].")
        from cities.models import City

        self.tag, self.marker = tag, f"{MARKER}{tag}{'-' if tag else ''}"
        if City.objects.filter(slug__startswith=self.marker).exists():
            raise CommandError("This database already holds the national data set.")
        if not tag:
            call_command("demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.counts = {name: max(1, round(n * scale)) for name, n in FULL.items()}
        self.counts["extra_networks"] = FULL["extra_networks"]  # networks do not shrink
        start = time.monotonic()
        vocabulary = [
            "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 4)))
            for _ in range(4000)
        ]
        for word in REAL_WORDS:
            vocabulary.insert(self.rng.randint(20, 1500), word)
        self.vocabulary = vocabulary
        self.weights = [1 / (rank + 5) for rank in range(len(vocabulary))]
        with transaction.atomic():
            for step in [self.cities, self.networks, self.people, self.participations,
                         self.meetings, self.practices, self.results, self.discussions,
                         self.notifications, self.partners]:  # fmt: skip
                began = time.monotonic()
                step()
                self.stdout.write(f"  {step.__name__:<15} {time.monotonic() - began:6.1f} s")
            self.reset_sequences()
            # COPY sends no signal: when each person last took part, from all the rows at once.
            began = time.monotonic()
            recount_all()
            self.stdout.write(f"  {'last_active_at':<15} {time.monotonic() - began:6.1f} s")
        with connection.cursor() as cursor:
            # As autovacuum would leave a live database: statistics, and the visibility map
            # that lets counts read an index alone.
            # (Inside a test's transaction VACUUM may not run; the statistics are enough there.)
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"National data set loaded in {time.monotonic() - start:.0f} s.")
        )

    # helpers

    def text(self, words):
        return " ".join(self.rng.choices(self.vocabulary, self.weights, k=words))

    def next_id(self, table):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608  # a model's table name, not input  # nosec B608
            return cursor.fetchone()[0]

    def reindex(self, kind_name, first_id):
        """Index the rows just copied, as the services would have one by one."""
        kind = next(kind for kind in kinds() if kind.name == kind_name)
        started = time.monotonic()
        done = reindex(kind, first_id)
        self.stdout.write(f"  search: {done} {kind_name} in {time.monotonic() - started:.0f} s")

    def copy(self, table, columns, rows):
        """Stream rows into a table with COPY: far faster than INSERTs for this many."""
        with connection.cursor() as cursor:
            statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)

    def reset_sequences(self):
        from django.apps import apps
        from django.core.management.color import no_style

        models = [m for m in apps.get_models() if m._meta.app_label in
                  {"accounts", "cities", "networks", "meetings", "practices", "results",
                   "discussions", "partners"}]  # fmt: skip
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)

    # the steps

    def cities(self):
        rng, first, tag = self.rng, self.next_id("cities_city"), self.tag
        voivodeships, units = list(Voivodeship.values), list(UnitType.values)
        statuses = [ProgrammeStatus.NONE] * 90 + [ProgrammeStatus.OBSERVER] * 6 + [
            ProgrammeStatus.FINALIST] * 2 + [ProgrammeStatus.LAUREATE] * 2  # fmt: skip
        rows = []
        for n in range(self.counts["cities"]):
            name = f"Gmina {tag}{n + 1}"
            rows.append((
                first + n, name, sort_key(name), f"{self.marker}gmina-{n + 1}", rng.choice(units),
                f"powiat {n // 8 + 1}", rng.choice(voivodeships), f"{rng.randint(0, 99):02d}-{rng.randint(0, 999):03d}",
                int(rng.lognormvariate(9.3, 1.0)) + 1500, "", round(rng.uniform(49.3, 54.4), 5),
                round(rng.uniform(14.6, 23.8), 5), rng.random() < 0.14, rng.choice(statuses),
            ))  # fmt: skip
        self.copy("cities_city", ["id", "name", "sort_key", "slug", "unit_type", "county", "voivodeship",
                                  "postal_code", "population", "website", "latitude", "longitude",
                                  "is_zmp_member", "programme_status"], rows)  # fmt: skip
        from cities.models import City

        self.city_ids = list(City.objects.values_list("id", flat=True))
        self.observer_city_ids = set(
            City.objects.filter(programme_status=ProgrammeStatus.OBSERVER).values_list(
                "id", flat=True
            )
        )

    def networks(self):
        from networks.models import Network

        first, number = self.next_id("networks_network"), Network.objects.count() + 1
        rows = [(first + n, number + n, f"{self.marker}siec-{number + n}", NetworkKind.THEMATIC,
                 f"SIEĆ {number + n}", self.text(4).capitalize(), "", self.text(60))
                for n in range(self.counts["extra_networks"])]  # fmt: skip
        self.copy(
            "networks_network",
            ["id", "number", "slug", "kind", "name", "theme", "theme_en", "description"],
            rows,
        )
        self.network_ids = list(
            Network.objects.filter(kind=NetworkKind.THEMATIC).values_list("id", flat=True)
        )
        self.leaders_id = Network.objects.get(kind=NetworkKind.LEADERS).pk

    def people(self):
        rng, first = self.rng, self.next_id("accounts_user")
        password = make_password("empirie-demo-2026")
        modes = [EmailMode.IMMEDIATE] * 6 + [EmailMode.DIGEST] * 3 + [EmailMode.NONE]
        users, profiles = [], []
        self.person_city = {}
        self.leaders = []
        first_profile = self.next_id("accounts_profile")
        for n in range(self.counts["people"]):
            pk, city = first + n, rng.choice(self.city_ids)
            first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            users.append((pk, password, False, first_name, last_name,
                          person_sort_key(first_name, last_name), False, True, self.now,
                          f"{self.marker}osoba{n}@empirie.test"))  # fmt: skip
            leader = rng.random() < 0.03
            function = (
                rng.choice([Function.MAYOR, Function.PRESIDENT, Function.DEPUTY_MAYOR])
                if leader
                else Function.STAFF
            )
            profiles.append((first_profile + n, pk, city, function,
                             FunctionStatus.VERIFIED if leader else FunctionStatus.DECLARED,
                             self.now if leader else None, "", rng.choice(modes),
                             self.now))  # fmt: skip
            self.person_city[pk] = city
            if leader:
                self.leaders.append(pk)
        self.copy("accounts_user", ["id", "password", "is_superuser", "first_name", "last_name",
                                    "sort_key", "is_staff", "is_active", "date_joined", "email"], users)  # fmt: skip
        self.copy("accounts_profile", ["id", "user_id", "city_id", "function", "function_status",
                                       "function_verified_at", "function_decision_reason",
                                       "email_mode", "function_declared_at"], profiles)  # fmt: skip
        self.people_ids = [u[0] for u in users]

    def participations(self):
        rng, first = self.rng, self.next_id("networks_participation")
        rows, taken = [], set()
        self.members = {network: [] for network in [*self.network_ids, self.leaders_id]}
        self.observers = {network: [] for network in self.network_ids}

        # Members since before the first meeting (ten years back): no quarter is before they
        # joined (the attendance of cities counts only quarters a city was a member in).
        joined = self.now - dt.timedelta(days=3700)

        def join(person, network, role, city):
            if (person, network) in taken:
                return
            taken.add((person, network))
            rows.append((first + len(rows), person, network, city, role, ParticipationStatus.ACCEPTED,
                         "", joined, joined, ""))  # fmt: skip
            (self.observers if role == Role.OBSERVER else self.members)[network].append(person)

        staff = self.people_ids[: len(self.network_ids) * 3]
        for index, network in enumerate(self.network_ids):
            join(staff[3 * index], network, Role.COORDINATOR, None)
            join(staff[3 * index + 1], network, Role.EXPERT, None)
            join(staff[3 * index + 2], network, Role.EXPERT, None)
        for person in self.people_ids[len(staff) :]:
            city = self.person_city[person]
            role = Role.OBSERVER if city in self.observer_city_ids else Role.MEMBER
            for network in rng.sample(self.network_ids, rng.randint(1, 2)):
                join(person, network, role, city)
        for person in self.leaders:
            join(person, self.leaders_id, Role.MEMBER, self.person_city[person])
        self.copy("networks_participation", ["id", "person_id", "network_id", "city_id", "role",
                                             "status", "motivation", "applied_at", "decided_at",
                                             "decision_reason"], rows)  # fmt: skip

    def meetings(self):
        rng, first = self.rng, self.next_id("meetings_meeting")
        networks = [*self.network_ids, self.leaders_id]
        meetings, self.past_meetings = [], []
        for n in range(self.counts["meetings"]):
            network = networks[n % len(networks)]
            starts = self.now + dt.timedelta(days=rng.randint(-3600, 400), hours=rng.randint(0, 8))
            meetings.append((first + n, network, self.text(5).capitalize(), "", starts,
                             starts + dt.timedelta(hours=5), "hybrid", rng.choice(self.city_ids),
                             "Rynek 1", "https://spotkania.example.org/x", None, None, None,
                             min(self.now, starts - dt.timedelta(days=30))))  # fmt: skip
            if starts < self.now:
                self.past_meetings.append(first + n)
        self.copy("meetings_meeting", ["id", "network_id", "topic", "description", "starts_at",
                                       "ends_at", "format", "host_city_id", "venue_address",
                                       "online_url", "capacity", "registration_deadline",
                                       "cancelled_at", "created_at"], meetings)  # fmt: skip
        self.reindex("meetings", first)
        registrations, seen = [], set()
        per_meeting = math.ceil(self.counts["registrations"] / len(meetings))
        past = set(self.past_meetings)
        first_registration = self.next_id("meetings_registration")
        for meeting in meetings:
            members = self.members[meeting[1]]
            for person in rng.sample(members, min(per_meeting, len(members))):
                if (
                    len(registrations) >= self.counts["registrations"]
                    or (meeting[0], person) in seen
                ):
                    continue
                seen.add((meeting[0], person))
                # A held meeting's attendance is recorded: most came, some did not.
                attended = rng.random() < 0.8 if meeting[0] in past else None
                registrations.append((first_registration + len(registrations), meeting[0], person,
                                      rng.choice(["in_person", "online"]), self.now, attended))  # fmt: skip
        self.copy("meetings_registration", ["id", "meeting_id", "person_id", "mode",
                                            "registered_at", "attended"], registrations)  # fmt: skip
        first_photo = self.next_id("meetings_meetingphoto")
        photos = [(first_photo + n, meeting, f"meetings/{meeting}/photos/photo-{n}.jpg",
                   f"meetings/{meeting}/photos/thumbnail-{n}.jpg", self.text(6), 1600, 1200, self.now)
                  for n, meeting in enumerate(rng.choices(self.past_meetings, k=self.counts["photos"]))]  # fmt: skip
        self.copy("meetings_meetingphoto", ["id", "meeting_id", "image", "thumbnail", "caption",
                                            "width", "height", "uploaded_at"], photos)  # fmt: skip

    def practices(self):
        from practices.models import Category

        rng, first = self.rng, self.next_id("practices_practice")
        categories = list(Category.objects.values_list("id", flat=True))
        rows = []
        for n in range(self.counts["practices"]):
            title, summary, presentation = self.text(5).capitalize(), self.text(40), self.text(200)
            published = self.now - dt.timedelta(days=rng.randint(0, 4000))
            rows.append((first + n, title, f"{self.marker}praktyka-{n}", rng.choice(categories),
                         rng.choice(self.city_ids), summary, f"<p>{presentation}</p>", "", "", "",
                         "", "", None, False, "", None, published, PracticeStatus.PUBLISHED,
                         self.now, self.now))  # fmt: skip
        self.copy("practices_practice", ["id", "title", "slug", "category_id", "city_id", "summary",
                                         "presentation", "implementing_unit", "street_address",
                                         "postal_code", "post_office", "website", "inhabitants",
                                         "restricted_to_networks", "review_comment", "submitted_at",
                                         "published_at", "status", "entered_at", "updated_at"],
                  rows)  # fmt: skip
        # The search vectors, as practices.services.search_index makes them.
        self.reindex("practices", first)
        links = [(pk, rng.choice(self.network_ids)) for pk in range(first, first + len(rows))]
        self.copy("practices_practice_networks", ["practice_id", "network_id"], links)
        transfers, seen = [], set()
        first_transfer = self.next_id("practices_transfer")
        while len(transfers) < self.counts["transfers"]:
            practice, city = rng.randrange(first, first + len(rows)), rng.choice(self.city_ids)
            if (practice, city) in seen:
                continue
            seen.add((practice, city))
            transfers.append((first_transfer + len(transfers), practice, city,
                              rng.choice(TransferKind.values), self.text(10), self.now))  # fmt: skip
        self.copy("practices_transfer", ["id", "practice_id", "city_id", "kind", "note",
                                         "recorded_at"], transfers)  # fmt: skip

    def results(self):
        rng, first = self.rng, self.next_id("results_result")
        stages = [Stage.DRAFT] * 2 + [Stage.OBSERVERS] * 3 + [Stage.PUBLIC] * 5
        rows, self.result_network = [], {}
        networks = [*self.network_ids, self.leaders_id]
        for n in range(self.counts["results"]):
            network = networks[n % len(networks)]
            stage = Stage.DRAFT if network == self.leaders_id else rng.choice(stages)
            when = self.now - dt.timedelta(days=rng.randint(0, 2000))
            rows.append((first + n, network, rng.choice(ResultKind.values), self.text(6).capitalize(),
                         self.text(40), f"<p>{self.text(150)}</p>", stage, rng.choice(self.members[network]),
                         when, when, None if stage == Stage.DRAFT else when,
                         when if stage == Stage.PUBLIC else None))  # fmt: skip
            self.result_network[first + n] = network
        self.copy("results_result", ["id", "network_id", "kind", "title", "summary", "body", "stage",
                                     "author_id", "created_at", "updated_at",
                                     "opened_to_observers_at", "published_at"], rows)  # fmt: skip
        # Comments: most results have a few dozen; the demo result gets exactly 200.
        from results.models import Result

        demo = Result.objects.filter(
            network__slug="miasto-cyfrowe", author__email="ekspert@empirie.test"
        ).first()
        comments, first_comment = [], self.next_id("results_comment")
        per_result = [
            first + rng.randrange(len(rows)) for _ in range(self.counts["comments"] - 200)
        ]
        per_result += [demo.pk] * 200 if demo else []
        last_top = {}
        for result in per_result:
            network = self.result_network.get(result, demo.network_id if demo else None)
            readers = self.members[network] + self.observers.get(network, [])
            parent = last_top.get(result) if rng.random() < 0.3 else None
            pk = first_comment + len(comments)
            when = self.now - dt.timedelta(minutes=rng.randint(20, 500_000))
            body = self.text(30)
            comments.append(
                (pk, result, parent, rng.choice(readers), body, sanitise.plain_text(body), when, "")
            )
            if parent is None:
                last_top[result] = pk
        self.copy("results_comment", ["id", "result_id", "parent_id", "author_id", "body",
                                      "body_html", "created_at", "hidden_reason"], comments)  # fmt: skip

    def discussions(self):
        """Threads in every network (a third of the thematic ones open to observers), their
        posts by the network's people, and one thread of 500 posts in the demo's MIASTO
        CYFROWE for the benchmark's long thread."""
        from discussions.choices import ThreadKind
        from networks.models import Network

        rng = self.rng
        networks = [*self.network_ids, self.leaders_id]
        digital = Network.objects.filter(slug="miasto-cyfrowe").values_list("pk", flat=True).first()
        first_thread, first_post = (
            self.next_id("discussions_thread"),
            self.next_id("discussions_post"),
        )
        threads, posts = [], []
        kinds = [ThreadKind.QUESTION, ThreadKind.QUESTION, ThreadKind.DISCUSSION,
                 ThreadKind.CONSULTATION]  # fmt: skip
        count = self.counts["threads"]
        sizes = [1] * count  # the first post of each; the rest spread over the threads
        for _ in range(max(0, self.counts["posts"] - count - 500)):
            sizes[rng.randrange(count)] += 1
        long_one = None
        if digital is not None and not self.tag:
            long_one, sizes[0] = 0, 500
        for n in range(count):
            network = digital if n == long_one else networks[n % len(networks)]
            closed = network == self.leaders_id
            observers = not closed and rng.random() < 0.33
            audience = "observers" if observers else "inside"
            writers = self.members.get(network) or self.members[self.network_ids[0]]
            readers = writers + (self.observers.get(network, []) if observers else [])
            started = self.now - dt.timedelta(minutes=rng.randint(60, 1_000_000))
            pk = first_thread + n
            last_id, when = None, started
            for step in range(sizes[n]):
                post_pk = first_post + len(posts)
                body = self.text(rng.randint(10, 60))
                # One plain line of generated words: plain_text's <p> and nothing to escape.
                posts.append((post_pk, pk, rng.choice(readers if step else writers), body,
                              f"<p>{body}</p>", when, "", 0))  # fmt: skip
                last_id = post_pk
                when += dt.timedelta(minutes=rng.randint(5, 3000))
            kind = rng.choice(kinds)
            title = LONG_THREAD if n == long_one else self.text(6).capitalize()
            threads.append((pk, network, kind, audience, title[:200], posts[-sizes[n]][2],
                            started, posts[-1][5], last_id, sizes[n],
                            started.date() + dt.timedelta(days=21)
                            if kind == ThreadKind.CONSULTATION else None))  # fmt: skip
        self.copy("discussions_thread", ["id", "network_id", "kind", "audience", "title",
                                         "author_id", "created_at", "last_post_at",
                                         "last_post_id", "post_count", "feedback_until"],
                  threads)  # fmt: skip
        self.copy("discussions_post", ["id", "thread_id", "author_id", "body", "body_html",
                                       "created_at", "hidden_reason", "useful_count"],
                  posts)  # fmt: skip
        self.reindex("threads", first_thread)
        self.reindex("posts", first_post)

    def notifications(self):
        rng = self.rng
        kinds = [NotificationKind.RESULT_NEW, NotificationKind.RESULT_STAGE,
                 NotificationKind.COMMENT_REPLY, NotificationKind.MEETING_REMINDER]  # fmt: skip
        per_person = self.counts["notifications"] // len(self.people_ids)
        from accounts.models import User

        everyone = [*self.people_ids, *User.objects.filter(email__endswith="@empirie.test")
                    .exclude(email__startswith=MARKER).values_list("id", flat=True)]  # fmt: skip

        def params(kind, when):
            # As the services store them: worded when read (accounts.notification_texts).
            if kind == NotificationKind.MEETING_REMINDER:
                return {"topic": self.text(4), "start": (when + dt.timedelta(days=1)).isoformat(),
                        "days": 1, "venue": ""}  # fmt: skip
            if kind == NotificationKind.COMMENT_REPLY:
                return {"person": self.text(2).title(), "title": self.text(5)}
            variant = "draft" if kind == NotificationKind.RESULT_NEW else "published"
            return {"variant": variant, "network": self.text(2), "title": self.text(5),
                    "summary": ""}  # fmt: skip

        def rows():
            for person in everyone:
                for n in range(per_person):
                    when = self.now - dt.timedelta(hours=n * 7 + rng.randint(0, 6))
                    kind = rng.choice(kinds)
                    yield (person, kind, json.dumps(params(kind, when)), "/wyniki/", None,
                           "inside", when, when if n > 2 else None, when)  # fmt: skip

        self.copy("accounts_notification", ["recipient_id", "kind", "params", "url",
                                            "network_id", "network_audience", "created_at",
                                            "read_at", "emailed_at"], rows())  # fmt: skip

    def partners(self):
        """Cards shown by some of the people (with their consent), and conversations between
        people of one network: a question and its answers, some unread."""
        rng = self.rng
        first_card = self.next_id("accounts_partnercard")
        holders = rng.sample(
            self.people_ids, min(self.counts["partner_cards"], len(self.people_ids))
        )
        cards = [
            (first_card + n, person, self.now - dt.timedelta(days=rng.randint(1, 900)), self.now,
             "{" + ",".join(f'"{a}"' for a in sorted(rng.sample(EXPERTISE, rng.randint(1, 4)))) + "}",
             self.text(rng.randint(0, 30)))
            for n, person in enumerate(holders)
        ]  # fmt: skip
        self.copy("accounts_partnercard", ["id", "user_id", "shown_since", "updated_at",
                                           "expertise", "projects"], cards)  # fmt: skip
        first, first_message = (
            self.next_id("partners_conversation"),
            self.next_id("partners_message"),
        )
        networks = [network for network, people in self.members.items() if len(people) > 1]
        count = self.counts["conversations"]
        sizes = [1] * count
        for _ in range(max(0, self.counts["messages"] - count)):
            sizes[rng.randrange(count)] += 1
        conversations, messages = [], []
        for n in range(count):
            starter, recipient = rng.sample(self.members[rng.choice(networks)], 2)
            when = started = self.now - dt.timedelta(minutes=rng.randint(60, 1_000_000))
            sides = (starter, recipient)
            for step in range(sizes[n]):
                body = self.text(rng.randint(10, 80))
                messages.append((first_message + len(messages), first + n, sides[step % 2],
                                 body, f"<p>{body}</p>", when, "", None))  # fmt: skip
                last_at, last_author = when, sides[step % 2]
                when += dt.timedelta(minutes=rng.randint(5, 3000))
            # The last message's reader has read it four times in five.
            read = last_at if rng.random() < 0.8 else None
            conversations.append((
                first + n, starter, recipient, self.text(5).capitalize()[:200], started, last_at,
                last_author, last_at if last_author == starter else read,
                last_at if last_author == recipient else read,
            ))  # fmt: skip
        self.copy("partners_conversation", ["id", "starter_id", "recipient_id", "subject",
                                            "created_at", "last_message_at", "last_author_id",
                                            "starter_read_at", "recipient_read_at"],
                  conversations)  # fmt: skip
        self.copy("partners_message", ["id", "conversation_id", "author_id", "body", "body_html",
                                       "created_at", "hidden_reason", "hidden_at"],
                  messages)  # fmt: skip
