import datetime as dt
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import get_hasher, make_password
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify

from accounts.choices import EmailMode, Function, FunctionStatus
from accounts.models import Notification, Profile, User, person_sort_key
from cities.choices import PlanKind, ProgrammeStatus
from cities.data import CITIES, LEADERS_NETWORK_CITIES
from cities.models import City, DevelopmentPlan
from empirie.cache import everything_changed
from empirie.folding import folded
from empirie.i18n import Quarter
from meetings import plan
from meetings.choices import MeetingFormat, PublicationLevel, RegistrationMode, WaitingReason
from meetings.models import (
    AgendaItem,
    Meeting,
    MeetingReport,
    Registration,
    SurveyAnswer,
    SurveyTaken,
    WaitingListEntry,
)
from networks import demo_content as content
from networks import services
from networks.activity import recount_all
from networks.choices import ParticipationStatus, Role
from networks.data import NETWORKS, THEMES_EN
from networks.first_editions import first_editions
from networks.models import Edition, Network, Participation, ParticipationEvent
from practices import services as practice_services
from practices.choices import PracticeStatus
from practices.data import CATEGORIES_EN, CATEGORY_TREE
from practices.models import Category, Practice, PracticeContact
from results import services as result_services
from results.choices import ResultKind, Stage
from results.models import Comment, CommentReport, Result, StageChange
from search.kinds import kinds as search_kinds
from search.kinds import reindex

DEMO_PASSWORD = "empirie-demo-2026"
# The demo password as the portal's default hasher stores it, hashed once here: hashing takes
# most of a second of the demo's load. Used only while that hasher, so tuned, is the default.
DEMO_PASSWORD_HASH = "pbkdf2_sha256$1000000$empiriedemo2026theportalsdemodata$azFEYpEBIRP2hXWVuLalEJb08W/x0Y9yvMPZeLPjon8="
WARSAW = ZoneInfo("Europe/Warsaw")
# What the services stamp with the time they run, and the demo dates as it happened.
STAMPED = [
    (Notification, "created_at"), (ParticipationEvent, "at"), (StageChange, "at"),
    (Comment, "created_at"), (CommentReport, "created_at"),
]  # fmt: skip
LOADING_CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"demo-{alias}"}
    for alias in ("default", "pages")
}
# The networks took their members in spring 2022 and their observer cities in June.
SPRING_2022 = dt.datetime(2022, 4, 4, 12, 0, tzinfo=WARSAW)
OBSERVERS_JOINED = dt.datetime(2022, 6, 20, 12, 0, tzinfo=WARSAW)

# email, first name, last name, city, function, verified, superuser; the people are fictional.
DEMO_ACCOUNTS = {
    "administrator": ("administrator@empirie.test", "Ewa", "Zarządcza", None, Function.OTHER, False, True),
    "coordinator": ("koordynator@empirie.test", "Tomasz", "Doradca", None, Function.OTHER, False, False),
    "expert": ("ekspert@empirie.test", "Agnieszka", "Ekspertowska", None, Function.OTHER, False, False),
    "city staff": ("pracownik@empirie.test", "Piotr", "Urzędnik", "Przemyśl", Function.STAFF, False, False),
    "leader": ("lider@empirie.test", "Marta", "Prezydencka", "Starachowice", Function.PRESIDENT, True, False),
    "observer": ("obserwator@empirie.test", "Jan", "Obserwator", "Bochnia", Function.STAFF, False, False),
    "unverified leader": ("zastepca@empirie.test", "Adam", "Zastępczy", "Cieszyn", Function.DEPUTY_MAYOR, False, False),
}  # fmt: skip


class Command(BaseCommand):
    help = (
        "Load the 8 networks with their member and observer cities, two years of quarterly "
        "meetings, good practices, results and one demo account per role."
    )

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Demo data is refused under these settings (production?).")
        # A cache of this process's own while loading: thousands of saves each make a family
        # stale, a round trip to Redis apiece; the shared cache is made stale once at the end.
        with override_settings(CACHES=LOADING_CACHES), transaction.atomic():
            self.now = timezone.now()
            self.password_hash = None
            self.stamps = []
            self.today = timezone.localdate()
            cities = self.load_cities()
            self.load_development_plans(cities)
            networks = self.load_networks()
            self.load_categories()
            people = self.load_accounts(cities)
            self.load_participations(cities, networks, people)
            self.load_applications(cities, networks, people)
            self.load_meeting(cities, networks)
            self.load_cycle(cities, networks, people)
            self.load_surveys(networks)
            self.load_coming_meeting(cities, networks, people)
            self.load_coming_meetings(cities, networks, people)
            self.load_plan(networks, people)
            self.load_practice(cities, networks, people)
            self.load_practices(cities, networks, people)
            self.load_result(networks, people)
            self.load_desk_items(cities, networks, people)
            self.load_results(networks, people)
            self.load_discussions(networks, people)
            self.load_partners(networks, people)
            self.load_plans_served(cities, networks)
            self.flush_dates()
            # Named, as the migration names the networks' first editions, after the years of
            # their meetings; rows written directly join their network's first edition.
            from discussions.models import Thread

            first_editions(
                Network=Network, Edition=Edition, Meeting=Meeting, Result=Result, Thread=Thread
            )
            # Registrations written in bulk, posts and comments backdated: when each person
            # last took part in each network, from all the rows at once.
            recount_all()
            # Rows written in bulk or directly skipped the services' indexing: index them all.
            for kind in search_kinds():
                reindex(kind)
            # The demo's history is not news to e-mail: settled here, inside the transaction,
            # so the deliveries queued on commit find nothing to send.
            Notification.objects.filter(emailed_at__isnull=True).update(emailed_at=self.now)
        # Rows written in bulk or backdated with update() sent no signal: no cached copy of
        # the portal's pages may outlive them.
        everything_changed()
        self.print_logins()

    def load_cities(self):
        cities = {}
        statuses = {"Bochnia": ProgrammeStatus.OBSERVER}
        for name in LEADERS_NETWORK_CITIES:
            laureate = name in content.LAUREATES
            statuses[name] = ProgrammeStatus.LAUREATE if laureate else ProgrammeStatus.FINALIST
        rows = [(*row, statuses.get(row[0], ProgrammeStatus.NONE)) for row in CITIES]
        existing = {city.slug: city for city in City.objects.all()}
        for row in [*rows, *content.EXTRA_CITIES]:
            name, unit_type, county, voivodeship, postal, population, lat, lon, www, status = row
            slug = slugify(name.replace("ł", "l").replace("Ł", "L"))
            values = {
                "name": name,
                "unit_type": unit_type,
                "county": county,
                "voivodeship": voivodeship,
                "postal_code": postal,
                "population": population,
                "latitude": lat,
                "longitude": lon,
                "website": www,
                "is_zmp_member": True,
                "programme_status": status,
            }
            city = existing.get(slug)
            if city is None:
                city = City.objects.create(slug=slug, **values)
            elif any(str(getattr(city, key)) != str(value) for key, value in values.items()):
                for key, value in values.items():
                    setattr(city, key, value)
                city.save()
            cities[name] = city
        return cities

    def load_development_plans(self, cities):
        """The plans with which the laureates and finalists applied to the programme: a local
        and an institutional one each. Their titles and goals are illustrative; which cities
        are laureates and finalists is the demo's (networks.demo_content.LAUREATES)."""
        existing = set(DevelopmentPlan.objects.values_list("city_id", "kind"))
        in_programme = (ProgrammeStatus.LAUREATE, ProgrammeStatus.FINALIST)
        plans = []
        for index, city in enumerate(sorted(cities.values(), key=lambda c: c.sort_key)):
            if city.programme_status not in in_programme:
                continue
            for kind, title, years, goals in content.plans_of(city.name, index):
                if (city.pk, kind) not in existing:
                    plans.append(DevelopmentPlan(
                        city=city, kind=kind, title=title, period_from=years[0],
                        period_to=years[1], goals=goals,
                    ))  # fmt: skip
        DevelopmentPlan.objects.bulk_create(plans)

    def load_plans_served(self, cities, networks):
        """MIASTO CYFROWE's result opened to observers serves two member cities' institutional
        plans; Przemyśl's published practice serves its local plan."""
        result = Result.objects.filter(
            network=networks[1], title="Rekomendacje: e-usługi w urzędzie miasta średniej wielkości"
        ).first()
        if result is not None and not result.plans.exists():
            result.plans.set(
                result_services.plans_for(networks[1]).filter(
                    kind=PlanKind.INSTITUTIONAL, city__name__in=["Przemyśl", "Krosno"]
                )
            )
        practice = (
            Practice.objects.filter(city=cities["Przemyśl"], status=PracticeStatus.PUBLISHED)
            .order_by("published_at", "pk")
            .first()
        )
        if practice is not None and not practice.plans.exists():
            practice.plans.set(
                DevelopmentPlan.objects.filter(city=practice.city, kind=PlanKind.LOCAL)
            )

    def load_networks(self):
        networks = {}
        for number, slug, name, theme, kind, description in NETWORKS:
            networks[number], _ = Network.objects.update_or_create(
                number=number,
                defaults={
                    "slug": slug,
                    "name": name,
                    "theme": theme,
                    "theme_en": THEMES_EN.get(theme, ""),
                    "kind": kind,
                    "description": description,
                },
            )
        return networks

    def load_categories(self):
        for position, (name, children) in enumerate(CATEGORY_TREE):
            parent, _ = Category.objects.update_or_create(
                parent=None,
                name=name,
                defaults={
                    "slug": slugify(name),
                    "position": position,
                    "name_en": CATEGORIES_EN.get(name, ""),
                },
            )
            for child_position, child in enumerate(children):
                Category.objects.update_or_create(
                    parent=parent,
                    name=child,
                    defaults={
                        "slug": slugify(child),
                        "position": child_position,
                        "name_en": CATEGORIES_EN.get(child, ""),
                    },
                )

    def person(self, email, first_name, last_name, city, function, verified, password=None):
        """The person as the demo has them: made once, and put back only where changed."""
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first_name, "last_name": last_name}
        )
        if created:
            if password:
                # Hashed once for all the demo logins: each hash takes a good part of a second.
                if self.password_hash is None:
                    self.password_hash = password_hash(password)
                user.password = self.password_hash
            else:
                user.set_unusable_password()
            user.save(update_fields=["password"])
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        elif (user.first_name, user.last_name) != (first_name, last_name):
            user.first_name, user.last_name = first_name, last_name
            user.save(update_fields=["first_name", "last_name"])
        status = FunctionStatus.VERIFIED if verified else FunctionStatus.DECLARED
        wanted = {"city": city, "function": function, "function_status": status}
        profile = Profile.objects.filter(user=user).first()
        if profile is None:
            Profile.objects.create(
                user=user,
                **wanted,
                function_verified_at=self.now if verified else None,
                # The placeholders cannot log in: no e-mails for them.
                email_mode=EmailMode.IMMEDIATE if password else EmailMode.NONE,
                function_declared_at=self.now - dt.timedelta(days=3),
            )
        elif any(getattr(profile, key) != value for key, value in wanted.items()):
            for key, value in wanted.items():
                setattr(profile, key, value)
            profile.function_verified_at = self.now if verified else None
            profile.save()
        return user

    def load_accounts(self, cities):
        people = {}
        for role, (
            email,
            first,
            last,
            city,
            function,
            verified,
            superuser,
        ) in DEMO_ACCOUNTS.items():
            user = self.person(
                email, first, last, cities.get(city), function, verified, DEMO_PASSWORD
            )
            if (user.is_staff, user.is_superuser) != (superuser, superuser):
                user.is_staff = user.is_superuser = superuser
                user.save(update_fields=["is_staff", "is_superuser"])
            people[role] = user
        # Placeholders who cannot log in: the other heads of the leaders' network's cities,
        # ZMP's advisors and experts of the other networks, and a clerk of each city that
        # applied or observes (Przemyśl's and Bochnia's are the demo logins).
        specs = {}
        for city_name, function in LEADERS_NETWORK_CITIES.items():
            if city_name != "Starachowice":
                city = cities[city_name]
                label = "Prezydent" if function == Function.PRESIDENT else "Burmistrz"
                specs[city_name] = (f"lider.{city.slug}@empirie.test", label, city_name, city,
                                    function, True)  # fmt: skip
        for number, ((first, last), (expert_first, expert_last)) in content.STAFF.items():
            specs[("coordinator", number)] = (f"koordynator.{number}@empirie.test", first, last,
                                              None, Function.OTHER, False)  # fmt: skip
            specs[("expert", number)] = (f"ekspert.{number}@empirie.test", expert_first,
                                         expert_last, None, Function.OTHER, False)  # fmt: skip
        applicants = {city for rows in content.APPLICATIONS.values() for city, _ in rows}
        observers = {city for rows in content.OBSERVERS.values() for city in rows}
        for index, name in enumerate(sorted(applicants | observers - {"Bochnia", "Przemyśl"})):
            first = content.FIRST_NAMES[index % len(content.FIRST_NAMES)]
            last = content.LAST_NAMES[(index * 7) % len(content.LAST_NAMES)]
            specs[("clerk", name)] = (f"urzednik.{cities[name].slug}@empirie.test", first,
                                      gendered(last, first), cities[name], Function.STAFF,
                                      False)  # fmt: skip
        people.update(self.placeholders(specs))
        people[("clerk", "Bochnia")] = people["observer"]
        return people

    def placeholders(self, specs):
        """The people who cannot log in, made in a few statements; one the demo made before
        and someone changed since is put back as it was."""
        existing = {
            user.email: user
            for user in User.objects.filter(
                email__in=[spec[0] for spec in specs.values()]
            ).select_related("profile")
        }
        made, found = {}, {}
        for key, (email, first, last, city, function, verified) in specs.items():
            user = existing.get(email)
            if user is None:
                made[key] = User(email=email, first_name=first, last_name=last,
                                 sort_key=person_sort_key(first, last),  # bulk: no save()
                                 password=make_password(None))  # fmt: skip
                continue
            profile = getattr(user, "profile", None)
            status = FunctionStatus.VERIFIED if verified else FunctionStatus.DECLARED
            as_made = (
                (user.first_name, user.last_name) == (first, last)
                and profile
                and (
                    (profile.city_id, profile.function, profile.function_status)
                    == (city.pk if city else None, function, status)
                )
            )
            found[key] = user if as_made else self.person(*specs[key])
        User.objects.bulk_create(made.values())
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in made.values()
        )
        profiles = []
        for key, user in made.items():
            _email, _first, _last, city, function, verified = specs[key]
            profiles.append(
                Profile(
                    user=user, city=city, function=function,
                    function_status=FunctionStatus.VERIFIED if verified
                    else FunctionStatus.DECLARED,
                    function_verified_at=SPRING_2022 if verified else None,
                    email_mode=EmailMode.NONE,
                )
            )  # fmt: skip
            user.profile = profiles[-1]
        Profile.objects.bulk_create(profiles)
        return {**found, **made}

    def participate(self, person, network, role, city=None):
        Participation.objects.get_or_create(
            person=person,
            network=network,
            status=ParticipationStatus.ACCEPTED,
            defaults={
                "role": role,
                "city": city,
                "applied_at": SPRING_2022,
                "decided_at": SPRING_2022 + dt.timedelta(days=14),
            },
        )

    def load_participations(self, cities, networks, people):
        self.participate(people["coordinator"], networks[1], Role.COORDINATOR)
        self.participate(people["coordinator"], networks[3], Role.COORDINATOR)
        self.participate(people["coordinator"], networks[8], Role.COORDINATOR)
        self.participate(people["expert"], networks[1], Role.EXPERT)
        self.participate(people["city staff"], networks[1], Role.MEMBER, cities["Przemyśl"])
        self.participate(people["observer"], networks[1], Role.OBSERVER, cities["Bochnia"])
        self.participate(people["leader"], networks[8], Role.MEMBER, cities["Starachowice"])
        for city_name in LEADERS_NETWORK_CITIES:
            if city_name != "Starachowice":
                self.participate(people[city_name], networks[8], Role.MEMBER, cities[city_name])
        for number in content.STAFF:
            self.participate(people[("coordinator", number)], networks[number], Role.COORDINATOR)
            self.participate(people[("expert", number)], networks[number], Role.EXPERT)
        # One application waiting for the coordinator of MIASTO CYFROWE.
        if not Participation.objects.filter(person=people["leader"], network=networks[1]).exists():
            with self.dated(self.now - dt.timedelta(days=4)):
                services.participation_apply(
                    person=people["leader"],
                    network_id=networks[1].pk,
                    motivation="Starachowice wdrażają e-usługi dla mieszkańców i chcą dzielić "
                    "się doświadczeniami z cyfryzacji urzędu.",
                )

    @contextmanager
    def dated(self, when, *, read=None):
        """What the services inside stamp "now" (history entries, stage changes, comments,
        notifications) happened at `when`: the demo's past, told as it happened. `read`:
        when the notifications were read (None: still unread). The rows are known by their
        ids, made between two readings of each table's last id; flush_dates() dates them."""
        before = self.last_ids()
        yield
        self.stamps.append((before, self.last_ids(), when, read))

    def last_ids(self):
        tables = [model._meta.db_table for model, _ in STAMPED]  # the models' own names
        maxima = ", ".join(f"(SELECT COALESCE(MAX(id), 0) FROM {t})" for t in tables)  # noqa: S608  # nosec B608  # model table names
        with connection.cursor() as cursor:  # the five in one round trip
            cursor.execute(f"SELECT {maxima}")  # noqa: S608  # nosec B608
            return cursor.fetchone()

    def flush_dates(self):
        """One UPDATE per table for all the dated() blocks so far."""
        for index, (model, column) in enumerate(STAMPED):
            spans = [
                (before[index], after[index], when, read)
                for before, after, when, read in self.stamps
                if after[index] > before[index]
            ]
            if not spans:
                continue
            table = model._meta.db_table
            read_at = ", read_at = span.read" if model is Notification else ""
            rows = ", ".join(["(%s, %s, %s::timestamptz, %s::timestamptz)"] * len(spans))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET {column} = span.at{read_at} "  # noqa: S608  # nosec B608
                    f"FROM (VALUES {rows}) AS span (low, high, at, read) "
                    f"WHERE {table}.id > span.low AND {table}.id <= span.high",
                    [value for span in spans for value in span],
                )
        self.stamps = []

    def load_applications(self, cities, networks, people):
        """The announcement's 90 applications from 41 cities, decided through the services
        (history, notifications) in spring 2022; the pending ones arrived in the last days."""
        taken = set(
            Participation.objects.filter(network__number__lte=7).values_list(
                "person_id", "network_id"
            )
        )
        backdated = []
        for number, rows in content.APPLICATIONS.items():
            network = networks[number]
            coordinator = self.coordinator_of(number, people)
            for position, (city_name, status) in enumerate(rows):
                person = self.applicant(number, city_name, people)
                if (person.pk, network.pk) in taken:
                    continue
                pending = status == content.W
                applied = (
                    self.now - dt.timedelta(days=1 + position % 6, hours=3 * position)
                    if pending
                    else SPRING_2022 - dt.timedelta(days=30 - position)
                )
                with self.dated(applied, read=None if pending else applied):
                    participation = services.participation_apply(
                        person=person,
                        network_id=network.pk,
                        motivation=content.MOTIVATIONS[number],
                    )
                participation.applied_at = applied
                backdated.append(participation)
                if pending:
                    continue
                decided = SPRING_2022 + dt.timedelta(days=position % 10)
                with self.dated(decided, read=decided + dt.timedelta(days=1)):
                    services.participation_decide(
                        participation_id=participation.pk,
                        by=coordinator,
                        accept=status == content.A,
                        reason="" if status == content.A else content.REFUSAL_REASON,
                    )
                participation.decided_at = decided
        for number, city_names in content.OBSERVERS.items():
            network = networks[number]
            for position, city_name in enumerate(city_names):
                person = people[("clerk", city_name)]
                if Participation.objects.filter(person=person, network=network).exists():
                    continue
                applied = OBSERVERS_JOINED + dt.timedelta(days=position)
                with self.dated(applied, read=applied):
                    participation = services.participation_apply(
                        person=person,
                        network_id=network.pk,
                        motivation="Chcemy poznawać wyniki pracy sieci i dzielić się opinią.",
                    )
                    services.participation_decide(
                        participation_id=participation.pk,
                        by=self.coordinator_of(number, people),
                        accept=True,
                    )
                participation.applied_at = applied
                participation.decided_at = applied + dt.timedelta(days=2)
                backdated.append(participation)
        Participation.objects.bulk_update(backdated, ["applied_at", "decided_at"])

    def coordinator_of(self, number, people):
        return people["coordinator"] if number in (1, 3, 8) else people[("coordinator", number)]

    def expert_of(self, number, people):
        return people["expert"] if number == 1 else people.get(("expert", number))

    def applicant(self, number, city_name, people):
        if city_name == "Przemyśl":
            return people["city staff"]
        if number == 1 and city_name == "Starachowice":
            return people["leader"]
        return people[("clerk", city_name)]

    def members_of(self, network):
        """The network's member people, in a fixed order."""
        return list(
            User.objects.filter(
                participations__network=network,
                participations__role=Role.MEMBER,
                participations__status=ParticipationStatus.ACCEPTED,
            ).order_by("pk")
        )

    def load_meeting(self, cities, networks):
        # The 2nd meeting of the leaders' network; the report was published on 12 October 2022.
        starts_at = dt.datetime(2022, 10, 6, 10, 0, tzinfo=WARSAW)
        meeting, _ = Meeting.objects.get_or_create(
            network=networks[8],
            topic="Skuteczna komunikacja z mieszkańcami poprzez media społecznościowe",
            defaults={
                "starts_at": starts_at,
                "ends_at": starts_at + dt.timedelta(hours=6),
                "format": MeetingFormat.IN_PERSON,
                "host_city": cities["Starachowice"],
                "venue_address": "Starachowice",
                "description": "Warsztaty: komunikacja w mediach społecznościowych, zarządzanie "
                "kryzysowe, bezpośredni kontakt z mieszkańcami.",
            },
        )
        MeetingReport.objects.get_or_create(
            meeting=meeting,
            defaults={
                "body": "<p>Starachowice były gospodarzem drugiego spotkania Sieci dla liderów. "
                "Tematem wiodącym była skuteczna komunikacja z mieszkańcami poprzez media "
                "społecznościowe.</p><h2>Wspólne warsztaty</h2><ul><li>komunikacja w mediach "
                "społecznościowych</li><li>zarządzanie kryzysowe</li><li>bezpośredni kontakt z "
                "mieszkańcami</li></ul>",
                "level": PublicationLevel.MEMBERS,
                "published_at": dt.datetime(2022, 10, 12, 9, 50, tzinfo=WARSAW),
            },
        )

    def load_cycle(self, cities, networks, people):
        """Each network's quarterly meetings, spring 2022 to early 2024, hosted by member
        cities in turn (or online): agenda, published report, who came."""
        existing = set(Meeting.objects.values_list("network_id", "topic"))
        made = []
        for number, topics in content.MEETINGS.items():
            network = networks[number]
            for (year, month), entry in zip(content.QUARTERS, topics, strict=True):
                if entry is None or (network.pk, entry[0]) in existing:
                    continue
                topic, host_name = entry
                day = dt.date(year, month, 8 + 2 * number)
                day = working_day(day)
                starts_at = dt.datetime.combine(day, dt.time(10, 0), tzinfo=WARSAW)
                host = cities.get(host_name)
                made.append(
                    Meeting(
                        network=network,
                        topic=topic,
                        description="Spotkanie kwartalne sieci: wystąpienie gospodarza, "
                        "warsztaty w grupach i ustalenia na kolejny kwartał.",
                        starts_at=starts_at,
                        ends_at=starts_at + dt.timedelta(hours=4),
                        format=MeetingFormat.IN_PERSON if host else MeetingFormat.ONLINE,
                        host_city=host,
                        venue_address=venue_of(host) if host else "",
                        online_url="" if host else f"https://spotkania.example.org/{network.slug}",
                        created_by=self.coordinator_of(number, people),
                    )
                )
        Meeting.objects.bulk_create(made)
        agenda, reports, registrations = [], [], []
        for meeting in made:
            number = meeting.network.number
            names = {
                "coordinator": self.coordinator_of(number, people).get_full_name(),
                "expert": (self.expert_of(number, people) or people["coordinator"]).get_full_name(),
                "host": meeting.host_city.name if meeting.host_city else "",
            }
            for time, title, who in content.AGENDA:
                if who == "host" and not meeting.host_city:
                    title, who = "Wystąpienie miasta sieci: doświadczenia wdrożenia", "expert"
                hour, minute = map(int, time.split(":"))
                agenda.append(
                    AgendaItem(
                        meeting=meeting, starts_at=dt.time(hour, minute), title=title,
                        speaker=names[who],
                    )
                )  # fmt: skip
            closed = meeting.network.is_closed
            reports.append(
                MeetingReport(
                    meeting=meeting,
                    body=content.REPORT_BODY.format(
                        network=meeting.network.name,
                        host=meeting.host_city.name if meeting.host_city else "online",
                        topic=meeting.topic,
                    ),
                    # A closed network's reports stay with its members; the others' go to
                    # their observers, and every other one to everyone.
                    level=PublicationLevel.MEMBERS
                    if closed
                    else (
                        PublicationLevel.PUBLIC if meeting.pk % 2 else PublicationLevel.OBSERVERS
                    ),
                    published_at=meeting.ends_at + dt.timedelta(days=5),
                    view_count=40 + (meeting.pk * 37) % 400,
                    updated_by=self.coordinator_of(number, people),
                )
            )
        for number in content.MEETINGS:
            members = self.members_of(networks[number])
            for index, meeting in enumerate(m for m in made if m.network_id == networks[number].pk):
                # Most members come, a few each time stay away.
                for position, person in enumerate(members):
                    if (position + index) % 4 == 3:
                        continue
                    registrations.append(
                        Registration(
                            meeting=meeting,
                            person=person,
                            mode=RegistrationMode.ONLINE
                            if meeting.format == MeetingFormat.ONLINE
                            else RegistrationMode.IN_PERSON,
                            attended=(position + index) % 7 != 0,
                        )
                    )
        # The leaders' meeting of the source texts: those its report names came.
        starachowice = Meeting.objects.filter(
            network=networks[8], starts_at__year=2022, starts_at__month=10
        ).first()
        if starachowice and not starachowice.registrations.exists():
            for name in ("Starachowice", "Ostrów Wielkopolski", "Przemyśl", "Cieszyn",
                         "Opoczno", "Jarosław", "Zawiercie"):  # fmt: skip
                person = people["leader"] if name == "Starachowice" else people[name]
                registrations.append(
                    Registration(
                        meeting=starachowice, person=person, mode=RegistrationMode.IN_PERSON,
                        attended=True,
                    )
                )  # fmt: skip
        AgendaItem.objects.bulk_create(agenda)
        MeetingReport.objects.bulk_create(reports)
        Registration.objects.bulk_create(registrations)
        # Registered two weeks before each meeting, not today.
        Registration.objects.filter(
            meeting__in=[*made, starachowice] if starachowice else made
        ).update(
            registered_at=Subquery(
                Meeting.objects.filter(pk=OuterRef("meeting_id")).values("starts_at")[:1]
            )
            - dt.timedelta(days=14)
        )

    SURVEY_CHANGES = (
        "Więcej czasu na rozmowy w małych grupach.",
        "Materiały przesłane kilka dni przed spotkaniem.",
        "",
        "Krótsze wystąpienia, więcej przykładów z miast.",
        "",
    )
    SURVEY_WISHES = (
        "Finansowanie wdrożeń ze środków zewnętrznych.",
        "",
        "Współpraca z organizacjami pozarządowymi.",
        "",
        "Mierzenie efektów wdrożonych praktyk.",
    )

    def load_surveys(self, networks):
        """The evaluation of each thematic network's last meeting of the cycle: everyone
        who came answered, anonymously (the default), so coordinators see the results."""
        answers, taken = [], []
        for number in sorted(networks):
            if networks[number].is_closed:
                continue
            last = (
                Meeting.objects.filter(network=networks[number], ends_at__lt=self.now, draft=False)
                .order_by("-starts_at")
                .first()
            )
            if last is None or SurveyTaken.objects.filter(meeting=last).exists():
                continue  # none held, or loaded before
            came = (
                last.registrations.filter(attended=True)
                .order_by("pk")
                .values_list("person_id", flat=True)
            )
            for index, person_id in enumerate(came):
                answers.append(
                    SurveyAnswer(
                        meeting=last, overall=(5, 4, 4, 5, 3)[index % 5],
                        usefulness=(4, 5, 3, 4, 4)[(index + number) % 5],
                        to_change=self.SURVEY_CHANGES[index % 5],
                        topic_wishes=self.SURVEY_WISHES[(index + number) % 5],
                    )
                )  # fmt: skip
                taken.append(SurveyTaken(meeting=last, person_id=person_id))
        SurveyAnswer.objects.bulk_create(answers)
        SurveyTaken.objects.bulk_create(taken)

    def coming_dates(self, days):
        """A meeting `days` from today at ten, registration open until five days before:
        worked out from today, so a demo loaded again later still has it coming."""
        day = working_day(self.today + dt.timedelta(days=days))
        starts_at = dt.datetime.combine(day, dt.time(10, 0), tzinfo=WARSAW)
        return {
            "starts_at": starts_at,
            "ends_at": starts_at + dt.timedelta(hours=5),
            "registration_deadline": starts_at - dt.timedelta(days=5),
        }

    def keep_coming(self, meeting, dates):
        if meeting.starts_at != dates["starts_at"] and meeting.starts_at <= self.now:
            for key, value in dates.items():
                setattr(meeting, key, value)
            meeting.save(update_fields=list(dates))

    def load_coming_meeting(self, cities, networks, people):
        # The next quarter's meeting of MIASTO CYFROWE, hybrid, hosted by Przemyśl.
        today = self.today
        day = working_day(dt.date(today.year, today.month, 1) + dt.timedelta(days=75))
        starts_at = dt.datetime.combine(day, dt.time(10, 0), tzinfo=WARSAW)
        dates = {
            "starts_at": starts_at,
            "ends_at": starts_at + dt.timedelta(hours=5),
            "registration_deadline": starts_at - dt.timedelta(days=7),
        }
        meeting, created = Meeting.objects.get_or_create(
            network=networks[1],
            topic="E-usługi w urzędzie: od wniosku papierowego do cyfrowego",
            defaults={
                **dates,
                "format": MeetingFormat.HYBRID,
                "host_city": cities["Przemyśl"],
                "venue_address": "Urząd Miejski w Przemyślu, Rynek 1, 37-700 Przemyśl",
                "online_url": "https://spotkania.example.org/miasto-cyfrowe",
                "capacity": 40,
                "created_by": people["coordinator"],
            },
        )
        self.keep_coming(meeting, dates)
        if created:
            meeting.agenda.create(
                starts_at=dt.time(10, 0), title="Powitanie", speaker="Tomasz Doradca"
            )
            meeting.agenda.create(starts_at=dt.time(10, 30), title="E-usługi w Przemyślu")
            self.register_some(meeting, networks[1], people)
            self.fill_with_a_waiting_list(meeting, networks[1], people)

    def load_plan(self, networks, people):
        """MIASTO CYFROWE's next three quarters after its coming meeting, planned as drafts
        (hosts by turn); a quarter planned already is left as it is."""
        network = networks[1]
        coming = Meeting.objects.filter(network=network, draft=False, starts_at__gt=self.now)
        last = coming.order_by("-starts_at").first()
        first = plan.quarters_from(last.quarter if last else Quarter.of(self.now), 2)[1]
        rows = [row for row in plan.plan_rows(network, first, 3) if row.free]
        if not rows:
            return
        plan.meeting_plan(network_id=network.pk, by=people["coordinator"], quarters=[{
            "quarter": row.quarter, "topic": f"Spotkanie w {row.quarter}",
            "starts_at": dt.datetime.combine(row.day, dt.time(10), tzinfo=WARSAW),
            "ends_at": dt.datetime.combine(row.day, dt.time(14), tzinfo=WARSAW),
            "format": MeetingFormat.IN_PERSON, "host_city": row.host_city,
        } for row in rows])  # fmt: skip

    def load_coming_meetings(self, cities, networks, people):
        """The next meeting of every other network, registration open."""
        for number, (topic, host_name, days) in content.COMING.items():
            host = cities.get(host_name)
            dates = self.coming_dates(days)
            meeting, created = Meeting.objects.get_or_create(
                network=networks[number],
                topic=topic,
                defaults={
                    **dates,
                    "format": MeetingFormat.IN_PERSON if host else MeetingFormat.ONLINE,
                    "host_city": host,
                    "venue_address": venue_of(host) if host else "",
                    "online_url": ""
                    if host
                    else f"https://spotkania.example.org/{networks[number].slug}",
                    "capacity": 30,
                    "created_by": self.coordinator_of(number, people),
                },
            )
            self.keep_coming(meeting, dates)
            if created:
                AgendaItem.objects.bulk_create(
                    AgendaItem(
                        meeting=meeting,
                        starts_at=dt.time(*map(int, time.split(":"))),
                        title=title if who != "host" or host else "Doświadczenia miast sieci",
                        speaker=(host.name if who == "host" and host else
                                 self.coordinator_of(number, people).get_full_name()),
                    )
                    for time, title, who in content.AGENDA
                )  # fmt: skip
                self.register_some(meeting, networks[number], people)

    def register_some(self, meeting, network, people):
        """A few members have registered already; the demo logins have not, so that they
        can."""
        logins = {people["city staff"].pk, people["leader"].pk}
        mode = (
            RegistrationMode.ONLINE
            if meeting.format == MeetingFormat.ONLINE
            else RegistrationMode.IN_PERSON
        )
        Registration.objects.bulk_create(
            Registration(meeting=meeting, person=person, mode=mode)
            for person in [p for p in self.members_of(network) if p.pk not in logins][::2]
        )

    def fill_with_a_waiting_list(self, meeting, network, people):
        """Every place taken and two members in line: the demo logins see the waiting list
        (the city clerk may join it, the coordinator reorders it or adds places)."""
        logins = {people["city staff"].pk, people["leader"].pk}
        registered = set(meeting.registrations.values_list("person_id", flat=True))
        meeting.capacity = len(registered)
        meeting.save(update_fields=["capacity"])
        line = [p for p in self.members_of(network) if p.pk not in logins | registered][:2]
        WaitingListEntry.objects.bulk_create(
            WaitingListEntry(meeting=meeting, person=person, mode=RegistrationMode.IN_PERSON,
                             reason=WaitingReason.FULL, position=position)
            for position, person in enumerate(line, start=1)
        )  # fmt: skip

    def load_practice(self, cities, networks, people):
        bochnia = cities["Bochnia"]
        practice, _ = Practice.objects.get_or_create(
            slug="promocja-kultury-narzedziem-realizacji-celow-strategii-rozwoju-miasta",
            defaults={
                "title": "Promocja kultury narzędziem realizacji celów strategii rozwoju miasta",
                "category": Category.objects.get(name="Zarządzanie strategiczne"),
                "city": bochnia,
                "summary": "Integracja promocji historii, kultury i tradycji lokalnej z bieżącą "
                "polityką informacyjną miasta, razem z partnerami prywatnymi, organizacjami "
                "pozarządowymi, liderami lokalnej kultury i mieszkańcami.",
                "implementing_unit": "Urząd Miejski w Bochni, Referat Promocji i Rozwoju Miasta",
                "street_address": "ul. Kazimierza Wielkiego 2",
                "postal_code": "32-700",
                "post_office": "Bochnia",
                "website": "https://www.bochnia.pl",
                "inhabitants": 30000,
                "status": PracticeStatus.PUBLISHED,
                "published_at": dt.datetime(2022, 5, 10, 9, 0, tzinfo=WARSAW),
                "author": people["observer"],
            },
        )
        practice.networks.set([networks[3], networks[5]])
        practice.contacts.get_or_create(
            name="Referat Promocji i Rozwoju Miasta",
            defaults={"phone": "(14) 614 91 50", "email": "promocja@um.bochnia.pl"},
        )
        if not practice.published_at:
            practice.published_at = timezone.now()
            practice.save(update_fields=["published_at"])
        practice_services.search_index(practice)
        if not practice.attachments.exists():
            attachment = practice.attachments.create(
                title="Karta praktyki (PDF)", kind="pdf", size=0, uploaded_by=people["observer"]
            )
            document = simple_pdf(practice.title)
            attachment.file.save("document.pdf", ContentFile(document), save=False)
            attachment.size = len(document)
            attachment.save()

    def load_practices(self, cities, networks, people):
        """The good-practice database: the cities' practices in the record card's style,
        most published, some awaiting review; then those the demo logins wrote themselves,
        through the services."""
        categories = {category.name: category for category in Category.objects.all()}
        existing = set(Practice.objects.values_list("slug", flat=True))
        made, links, contacts = [], [], []
        first_published = dt.datetime(2022, 6, 15, 9, 0, tzinfo=WARSAW)
        for index, row in enumerate(content.PRACTICES):
            slug, title, category, city_name, numbers, status, summary, effects, unit, street = row
            if slug in existing:
                continue
            city, author = cities[city_name], people[("clerk", city_name)]
            published = first_published + dt.timedelta(days=23 * index)
            submitted = (
                self.now - dt.timedelta(days=2 + index % 5)
                if status != content.PUBLISHED
                else published - dt.timedelta(days=6)
            )
            practice = Practice(
                slug=slug, title=title, category=categories[category], city=city,
                summary=summary, presentation=presentation_of(summary, effects),
                implementing_unit=unit, street_address=street, postal_code=city.postal_code,
                post_office=city.name, website=city.website, inhabitants=city.population,
                status=status, author=author, submitted_at=submitted,
                published_at=published if status == content.PUBLISHED else None,
                review_comment="Proszę dopisać koszty wdrożenia i liczbę wysłanych "
                "powiadomień, a w pełnej prezentacji opisać, jak mieszkańcy się zapisują."
                if status == content.CHANGES else "",
            )  # fmt: skip
            made.append(practice)
            links += [(practice, networks[number]) for number in numbers]
            contacts.append(
                PracticeContact(practice=practice, name=author.get_full_name(), email=author.email)
            )
        Practice.objects.bulk_create(made)
        Practice.networks.through.objects.bulk_create(
            Practice.networks.through(practice_id=practice.pk, network_id=network.pk)
            for practice, network in links
        )
        for contact in contacts:
            contact.practice_id = contact.practice.pk
        PracticeContact.objects.bulk_create(contacts)
        for practice in made:
            # Entered when submitted: the record card's dates.
            practice.entered_at = practice.submitted_at
            practice.updated_at = practice.published_at or practice.submitted_at
            practice_services.search_index(practice)
        Practice.objects.bulk_update(made, ["entered_at", "updated_at"])
        self.load_own_practices(networks, people, categories)

    def load_own_practices(self, networks, people, categories):
        for (
            role,
            title,
            category,
            numbers,
            status,
            summary,
            effects,
            unit,
            street,
        ) in content.OWN_PRACTICES:
            author = people[role]
            if Practice.objects.filter(author=author, title=title).exists():
                continue
            city = author.profile.city
            practice = practice_services.practice_save(
                by=author,
                networks=[networks[number] for number in numbers],
                contacts=[{"name": author.get_full_name(), "email": author.email}],
                title=title, category=categories[category], summary=summary,
                presentation=presentation_of(summary, effects) if effects else "",
                implementing_unit=unit, street_address=street, postal_code=city.postal_code,
                post_office=city.name, website=city.website, inhabitants=city.population,
                restricted_to_networks=networks[8].pk in [networks[n].pk for n in numbers],
            )  # fmt: skip
            if status == content.DRAFT:
                continue
            practice_services.practice_submit(practice_id=practice.pk, by=author)
            with self.dated(self.now - dt.timedelta(days=9)):
                practice_services.practice_review(
                    practice_id=practice.pk, by=people["coordinator"], publish=True
                )

    def load_results(self, networks, people):
        """Each network's results at every stage, through the services (the people told, the
        stage changes recorded), with their observers' opinions, the authors' replies and a
        comment reported to the coordinator; dated as they happened."""
        existing = set(Result.objects.values_list("network_id", "title"))
        for number, rows in content.RESULTS.items():
            network = networks[number]
            coordinator = self.coordinator_of(number, people)
            author = self.expert_of(number, people) or coordinator
            for kind, title, summary, stage, opinions, days_ago in rows:
                if (network.pk, title) in existing:
                    continue
                changed = self.now - dt.timedelta(days=days_ago)
                drafted = changed - dt.timedelta(days={"draft": 0, "public": 60}.get(stage, 25))
                with self.dated(drafted, read=drafted):
                    result = result_services.result_draft(
                        by=author, network_id=network.pk, kind=kind, title=title,
                        summary=summary, body=result_body(summary),
                    )  # fmt: skip
                dates = {"created_at": drafted, "updated_at": drafted}
                if stage != "draft":
                    opened = drafted + dt.timedelta(days=10) if stage == "public" else changed
                    until = (
                        self.today - dt.timedelta(days=5)
                        if stage == "late"
                        else timezone.localtime(opened).date() + dt.timedelta(days=28)
                    )
                    recent = stage != "public"
                    with self.dated(opened, read=None if recent else opened):
                        result_services.stage_change(
                            result_id=result.pk, by=coordinator, to_stage=Stage.OBSERVERS,
                            opinions_until=until,
                        )  # fmt: skip
                    dates.update(
                        opened_to_observers_at=opened, opinions_until=until, updated_at=opened
                    )
                    self.load_opinions(result, opinions, opened, author, people, recent)
                    if stage == "public":
                        with self.dated(changed, read=changed):
                            result_services.stage_change(
                                result_id=result.pk, by=coordinator, to_stage=Stage.PUBLIC
                            )
                        dates.update(published_at=changed, updated_at=changed)
                elif number == 8 and title == content.RESULTS[8][0][1]:
                    # The leaders discuss theirs inside the network.
                    for position, (city_name, text) in enumerate(content.LEADERS_OPINIONS):
                        with self.dated(drafted + dt.timedelta(days=2 + position), read=drafted):
                            result_services.comment_add(
                                result_id=result.pk, by=people[city_name], body=text
                            )
                Result.objects.filter(pk=result.pk).update(**dates)
        self.load_reported_comment(networks, people)

    def load_partners(self, networks, people):
        """Cards in the directory of trusted partners (shown with their holders' consent) and
        two conversations: MIASTO CYFROWE's expert asks the city staff about their project, and
        another member's advertisement, which the city staff reported to ZMP's staff."""
        from accounts.models import PartnerCard
        from accounts.services import partner_card_save
        from partners import services as partner_services
        from partners.models import Conversation

        logins = {person.pk for key, person in people.items() if key in DEMO_ACCOUNTS}
        others = [p for p in self.members_of(networks[1]) if p.pk not in logins][:2]
        cards = [
            (people["city staff"], content.PARTNER_CARDS["city staff"]),
            (people["leader"], content.PARTNER_CARDS["leader"]),
            *zip(others, content.PARTNER_CARDS["members"], strict=False),
        ]
        for person, (expertise, projects) in cards:
            if PartnerCard.objects.filter(user=person).exists():
                continue  # a second run changes nothing
            partner_card_save(
                person_id=person.pk, shown=True, expertise=expertise, projects=projects
            )
        if Conversation.objects.exists():
            return
        question, answer = content.PARTNER_CONVERSATION
        conversation = partner_services.conversation_start(
            by=people["expert"], person_id=people["city staff"].pk, body=question
        )
        partner_services.reply(
            by=people["city staff"], conversation_id=conversation.pk, body=answer
        )
        if others:  # another member's advertisement, which the city staff read and reported
            spam, reason = content.PARTNER_REPORTED
            advertised = partner_services.conversation_start(
                by=others[0], person_id=people["city staff"].pk, body=spam
            )
            partner_services.conversation_read(
                by=people["city staff"], conversation_id=advertised.pk
            )
            partner_services.moderator.report(
                advertised.messages.get().pk, by=people["city staff"], reason=reason
            )

    def load_discussions(self, networks, people):
        """Each network's question (solved), consultation (open, for observers too where the
        network has them) and announcement, through the services, dated a few weeks back."""
        from discussions import demo_content as discussions
        from discussions import services as discussion_services
        from discussions.models import Post, Thread

        def backdate(thread, when):
            for step, post in enumerate(thread.posts.order_by("pk")):
                Post.objects.filter(pk=post.pk).update(
                    created_at=when + dt.timedelta(hours=step * 5)
                )
            last = when + dt.timedelta(hours=5 * (thread.posts.count() - 1))
            Thread.objects.filter(pk=thread.pk).update(created_at=when, last_post_at=last)

        started = Thread.objects.values_list("network_id", flat=True)
        for number, (
            question,
            answers,
            consultation,
            feedback,
            news,
        ) in discussions.THREADS.items():
            network = networks[number]
            if network.pk in started:
                continue
            members = self.members_of(network)
            coordinator = self.coordinator_of(number, people)
            asker, helpers = members[0], [*members[1:3], self.expert_of(number, people)]
            helpers = [person for person in helpers if person] or [coordinator]
            audience = "inside" if network.is_closed else "observers"
            thread = discussion_services.thread_start(
                by=asker, network_id=network.pk, kind="question", audience=audience,
                title=question[0], body=question[1],
            )  # fmt: skip
            replies = [
                discussion_services.post_add(
                    by=helpers[i % len(helpers)], thread_id=thread.pk, body=text
                )  # fmt: skip
                for i, text in enumerate(answers)
            ]
            discussion_services.solution_mark(by=asker, thread_id=thread.pk, post_id=replies[0].pk)
            backdate(thread, self.now - dt.timedelta(days=20))
            author = members[len(members) // 2] if len(members) > 1 else asker
            thread = discussion_services.thread_start(
                by=author, network_id=network.pk, kind="consultation", audience=audience,
                title=consultation[0], body=consultation[1],
                feedback_until=self.today + dt.timedelta(days=21),
            )  # fmt: skip
            for text in feedback:
                discussion_services.post_add(by=helpers[0], thread_id=thread.pk, body=text)
            backdate(thread, self.now - dt.timedelta(days=4))
            thread = discussion_services.thread_start(
                by=coordinator, network_id=network.pk, kind="announcement", audience=audience,
                title=news[0], body=news[1], pinned_until=self.today + dt.timedelta(days=14),
            )  # fmt: skip
            backdate(thread, self.now - dt.timedelta(days=2))

    def load_opinions(self, result, opinions, opened, author, people, recent):
        for position, (city_name, text, reply) in enumerate(opinions):
            said = opened + dt.timedelta(days=1 + 2 * position, hours=3)
            with self.dated(said, read=None if recent else said):
                comment = result_services.comment_add(
                    result_id=result.pk, by=people[("clerk", city_name)], body=text
                )
            if reply:
                with self.dated(said + dt.timedelta(days=1), read=None if recent else said):
                    result_services.comment_add(
                        result_id=result.pk, by=author, body=reply, parent_id=comment.pk
                    )

    def load_reported_comment(self, networks, people):
        """A comment on MIASTO OBYWATELI's standards that a member reported: the coordinator
        moderates it from their desk."""
        city_name, text, reason = content.REPORTED_COMMENT
        result = Result.objects.filter(network=networks[3], stage=Stage.OBSERVERS).first()
        if result is None or Comment.objects.filter(result=result, body=text).exists():
            return
        when = self.now - dt.timedelta(days=2)
        with self.dated(when):
            comment = result_services.comment_add(
                result_id=result.pk, by=people[("clerk", city_name)], body=text
            )
        with self.dated(when + dt.timedelta(hours=5)):
            result_services.comment_report(
                comment_id=comment.pk, by=people[("clerk", "Cieszyn")], reason=reason
            )

    def load_result(self, networks, people):
        """A result of MIASTO CYFROWE opened to its observers, with an opinion and a reply."""
        opened = timezone.now() - dt.timedelta(days=3)
        result, created = Result.objects.get_or_create(
            network=networks[1],
            title="Rekomendacje: e-usługi w urzędzie miasta średniej wielkości",
            defaults={
                "kind": ResultKind.RECOMMENDATION,
                "summary": "Dziesięć zaleceń sieci dla miast, które chcą przenieść do internetu "
                "najczęściej załatwiane sprawy, opartych na doświadczeniach Przemyśla.",
                "body": "<p>Zacznijcie od spraw, które mieszkańcy załatwiają najczęściej.</p>"
                "<ul><li>Jedna skrzynka podawcza.</li><li>Płatności online.</li></ul>",
                "author": people["expert"],
                "stage": Stage.OBSERVERS,
                "opened_to_observers_at": opened,
            },
        )
        if not created:
            return
        StageChange.objects.create(
            result=result, from_stage=Stage.DRAFT, to_stage=Stage.OBSERVERS,
            by=people["coordinator"],
        )  # fmt: skip
        opinion = Comment.objects.create(
            result=result, author=people["observer"],
            body="W Bochni zaczynaliśmy od płatności za odpady; to dobrze działa jako pierwszy "
            "krok. Zob. https://www.bochnia.pl",
        )  # fmt: skip
        Comment.objects.create(
            result=result, parent=opinion, author=people["city staff"],
            body="Dziękujemy, dopiszemy to do rekomendacji nr 3.",
        )  # fmt: skip
        document = simple_pdf(result.title)
        attachment = result.attachments.create(
            title="Rekomendacje (PDF)", kind="pdf", size=len(document), uploaded_by=people["expert"]
        )
        attachment.file.save("document.pdf", ContentFile(document))

    def load_desk_items(self, cities, networks, people):
        """What each role's desk shows on the first look: a practice submitted for review, a
        past meeting whose report is not written yet, a result awaiting the observer's
        opinion (the one above has theirs), and the observers' date on both."""
        opinions_until = timezone.localdate() + dt.timedelta(weeks=3)
        Result.objects.filter(
            network=networks[1], stage=Stage.OBSERVERS, opinions_until__isnull=True
        ).update(opinions_until=opinions_until)
        result, created = Result.objects.get_or_create(
            network=networks[1],
            title="Raport: elektroniczny obieg dokumentów w urzędach sieci",
            defaults={
                "kind": ResultKind.REPORT,
                "summary": "Jak sześć miast sieci wdrożyło EZD: koszty, harmonogram, szkolenia "
                "i czego unikać przy migracji z obiegu papierowego.",
                "body": "<p>Wnioski z wizyt studyjnych w miastach sieci.</p>",
                "author": people["expert"],
                "stage": Stage.OBSERVERS,
                "opened_to_observers_at": timezone.now() - dt.timedelta(days=1),
                "opinions_until": opinions_until,
            },
        )
        if created:
            StageChange.objects.create(
                result=result, from_stage=Stage.DRAFT, to_stage=Stage.OBSERVERS,
                by=people["coordinator"],
            )  # fmt: skip
        practice, created = Practice.objects.get_or_create(
            slug="e-platnosci-za-odpady-w-przemyslu",
            defaults={
                "title": "E-płatności za odpady komunalne w Przemyślu",
                "category": Category.objects.get(name="Zarządzanie strategiczne"),
                "city": cities["Przemyśl"],
                "summary": "Mieszkańcy płacą za odbiór odpadów przez internet, z indywidualnym "
                "numerem rachunku i przypomnieniem e-mailem przed terminem.",
                "implementing_unit": "Urząd Miejski w Przemyślu, Wydział Gospodarki Komunalnej",
                "status": PracticeStatus.SUBMITTED,
                "submitted_at": timezone.now() - dt.timedelta(days=2),
                "author": people["city staff"],
            },
        )
        if created:
            practice_services.search_index(practice)
        ended = timezone.now() - dt.timedelta(days=12)
        Meeting.objects.get_or_create(
            network=networks[1],
            topic="Cyfrowe archiwum zakładowe: pierwsze doświadczenia",
            defaults={
                "starts_at": ended - dt.timedelta(hours=4),
                "ends_at": ended,
                "format": MeetingFormat.ONLINE,
                "online_url": "https://spotkania.example.org/miasto-cyfrowe",
                "created_by": people["coordinator"],
            },
        )

    def print_logins(self):
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Log in with these accounts:"))
        for role, (email, *_rest) in DEMO_ACCOUNTS.items():
            self.stdout.write(f"  {role:<14} {email:<28} password: {DEMO_PASSWORD}")


def simple_pdf(title: str) -> bytes:
    """A one-page PDF naming the practice: a demo attachment made without any library."""
    text = folded(title).encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 56 780 Td (EMPIRIE - karta praktyki) Tj 0 -24 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, part in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + part + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return body


# Days no network meets: public holidays and the Christmas and New Year weeks (month, day).
DAYS_OFF = {(1, 1), (1, 6), (5, 1), (5, 3), (8, 15), (11, 1), (11, 11)} | {
    (12, day) for day in range(20, 32)
}


def working_day(day: dt.date) -> dt.date:
    """The Monday-to-Thursday nearest before `day`, a week later while that is a day off."""
    day -= dt.timedelta(days=max(0, day.weekday() - 3))
    while (day.month, day.day) in DAYS_OFF or (day.month, day.day) < (1, 3):
        day += dt.timedelta(days=7)
    return day


def gendered(last_name: str, first_name: str) -> str:
    """The surname's form for the person: Polish -ski/-cki surnames agree with the first
    name (a woman's ends in -a)."""
    woman = first_name.endswith("a")
    for his, hers in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if woman and last_name.endswith(his):
            return last_name[: -len(his)] + hers
        if not woman and last_name.endswith(hers):
            return last_name[: -len(hers)] + his
    return last_name


def venue_of(city) -> str:
    return f"Sala sesyjna urzędu, {city.postal_code} {city.name}"


def presentation_of(summary: str, effects: str) -> str:
    return (
        f"<h2>Na czym polega</h2><p>{summary}</p><h2>Efekty</h2><p>{effects}</p>"
        "<h2>Jak przenieść do innego miasta</h2><p>Zacznijcie od rozmowy z osobą kontaktową: "
        "udostępniamy dokumenty wdrożeniowe, wzory zarządzeń i harmonogram.</p>"
    )


def result_body(summary: str) -> str:
    return (
        f"<p>{summary}</p><h2>Skąd te wnioski</h2><p>Z doświadczeń miast sieci, omówionych na "
        "spotkaniach kwartalnych i w warsztatach.</p><h2>Co dalej</h2><ul><li>Miasta sieci "
        "sprawdzają wnioski u siebie.</li><li>Miasta obserwatorzy przekazują opinie.</li></ul>"
    )


def password_hash(password: str) -> str:
    hasher = get_hasher()
    if (
        password == DEMO_PASSWORD
        and DEMO_PASSWORD_HASH.startswith(f"{hasher.algorithm}$")
        and not hasher.must_update(DEMO_PASSWORD_HASH)
    ):
        return DEMO_PASSWORD_HASH
    return make_password(password)
