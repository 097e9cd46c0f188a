import datetime as dt
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.choices import Function, FunctionStatus
from accounts.models import Profile, User
from cities.choices import ProgrammeStatus
from cities.data import CITIES, LEADERS_NETWORK_CITIES
from cities.models import City
from meetings.choices import MeetingFormat, PublicationLevel
from meetings.models import Meeting, MeetingReport
from networks import services
from networks.choices import ParticipationStatus, Role
from networks.data import NETWORKS, THEMES_EN
from networks.models import Network, Participation
from practices import services as practice_services
from practices.choices import PracticeStatus
from practices.data import CATEGORIES_EN, CATEGORY_TREE
from practices.models import Category, Practice
from practices.search import folded
from results.choices import ResultKind, Stage
from results.models import Comment, Result, StageChange

DEMO_PASSWORD = "empirie-demo-2026"
WARSAW = ZoneInfo("Europe/Warsaw")

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
    help = "Load the 8 networks, the real cities of the source texts and one demo account per role."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Demo data is refused under these settings (production?).")
        with transaction.atomic():
            cities = self.load_cities()
            networks = self.load_networks()
            self.load_categories()
            people = self.load_accounts(cities)
            self.load_participations(cities, networks, people)
            self.load_meeting(cities, networks)
            self.load_coming_meeting(cities, networks, people)
            self.load_practice(cities, networks, people)
            self.load_result(networks, people)
            self.load_desk_items(cities, networks, people)
        self.print_logins()

    def load_cities(self):
        cities = {}
        for name, unit_type, county, voivodeship, postal, population, lat, lon, www in CITIES:
            cities[name], _ = City.objects.update_or_create(
                slug=slugify(name.replace("ł", "l").replace("Ł", "L")),
                defaults={
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
                },
            )
        # Starachowice funds its plan from the Norwegian grant, the report says: a laureate.
        City.objects.filter(slug="starachowice").update(programme_status=ProgrammeStatus.LAUREATE)
        City.objects.filter(slug="bochnia").update(programme_status=ProgrammeStatus.OBSERVER)
        return cities

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
        user, _ = User.objects.update_or_create(
            email=email, defaults={"first_name": first_name, "last_name": last_name}
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        Profile.objects.update_or_create(
            user=user,
            defaults={
                "city": city,
                "function": function,
                "function_status": FunctionStatus.VERIFIED if verified else FunctionStatus.DECLARED,
                "function_verified_at": timezone.now() if verified else None,
            },
        )
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
            user.is_staff = user.is_superuser = superuser
            user.save(update_fields=["is_staff", "is_superuser"])
            people[role] = user
        # The other heads of the leaders' network's cities; placeholders who cannot log in.
        for city_name, function in LEADERS_NETWORK_CITIES.items():
            if city_name == "Starachowice":
                continue
            city = cities[city_name]
            label = "Prezydent" if function == Function.PRESIDENT else "Burmistrz"
            people[city_name] = self.person(
                f"lider.{city.slug}@empirie.test", label, city_name, city, function, True
            )
        return people

    def participate(self, person, network, role, city=None):
        now = timezone.now()
        Participation.objects.update_or_create(
            person=person,
            network=network,
            status=ParticipationStatus.ACCEPTED,
            defaults={"role": role, "city": city, "decided_at": now},
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
        # One application waiting for the coordinator of MIASTO CYFROWE.
        if not Participation.objects.filter(person=people["leader"], network=networks[1]).exists():
            services.participation_apply(
                person=people["leader"],
                network_id=networks[1].pk,
                motivation="Starachowice wdrażają e-usługi dla mieszkańców i chcą dzielić się "
                "doświadczeniami z cyfryzacji urzędu.",
            )

    def load_meeting(self, cities, networks):
        # The 2nd meeting of the leaders' network; the report was published on 12 October 2022.
        starts_at = dt.datetime(2022, 10, 6, 10, 0, tzinfo=WARSAW)
        meeting, _ = Meeting.objects.update_or_create(
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
        MeetingReport.objects.update_or_create(
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

    def load_coming_meeting(self, cities, networks, people):
        # The next quarter's meeting of MIASTO CYFROWE, hybrid, hosted by Przemyśl.
        today = timezone.localdate()
        starts_at = dt.datetime(today.year, today.month, 1, 10, 0, tzinfo=WARSAW) + dt.timedelta(
            days=75
        )
        meeting, created = Meeting.objects.get_or_create(
            network=networks[1],
            topic="E-usługi w urzędzie: od wniosku papierowego do cyfrowego",
            defaults={
                "starts_at": starts_at,
                "ends_at": starts_at + dt.timedelta(hours=5),
                "format": MeetingFormat.HYBRID,
                "host_city": cities["Przemyśl"],
                "venue_address": "Urząd Miejski w Przemyślu, Rynek 1, 37-700 Przemyśl",
                "online_url": "https://spotkania.example.org/miasto-cyfrowe",
                "capacity": 40,
                "registration_deadline": starts_at - dt.timedelta(days=7),
                "created_by": people["coordinator"],
            },
        )
        if created:
            meeting.agenda.create(
                starts_at=dt.time(10, 0), title="Powitanie", speaker="Tomasz Doradca"
            )
            meeting.agenda.create(starts_at=dt.time(10, 30), title="E-usługi w Przemyślu")

    def load_practice(self, cities, networks, people):
        bochnia = cities["Bochnia"]
        practice, _ = Practice.objects.update_or_create(
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
                "author": people["observer"],
            },
        )
        practice.networks.set([networks[3], networks[5]])
        practice.contacts.update_or_create(
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
        Result.objects.filter(network=networks[1], stage=Stage.OBSERVERS).update(
            opinions_until=opinions_until
        )
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
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return body
