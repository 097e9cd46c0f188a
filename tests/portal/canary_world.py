"""A world with a canary in every closed thing, and a crawl that looks for the canaries.

Every closed thing (the leaders' network's practices, meeting, report, photo, documents,
results, comments and replies, its notifications; a thematic network's restricted practice and
its results before they are public) carries a marker of its own: a lowercase ASCII word that
survives slugify and search folding, in its title (or topic) and in its text. The crawl asks
every URL of the URL configuration, with every id of the world, as each person, and reports
every response that shows a marker the person may not see (the table of who may see what is
written by hand in the test that uses this module).

Canary texts are written by people who are never crawled (an "author leader" and a second
leader who replies), so nothing a crawled person wrote contains a marker.

The world is built with factories, the ORM and HTTP requests; the only services it calls
directly are accounts.services.notify, the partner card's and the conversation's (the others
take ids from now on).
"""

import contextlib
import dataclasses
import datetime as dt
import io
import logging
import re
import secrets
import struct
import time
import zipfile
import zlib
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import quote, quote_plus, unquote, urljoin, urlsplit

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from accounts.choices import EmailMode, Function, NetworkAudience, NotificationKind
from accounts.mail import NOTIFICATION, unsubscribe_token
from accounts.models import Profile
from accounts.services import notify, partner_card_save
from api.datasets import registered as registered_datasets
from api.models import ApiToken
from cities.choices import PlanKind, ProgrammeStatus
from cities.models import City, DevelopmentPlan
from discussions import services as discussion_services
from discussions.choices import ThreadKind
from discussions.models import Post, Thread
from empirie.i18n import Quarter
from empirie.sitemaps import SECTIONS as SITEMAP_SECTIONS
from figures import public as figures_public
from figures import staff as figures_staff
from invitations.models import Invitation, token_hash, token_new
from invitations.services import VALID_FOR
from meetings.choices import MeetingFormat, PublicationLevel
from meetings.models import (
    CalendarFeed,
    Certificate,
    Meeting,
    MeetingAttachment,
    MeetingPhoto,
    MeetingReport,
    Registration,
    SurveyAnswer,
    WaitingListEntry,
)
from networks.choices import NetworkKind, ParticipationStatus, Role
from networks.models import Continuation, Edition, Participation
from partners import services as partner_services
from practices import services as practice_services
from practices.choices import PracticeStatus
from practices.models import Category, Practice, PracticeAttachment
from results import services as result_services
from results.choices import Stage
from results.models import Comment, Result, ResultAttachment
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, ProfileFactory
from tests.networks.test_permission_matrix import url_patterns

# The canaries: one marker for each closed thing. A marker is "zqlp" + a word + "zq"; its
# search word ("sklp" + the word) is in the thing's text too, so that a search names the
# thing without ever echoing its marker.
CANARIES = {
    "leaders draft practice": "zqlpldraftzq",
    "leaders draft practice city": "zqlpcityldraftzq",
    "leaders submitted practice": "zqlplsubmitzq",
    "leaders submitted practice city": "zqlpcitylsubmitzq",
    "leaders published practice": "zqlplpubzq",
    "leaders published practice city": "zqlpcitylpubzq",
    "leaders practice attachment": "zqlplattachzq",
    "T practice": "zqlptpraczq",
    "T practice city": "zqlpcitytpraczq",
    "leaders meeting": "zqlpmeetzq",
    "leaders meeting host city": "zqlpcityhostzq",
    "leaders report": "zqlpreportzq",
    "leaders photo": "zqlpphotozq",
    "leaders document": "zqlpdoczq",
    "leaders coming meeting": "zqlpsoonzq",
    "leaders planned meeting": "zqlpplanzq",
    "leaders survey": "zqlpsurveyzq",
    "leaders draft result": "zqlpresdraftzq",
    "leaders draft result comment": "zqlpcomdraftzq",
    "leaders draft result reply": "zqlprepdraftzq",
    "leaders result document": "zqlpresdoczq",
    "leaders observers result": "zqlpresobszq",
    "leaders observers result comment": "zqlpcomobszq",
    "leaders observers result reply": "zqlprepobszq",
    "leaders public result": "zqlprespubzq",
    "leaders public result comment": "zqlpcompubzq",
    "leaders public result reply": "zqlpreppubzq",
    "T draft result": "zqlptdraftzq",
    "T observers result": "zqlptobszq",
    "leaders thread": "zqlpthreadzq",
    "leaders thread reply": "zqlpthrepzq",
    "leaders thread document": "zqlpthdoczq",
    "leaders thread photo": "zqlpthphotozq",
    "T thread": "zqlptthreadzq",
    "T observers thread": "zqlptobsthzq",
    "leaders card": "zqlpcardzq",
    "leaders message": "zqlpmsgzq",
    "leaders edition": "zqlpeditionzq",
    "leaders next edition": "zqlpnexteditionzq",
}
MARKER_PATTERN = re.compile(r"zqlp[a-z]*?zq")
CITY_CANARIES = {name for name in CANARIES if name.endswith("city")}
# A city that nothing refers to: a list of cities that names it is a list of all cities
# (sign-up, profile, a meeting's host), which names the canary cities as cities, not as
# places of anything closed.
CONTROL_CITY = "Kontrolowo"


def search_word(canary: str) -> str:
    return "sklp" + CANARIES[canary][4:-2]


def _check_markers():
    markers = list(CANARIES.values())
    assert len(set(markers)) == len(markers)
    for marker in markers:
        assert MARKER_PATTERN.fullmatch(marker) and "zq" not in marker[2:-2], marker
        assert not any(marker in other for other in markers if other != marker), marker


_check_markers()

# The people who are crawled, by label (the test's table has a row for each).
ADMIN = "administrator"
COORDINATOR = "leaders' coordinator"
LEADER = "verified leader"
VISITOR = "visitor"
STAFF = "city staff (member of T)"
OBSERVER = "observer of T"
DEPUTY = "unverified deputy (accepted member of leaders)"
EXPERT2 = "expert of T2"
COORDINATOR2 = "coordinator of T2"
LEADER_A = "leader A"
LEADER_B = "leader B"
LEADER_C = "leader C"
LEADER_D = "leader D"
A_WITHDRAWN = "leader A after the verification is withdrawn"
B_STAFF = "leader B after changing their function to staff"
C_LEFT = "leader C after leaving the leaders' network"
D_HANDED = "leader D after their seat passed to a successor"
# D's successor (same city), crawled once the seat is theirs: an accepted member of the leaders'
# network whose function awaits verification.
SUCCESSOR = "leader D's successor, awaiting verification"
# The same people after the access changes (D): same client, same session.
AFTER = {A_WITHDRAWN: LEADER_A, B_STAFF: LEADER_B, C_LEFT: LEADER_C, D_HANDED: LEADER_D}
PEOPLE = [
    ADMIN, COORDINATOR, LEADER, VISITOR, STAFF, OBSERVER, DEPUTY, EXPERT2, COORDINATOR2,
    LEADER_A, LEADER_B, LEADER_C, LEADER_D,
]  # fmt: skip
# Privileged people first, so the others are served what they left in the cache.
WARM_FIRST = [ADMIN, COORDINATOR, LEADER]


# Files with a marker inside


def pdf_with(marker: str) -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Title (" + marker.encode() + b") >> endobj\n"
        b"% " + marker.encode() + b"\n%%EOF\n"
    )


def png_with(marker: str, width=240, height=200) -> bytes:
    """A real PNG (one colour) that carries the marker in a tEXt chunk."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + b"\x20\x40\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"tEXt", b"Comment\x00" + marker.encode())
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


# Forms, read as a browser would (hidden inputs, selected options, checked boxes)


@dataclasses.dataclass
class Form:
    action: str
    method: str
    fields: dict = dataclasses.field(default_factory=dict)  # name -> [values sent]
    options: dict = dataclasses.field(default_factory=dict)  # name -> [values offered]


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.form = [], None
        self.textarea = self.select = self.option = None

    def handle_starttag(self, tag, attrs):
        a = {key: ("" if value is None else value) for key, value in attrs}
        if tag == "form":
            self.form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                self.form.options.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    self.form.fields.setdefault(name, []).append(a.get("value", "on"))
            else:
                self.form.fields.setdefault(name, []).append(a.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.form.fields.setdefault(name, []).append("")
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in a, "chosen": [], "first": None}
            self.form.options.setdefault(name, [])
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "text": "", "selected": "selected" in a}

    def handle_data(self, data):
        if self.textarea is not None and self.form is not None:
            self.form.fields[self.textarea][-1] += data
        if self.option is not None:
            self.option["text"] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "option" and self.option is not None:
            self._option_end()
        elif tag == "select" and self.select is not None:
            if self.option is not None:
                self._option_end()
            select, self.select = self.select, None
            chosen = select["chosen"] or (
                [select["first"]] if not select["multiple"] and select["first"] is not None else []
            )
            if chosen:
                self.form.fields[select["name"]] = chosen
        elif tag == "form":
            self.form = None

    def _option_end(self):
        option, self.option = self.option, None
        value = option["value"] if option["value"] is not None else option["text"].strip()
        self.form.options[self.select["name"]].append(value)
        if self.select["first"] is None:
            self.select["first"] = value
        if option["selected"]:
            self.select["chosen"].append(value)


def forms_of(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def submit(client, url, changes, *, pick=None):
    """GET the page, take its POST form (the first that `pick` accepts; by default the first
    sent to the page itself with all the fields in `changes`, so not the header's log-out or
    language forms), keep what the page filled in, change `changes` (a value, a list of
    values, or a function of the form) and POST it where the form says."""
    page = client.get(url)
    assert page.status_code == 200, f"GET {url}: {page.status_code}"

    def target(form):
        return urljoin(url, form.action).split("#")[0] if form.action else url

    candidates = [form for form in forms_of(page.content.decode()) if form.method == "post"]
    if pick is not None:
        candidates = [form for form in candidates if pick(form)]
    else:
        candidates = [
            form
            for form in candidates
            if urlsplit(target(form)).path == urlsplit(url).path
            and all(name in form.fields or name in form.options for name in changes)
        ]
    assert candidates, f"no form to send on {url}"
    form = candidates[0]
    data = {name: list(values) for name, values in form.fields.items()}
    for name, value in changes.items():
        value = value(form) if callable(value) else value
        data[name] = value if isinstance(value, list) else [value]
    return client.post(target(form), data)


def refusal(form: Form) -> str:
    """The "no" answer of a decision form (the other one is "yes")."""
    offered = form.options["decision"]
    for value in ("reject", "no", "withdraw", "refuse"):
        if value in offered:
            return value
    return offered[-1]


# The world


@dataclasses.dataclass
class Reader:
    label: str
    user: object  # None for the visitor
    client: Client


@dataclasses.dataclass
class World:
    may_see: dict  # label -> canaries (the test's hand-written table)
    readers: dict  # label -> Reader
    people: dict  # every person of the world by key, crawled or not
    networks: dict
    cities: dict
    practices: dict  # canary (or "open") -> Practice
    attachments: dict
    meetings: dict
    photos: list
    meeting_documents: list
    results: dict
    result_documents: list
    comments: dict  # canary or description -> Comment
    threads: dict  # canary -> Thread
    posts: dict  # canary -> Post
    participations: list
    applications: list
    profiles: list
    tokens: dict  # user pk -> calendar token
    certificates: dict  # user pk -> the code of their certificate of participation
    plans: list = dataclasses.field(default_factory=list)  # cities' development plans (public)
    card_holders: list = dataclasses.field(default_factory=list)  # people showing a card
    conversations: list = dataclasses.field(default_factory=list)
    messages: list = dataclasses.field(default_factory=list)
    # network key -> {"slug", "pk", "token"}: a pending invitation to it (the link is its key)
    invitations: dict = dataclasses.field(default_factory=dict)

    def admin_objects(self):
        """The closed objects whose admin pages the crawl opens, by model."""
        canaries = [p for k, p in self.practices.items() if k != "open"]
        return {
            Practice: [p.pk for p in canaries],
            Result: [r.pk for k, r in self.results.items() if k != "open"],
            Comment: [c.pk for c in self.comments.values()],
            Thread: [t.pk for t in self.threads.values()],
            Post: [p.pk for p in self.posts.values()],
            Meeting: [
                self.meetings["leaders meeting"].pk,
                self.meetings["leaders coming"].pk,
                self.meetings["leaders planned"].pk,
            ],
            City: [city.pk for name, city in self.cities.items() if name in CITY_CANARIES],
            Profile: [profile.pk for profile in self.profiles],
        }


def _person(
    function=Function.STAFF, *, city=None, verified=False, mode=EmailMode.IMMEDIATE, **user
):
    profile = ProfileFactory(
        function=function,
        city=city,
        email_mode=mode,
        **({"verified": True} if verified else {}),
        **{f"user__{key}": value for key, value in user.items()},
    )
    return profile.user


def client_of(user=None):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _indexed(practice):
    """Searchable at once, as the portal's services index a practice."""
    practice_services.search_index(practice)
    return practice


def comment_over_http(client, result, body, *, reply_to=None):
    url = reverse("results:detail", args=[result.pk])
    if reply_to is None:
        pick = lambda form: "body" in form.fields and "parent" not in form.fields  # noqa: E731
    else:
        pick = lambda form: form.fields.get("parent") == [str(reply_to.pk)]  # noqa: E731
    response = submit(client, url, {"body": body}, pick=pick)
    assert response.status_code == 302, f"comment on {url}: {response.status_code}"
    return Comment.objects.filter(result=result).latest("pk")


def build_world(may_see) -> World:
    now = timezone.now()
    c = CANARIES

    # Networks: a thematic one (T), another (T2), the leaders'.
    t = NetworkFactory(slug="siec-t-kanarek", name="SIEĆ T")
    t2 = NetworkFactory(slug="siec-t2-kanarek", name="SIEĆ T2")
    leaders = NetworkFactory(
        slug="siec-liderow-kanarek", name="SIEĆ LIDERÓW", kind=NetworkKind.LEADERS
    )

    # Cities: each closed practice in a city of its own named by a marker; the leaders'
    # meeting's host city too. The people's cities are ordinary: the leaders' member cities
    # are public.
    cities = {}
    for number, name in enumerate(sorted(CITY_CANARIES)):
        cities[name] = CityFactory(
            name=c[name].capitalize(), slug=c[name], population=40000,
            latitude=50 + number * 0.6, longitude=16 + number * 1.1,
        )  # fmt: skip
    cities["control"] = CityFactory(name=CONTROL_CITY, slug="kontrolowo")
    cities["observer"] = CityFactory(programme_status=ProgrammeStatus.OBSERVER)
    cities["staff"] = CityFactory()

    def city():
        return CityFactory()

    # People who are crawled.
    people = {
        ADMIN: _person(Function.OTHER, is_superuser=True, is_staff=True),
        COORDINATOR: _person(Function.OTHER, mode=EmailMode.DIGEST),
        LEADER: _person(Function.PRESIDENT, city=city(), verified=True),
        STAFF: _person(city=cities["staff"]),
        OBSERVER: _person(city=cities["observer"], mode=EmailMode.DIGEST),
        DEPUTY: _person(Function.DEPUTY_MAYOR, city=city(), mode=EmailMode.DIGEST),
        EXPERT2: _person(Function.OTHER),
        COORDINATOR2: _person(Function.OTHER),
        LEADER_A: _person(Function.MAYOR, city=city(), verified=True),
        LEADER_B: _person(Function.PRESIDENT, city=city(), verified=True, mode=EmailMode.DIGEST),
        LEADER_C: _person(Function.DEPUTY_PRESIDENT, city=city(), verified=True),
        LEADER_D: _person(Function.MAYOR, city=city(), verified=True),
    }
    # People who write the canaries, and are never crawled.
    people["author leader"] = _person(Function.PRESIDENT, city=city(), verified=True)
    people["second leader"] = _person(Function.MAYOR, city=city(), verified=True)
    people["T author"] = _person(city=city())
    people["leaders applicant"] = _person(Function.MAYOR, city=city(), verified=True)
    people["T applicant"] = _person(city=city())

    def member(key, network, role=Role.MEMBER, **extra):
        user = people[key]
        return ParticipationFactory(
            person=user, network=network, role=role, city=user.profile.city, **extra
        )

    participations = [
        member(STAFF, t),
        member(OBSERVER, t, Role.OBSERVER),
        member("T author", t),
        member(EXPERT2, t2, Role.EXPERT),
        member(COORDINATOR2, t2, Role.COORDINATOR),
        member(COORDINATOR, leaders, Role.COORDINATOR),
        member(DEPUTY, leaders),
        member(LEADER, leaders),
        member(LEADER_A, leaders),
        member(LEADER_B, leaders),
        member(LEADER_C, leaders),
        member(LEADER_D, leaders),
        member("author leader", leaders),
        member("second leader", leaders),
    ]
    pending = {"status": ParticipationStatus.APPLIED, "decided_at": None}
    applications = [
        member("leaders applicant", leaders, **pending),
        member("T applicant", t, **pending),
    ]
    author, second = people["author leader"], people["second leader"]

    # Practices.
    category, _created = Category.objects.get_or_create(
        parent=None, name="Usługi społeczne", defaults={"slug": "uslugi-spoleczne-kanarek"}
    )

    def practice(canary, slug, *, city_of, network, by, **fields):
        marker, word = c[canary], search_word(canary)
        created = Practice.objects.create(
            title=f"{marker} Praktyka {word}", slug=slug, category=category, city=city_of,
            summary=f"Skrót {marker} {word}", presentation=f"<p>Prezentacja {marker} {word}</p>",
            implementing_unit=f"Jednostka {marker}", author=by, restricted_to_networks=True,
            **fields,
        )  # fmt: skip
        created.networks.set([network])
        return _indexed(created)

    published = {"status": PracticeStatus.PUBLISHED, "published_at": now - dt.timedelta(days=1)}
    practices = {
        "leaders draft practice": practice(
            "leaders draft practice", "kanarek-szkic", city_of=cities["leaders draft practice city"],
            network=leaders, by=author,
        ),
        "leaders submitted practice": practice(
            "leaders submitted practice", "kanarek-zgloszona",
            city_of=cities["leaders submitted practice city"], network=leaders, by=author,
            status=PracticeStatus.SUBMITTED, submitted_at=now - dt.timedelta(hours=5),
        ),
        "leaders published practice": practice(
            "leaders published practice", "kanarek-opublikowana",
            city_of=cities["leaders published practice city"], network=leaders, by=author,
            **published,
        ),
        "T practice": practice(
            "T practice", "kanarek-sieci-t", city_of=cities["T practice city"], network=t,
            by=people["T author"], **published,
        ),
        "open": _indexed(Practice.objects.create(
            title="Otwarta praktyka", slug="kanarek-otwarta", category=category,
            city=cities["staff"], summary="Skrót", author=people["T author"], **published,
        )),
    }  # fmt: skip
    attachments = {
        "leaders practice attachment": PracticeAttachment.objects.create(
            practice=practices["leaders published practice"],
            file=SimpleUploadedFile("a.pdf", pdf_with(c["leaders practice attachment"])),
            title=f"{c['leaders practice attachment']} Załącznik", kind="pdf",
            size=len(pdf_with(c["leaders practice attachment"])), uploaded_by=author,
        ),
        "open": PracticeAttachment.objects.create(
            practice=practices["open"], file=SimpleUploadedFile("o.pdf", b"%PDF-1.4\n"),
            title="Opis", kind="pdf", size=9,
        ),
    }  # fmt: skip

    # Meetings: the leaders' (past, with a report, a photo and a document; and one starting
    # in three minutes), and the thematic network's.
    coordinator = people[COORDINATOR]
    past = now - dt.timedelta(days=40)
    meetings = {
        "leaders meeting": Meeting.objects.create(
            network=leaders, topic=f"{c['leaders meeting']} Spotkanie {search_word('leaders meeting')}",
            description=f"Opis {c['leaders meeting']}", starts_at=past,
            ends_at=past + dt.timedelta(hours=4), format=MeetingFormat.IN_PERSON,
            host_city=cities["leaders meeting host city"], venue_address="Rynek 1",
            created_by=coordinator,
        ),
        "leaders coming": Meeting.objects.create(
            network=leaders,
            topic=f"{c['leaders coming meeting']} Spotkanie {search_word('leaders coming meeting')}",
            description=f"Opis {c['leaders coming meeting']}",
            starts_at=now + dt.timedelta(minutes=3), ends_at=now + dt.timedelta(minutes=63),
            format=MeetingFormat.ONLINE, online_url="https://spotkanie.example.org/liderzy",
            created_by=coordinator, capacity=2,
        ),
        # A draft of the quarterly plan: its coordinator's (and administrators') only.
        "leaders planned": Meeting.objects.create(
            network=leaders,
            topic=f"{c['leaders planned meeting']} Spotkanie {search_word('leaders planned meeting')}",
            description=f"Opis {c['leaders planned meeting']}",
            starts_at=now + dt.timedelta(days=100), ends_at=now + dt.timedelta(days=100, hours=4),
            format=MeetingFormat.IN_PERSON, draft=True, created_by=coordinator,
        ),
        "T meeting": Meeting.objects.create(
            network=t, topic="Spotkanie sieci T", starts_at=now + dt.timedelta(days=20),
            ends_at=now + dt.timedelta(days=20, hours=3), format=MeetingFormat.ONLINE,
            online_url="https://spotkanie.example.org/t",
        ),
    }  # fmt: skip
    leaders_meeting = meetings["leaders meeting"]
    MeetingReport.objects.create(
        meeting=leaders_meeting, body=f"<p>{c['leaders report']} Relacja {search_word('leaders report')}</p>",
        minutes=f"Protokół {c['leaders report']}", level=PublicationLevel.MEMBERS,
        published_at=past + dt.timedelta(days=2), updated_by=coordinator,
    )  # fmt: skip
    photos = [
        MeetingPhoto.objects.create(
            meeting=leaders_meeting, caption=f"{c['leaders photo']} Zdjęcie",
            image=SimpleUploadedFile("zdjecie.png", png_with(c["leaders photo"])),
            thumbnail=SimpleUploadedFile("miniatura.png", png_with(c["leaders photo"], 120, 100)),
            width=240, height=200, uploaded_by=coordinator,
        )
    ]  # fmt: skip
    meeting_documents = [
        MeetingAttachment.objects.create(
            meeting=leaders_meeting, title=f"{c['leaders document']} Dokument",
            file=SimpleUploadedFile("dokument.pdf", pdf_with(c["leaders document"])),
            kind="pdf", size=len(pdf_with(c["leaders document"])), uploaded_by=coordinator,
        )
    ]  # fmt: skip
    Registration.objects.create(
        meeting=leaders_meeting, person=people[LEADER], mode="in_person", attended=True
    )
    # The leaders' meeting's survey: five anonymous answers (enough for its results to show),
    # the canary in what they would change and the topics they wish for.
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(
            meeting=leaders_meeting, overall=4, usefulness=5,
            to_change=f"{c['leaders survey']} Zmiana {number}",
            topic_wishes=f"Temat {c['leaders survey']} {number}",
        )
        for number in range(5)
    )  # fmt: skip

    # Results at each stage (created in the database, with the dates the constraints ask),
    # each with a comment and a reply by people who are not crawled.
    def result(canary, network, stage, by, **dates):
        marker, word = c[canary], search_word(canary)
        made = Result.objects.create(
            network=network, author=by, stage=stage, kind="report",
            title=f"{marker} Wynik {word}", summary=f"Streszczenie {marker} {word}",
            body=f"<p>Treść {marker}</p>", **dates,
        )  # fmt: skip
        result_services.search_index(made)
        return made

    opened = {"opened_to_observers_at": now - dt.timedelta(days=2)}
    results = {
        "leaders draft result": result("leaders draft result", leaders, Stage.DRAFT, author),
        "leaders observers result": result(
            "leaders observers result", leaders, Stage.OBSERVERS, author, **opened
        ),
        "leaders public result": result(
            "leaders public result", leaders, Stage.PUBLIC, author, **opened,
            published_at=now - dt.timedelta(days=1),
        ),
        "T draft result": result("T draft result", t, Stage.DRAFT, people["T author"]),
        "T observers result": result(
            "T observers result", t, Stage.OBSERVERS, people["T author"], **opened
        ),
        "open": Result.objects.create(
            network=t, author=people["T author"], stage=Stage.PUBLIC, kind="report",
            title="Wynik publiczny", summary="Streszczenie", published_at=now, **opened,
        ),
    }  # fmt: skip
    results["leaders public result"].meetings.set([leaders_meeting])
    results["leaders public result"].practices.set([practices["leaders published practice"]])
    result_documents = [
        ResultAttachment.objects.create(
            result=results["leaders draft result"], title=f"{c['leaders result document']} Dokument",
            file=SimpleUploadedFile("wynik.pdf", pdf_with(c["leaders result document"])),
            kind="pdf", size=len(pdf_with(c["leaders result document"])), uploaded_by=author,
        )
    ]  # fmt: skip
    comments = {}
    for stage in ("draft", "observers", "public"):
        on = results[f"leaders {stage} result"]
        first = Comment.objects.create(
            result=on, author=author, body=f"{c[f'leaders {stage} result comment']} Opinia"
        )
        comments[f"leaders {stage} result comment"] = first
        comments[f"leaders {stage} result reply"] = Comment.objects.create(
            result=on, parent=first, author=second,
            body=f"{c[f'leaders {stage} result reply']} Odpowiedź",
        )  # fmt: skip

    # Discussions: a thread of the leaders' network with a reply, and the thematic network's
    # thread for its people and one its observers read too; each person watching tells them.
    def thread(canary, network, by, audience=NetworkAudience.INSIDE):
        marker, word = c[canary], search_word(canary)
        return discussion_services.thread_start(
            by=by, network_id=network.pk, kind=ThreadKind.QUESTION, audience=audience,
            title=f"{marker} Wątek {word}", body=f"Pytanie {marker} {word}",
        )  # fmt: skip

    threads = {
        "leaders thread": thread("leaders thread", leaders, author),
        "T thread": thread("T thread", t, people["T author"]),
        "T observers thread": thread(
            "T observers thread", t, people["T author"], NetworkAudience.OBSERVERS
        ),
    }
    posts = {name: each.posts.get() for name, each in threads.items()}
    posts["leaders thread reply"] = discussion_services.post_add(
        by=second, thread_id=threads["leaders thread"].pk,
        body=f"{c['leaders thread reply']} Odpowiedź {search_word('leaders thread reply')}",
        documents=[{
            "file": SimpleUploadedFile("plan.pdf", pdf_with(c["leaders thread document"])),
            "title": f"{c['leaders thread document']} Plan",
        }],
        photos=[{
            "image": SimpleUploadedFile("rynek.png", png_with(c["leaders thread photo"])),
            "caption": f"{c['leaders thread photo']} Rynek",
        }],
    )  # fmt: skip

    # What crawled people do over HTTP (their own words carry no marker): the verified leader
    # and leader A comment, the second leader replies to each (which tells them), and A, B and
    # C register for the coming meeting.
    clients = {key: client_of(user) for key, user in people.items() if key in PEOPLE}
    clients[VISITOR] = client_of()
    comments["leader's comment"] = comment_over_http(
        clients[LEADER], results["leaders public result"], "Uwaga lidera ellkomentarz"
    )
    comments["leader A's comment"] = comment_over_http(
        clients[LEADER_A], results["leaders observers result"], "Uwaga lidera A"
    )
    second_client = client_of(second)
    for key in ("leader's comment", "leader A's comment"):
        parent = comments[key]
        comments[f"reply to {key}"] = comment_over_http(
            second_client, parent.result, "Dziękuję", reply_to=parent
        )
    coming = meetings["leaders coming"]
    for key in (LEADER_A, LEADER_B, LEADER_C):
        register = reverse("meetings:register", args=[coming.pk])
        response = submit(
            clients[key], reverse("meetings:detail", args=[coming.pk]), {},
            pick=lambda form, register=register: form.action.endswith(register),
        )  # fmt: skip
        assert response.status_code == 302
    # Two places: the third leader waits for one (the waiting list is the inside's too).
    assert Registration.objects.filter(meeting=coming).count() == 2
    assert WaitingListEntry.objects.filter(meeting=coming).count() == 1
    # Leader D waits too, behind C: a place D's unverified successor may not take over.
    WaitingListEntry.objects.create(
        meeting=coming, person=people[LEADER_D], mode="online", reason="full", position=9
    )

    # Notifications of the leaders' network to its members and coordinator, one about each
    # thing; and the thematic network's to its people (and observers, for a result opened to
    # them).
    leaders_people = [people[key] for key in (
        COORDINATOR, LEADER, LEADER_A, LEADER_B, LEADER_C, LEADER_D, DEPUTY, "author leader",
        "second leader",
    )]  # fmt: skip
    news = {
        "leaders draft result": reverse("results:detail", args=[results["leaders draft result"].pk]),
        "leaders observers result": reverse("results:detail", args=[results["leaders observers result"].pk]),
        "leaders public result": reverse("results:detail", args=[results["leaders public result"].pk]),
        "leaders meeting": reverse("meetings:detail", args=[leaders_meeting.pk]),
        "leaders report": reverse("meetings:report", args=[leaders_meeting.pk]),
        "leaders coming meeting": reverse("meetings:detail", args=[coming.pk]),
        "leaders published practice": reverse(
            "practices:detail", args=[practices["leaders published practice"].slug]
        ),
    }  # fmt: skip
    for canary, url in news.items():
        for person in leaders_people:
            notify(
                recipient=person, kind=NotificationKind.RESULT_NEW,
                params={"variant": "draft", "network": leaders.name,
                        "title": f"{c[canary]}: nowość w sieci liderów",
                        "summary": f"Zobacz {c[canary]}"},
                url=url, network=leaders,
            )  # fmt: skip
    for canary, audience, keys in [
        ("T draft result", NetworkAudience.INSIDE, (STAFF, "T author")),
        ("T observers result", NetworkAudience.OBSERVERS, (STAFF, "T author", OBSERVER)),
    ]:
        for key in keys:
            notify(
                recipient=people[key], kind=NotificationKind.RESULT_NEW,
                params={"variant": "draft", "network": t.name,
                        "title": f"{c[canary]}: nowy wynik sieci T",
                        "summary": f"Zobacz {c[canary]}"},
                url=reverse("results:detail", args=[results[canary].pk]), network=t,
                network_audience=audience,
            )  # fmt: skip

    # The verified leader was marked present at the leaders' meeting: they download their
    # certificate of participation (made then); its code verifies it to whoever has it.
    response = clients[LEADER].get(reverse("meetings:certificate", args=[leaders_meeting.pk]))
    assert response.status_code == 200, response.status_code
    certificates = {
        people[LEADER].pk: Certificate.objects.get(registration__meeting=leaders_meeting).code
    }

    # Each crawled person's calendar address (the token is the key: each asks with their own).
    tokens = {}
    for key in PEOPLE:
        if key != VISITOR:
            feed = CalendarFeed.objects.create(person=people[key], token=secrets.token_urlsafe(24))
            tokens[people[key].pk] = feed.token

    # The directory of trusted partners: the author leader's card (the leaders' people's
    # only), the verified leader's and the T member's; the author leader asks the verified
    # leader (a conversation for its two sides alone, administrators neither).
    card_holders = [author, people[LEADER], people[STAFF]]
    partner_card_save(
        person_id=author.pk, shown=True,
        expertise=[c["leaders card"], search_word("leaders card")],
        projects=f"Projekt {c['leaders card']}",
    )  # fmt: skip
    for holder in card_holders[1:]:
        partner_card_save(person_id=holder.pk, shown=True, expertise=["transport"], projects="")
    conversation = partner_services.conversation_start(
        by=author, person_id=people[LEADER].pk,
        body=f"{c['leaders message']} Pytanie {search_word('leaders message')}",
    )  # fmt: skip
    reply = partner_services.reply(
        by=people[LEADER], conversation_id=conversation.pk, body="Odpowiedź lidera"
    )
    # The reply (no marker) is reported: administrators open its moderation page, which shows
    # that message alone, never the marked one before it.
    partner_services.moderator.report(reply.pk, by=author, reason="Nie na temat")
    conversations = [conversation]
    partner_messages = list(conversation.messages.order_by("pk"))

    readers = {key: Reader(key, people.get(key), clients[key]) for key in PEOPLE}
    for after, before in AFTER.items():
        readers[after] = Reader(after, people[before], clients[before])
    people[SUCCESSOR] = _person(city=people[LEADER_D].profile.city)
    readers[SUCCESSOR] = Reader(SUCCESSOR, people[SUCCESSOR], client_of(people[SUCCESSOR]))
    profiles = [people[key].profile for key in (
        LEADER, LEADER_A, LEADER_B, LEADER_C, DEPUTY, "author leader", "second leader",
    )]  # fmt: skip
    # Development plans are public, a leaders' member city's too (its page names the city).
    plans = [
        DevelopmentPlan.objects.create(
            city=home,
            kind=kind,
            title=f"Plan {home.name}",
            period_from=2021,
            period_to=2030,
            goals="Cele planu",
        )  # fmt: skip
        for home, kind in (
            (cities["staff"], PlanKind.LOCAL),
            (people[LEADER].profile.city, PlanKind.INSTITUTIONAL),
        )
    ]
    # The leaders' network's first edition, closed by its coordinator, and the next one
    # opened (its members asked to confirm they continue): both named by a marker.
    Edition.objects.filter(network=leaders).update(
        name=f"{c['leaders edition']} 2022–2024", starts_on=dt.date(2022, 3, 1)
    )
    coordinating = clients[COORDINATOR]
    response = submit(coordinating, reverse("networks:edition_close", args=[leaders.slug]), {})
    assert response.status_code == 302, response.status_code
    # The portal's day (Warsaw's): from 23:00 UTC in winter, UTC's date is the day before the
    # closed edition's last, and the next one may not start then.
    response = submit(
        coordinating, reverse("networks:edition_open", args=[leaders.slug]),
        {"name": f"{c['leaders next edition']} 2025–2027", "starts_on": str(timezone.localdate(now))},
    )  # fmt: skip
    assert response.status_code == 302, response.status_code
    assert Edition.objects.filter(network=leaders, closed_at__isnull=True).count() == 1
    # A pending invitation to the leaders' network and to T2, by their coordinators.
    invitations = {}
    for key, network, by in (("leaders", leaders, COORDINATOR), ("T2", t2, COORDINATOR2)):
        token = token_new()
        invitation = Invitation.objects.create(
            network=network, email=f"zaproszenie-{network.slug}@example.pl", role=Role.MEMBER,
            token_hash=token_hash(token), invited_by=people[by], expires_at=now + VALID_FOR,
        )  # fmt: skip
        invitations[key] = {"slug": network.slug, "pk": invitation.pk, "token": token}
    return World(
        invitations=invitations,
        may_see=may_see, readers=readers, people=people,
        networks={"T": t, "T2": t2, "leaders": leaders}, cities=cities, practices=practices,
        attachments=attachments, meetings=meetings, photos=photos,
        meeting_documents=meeting_documents, results=results, result_documents=result_documents,
        comments=comments, threads=threads, posts=posts, participations=participations,
        applications=applications,
        profiles=profiles, tokens=tokens, certificates=certificates, plans=plans,
        card_holders=card_holders, conversations=conversations, messages=partner_messages,
    )  # fmt: skip


# The access changes, through the portal itself (D)


def withdraw_verification(world):
    """The leaders' coordinator withdraws leader A's verification on the decision page."""
    profile = world.people[LEADER_A].profile
    response = submit(
        world.readers[COORDINATOR].client,
        reverse("accounts:function_decide", args=[profile.pk]),
        {"decision": refusal, "reason": "Nie pełni już funkcji burmistrza."},
    )
    assert response.status_code == 302, response.status_code
    profile.refresh_from_db()
    assert profile.function_status != "verified"


def change_function_to_staff(world):
    """Leader B becomes city staff on their own profile page."""
    response = submit(
        world.readers[LEADER_B].client, reverse("accounts:profile"), {"function": Function.STAFF}
    )
    assert response.status_code == 302, response.status_code
    assert Profile.objects.get(user=world.people[LEADER_B]).function == Function.STAFF


def leave_network(world):
    """Leader C leaves the leaders' network."""
    participation = Participation.objects.get(
        person=world.people[LEADER_C], network=world.networks["leaders"],
        status=ParticipationStatus.ACCEPTED,
    )  # fmt: skip
    response = submit(
        world.readers[LEADER_C].client,
        reverse("networks:participation_end", args=[participation.pk]),
        {},
    )
    assert response.status_code == 302, response.status_code
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.LEFT


def hand_seat_to_successor(world):
    """The leaders' coordinator hands leader D's seat to D's successor, on the portal's two
    pages (the choice, then the confirmation)."""
    seat = Participation.objects.get(
        person=world.people[LEADER_D], network=world.networks["leaders"],
        status=ParticipationStatus.ACCEPTED,
    )  # fmt: skip
    client = world.readers[COORDINATOR].client
    url = reverse("networks:successor", args=[world.people[LEADER_D].pk])
    chosen = {"seats": [seat.pk], "email": world.people[SUCCESSOR].email}
    assert client.post(url, chosen).status_code == 200  # the page naming what will move
    response = client.post(url, {**chosen, "step": "confirm"})
    assert response.status_code == 302, response.status_code
    seat.refresh_from_db()
    assert seat.status == ParticipationStatus.LEFT
    assert Profile.objects.get(user=world.people[SUCCESSOR]).function_status == "declared"
    # D's place in the leaders' queue does not pass: the successor may not hold one before
    # their verification.
    assert not WaitingListEntry.objects.filter(person=world.people[SUCCESSOR]).exists()


# The registry: every URL name of the URL configuration -> the arguments (and query strings)
# the crawl opens it with. A name missing here fails test_the_crawl_visits_every_url.


@dataclasses.dataclass(frozen=True)
class Visit:
    kwargs: dict = dataclasses.field(default_factory=dict)
    query: tuple = ()  # ((name, value), ...)
    only_user: int | None = None  # asked only by this person (their own calendar token)


REPORT_PERIODS = [
    {},
    {"okres": "cykl"},
    {"okres": "rok", "rok": str(timezone.localdate().year)},
    {"okres": "kwartal", "kwartal": "{}-{}".format(*Quarter.of(timezone.localdate()))},
    {"okres": "kwartal", "kwartal": "2023-9"},
]


def plain(_world):
    return [Visit()]


def each(*values):
    return [Visit(kwargs) for kwargs in values]


def slugs(world):
    return each(*({"slug": n.slug} for n in world.networks.values()))


def practice_slugs(world):
    return each(*({"slug": p.slug} for p in world.practices.values()))


def practice_files(world):
    return each(*({"slug": a.practice.slug, "pk": a.pk} for a in world.attachments.values()))


def meeting_pks(world):
    return each(*({"pk": m.pk} for m in world.meetings.values()))


def result_pks(world):
    return each(*({"pk": r.pk} for r in world.results.values()))


def comment_pks(world):
    return each(*({"pk": comment.pk} for comment in world.comments.values()))


def thread_visits(world):
    return each(*({"slug": t.network.slug, "pk": t.pk} for t in world.threads.values()))


def post_visits(world):
    return each(
        *({"slug": p.thread.network.slug, "pk": p.thread_id, "post": p.pk}
          for p in world.posts.values())
    )  # fmt: skip


def post_file_visits(world):
    """Each post's documents, and each of its photos in both sizes."""
    where = [({"slug": p.thread.network.slug, "pk": p.thread_id, "post": p.pk}, p)
             for p in world.posts.values()]  # fmt: skip
    return {
        "document": each(
            *({**at, "document": d.pk} for at, p in where for d in p.attachments.all())
        ),
        "photo": each(
            *(
                {**at, "photo": photo.pk, "size": size}
                for at, p in where
                for photo in p.photos.all()
                for size in ("miniatura", "pelne")
            )
        ),  # fmt: skip
    }


def thread_queries(world):
    """The discussion list with each filter, for each network."""
    return [
        Visit({"slug": network.slug}, tuple(query.items()))
        for network in world.networks.values()
        for query in ({}, {"kind": "question"}, {"state": "otwarte"}, {"strona": "2"})
    ]


def people_to_mention(world):
    """The mention autocomplete's names for a new thread of each network (each audience)."""
    return [
        Visit({"slug": network.slug}, (("q", "a"), ("odbiorcy", audience)))
        for network in world.networks.values()
        for audience in ("inside", "observers")
    ]


def thread_people_to_mention(world):
    """The mention autocomplete's names for a reply in each thread."""
    return [
        Visit({"slug": thread.network.slug, "pk": thread.pk}, (("q", "a"),))
        for thread in world.threads.values()
    ]


def directory_queries(world):
    """Each network's directory, as it is and filtered by the canary's area and city."""
    author = world.people["author leader"]
    return [
        Visit({"slug": network.slug}, tuple(query.items()))
        for network in world.networks.values()
        for query in (
            {}, {"expertise": CANARIES["leaders card"]}, {"city": str(author.profile.city_id)},
            {"strona": "2"},
        )
    ]  # fmt: skip


def conversation_pks(world):
    return each(*({"pk": conversation.pk} for conversation in world.conversations))


def queried(*queries):
    return [Visit(query=tuple(query.items())) for query in queries]


def practice_queries(world):
    """The list's filters and searches that name each closed practice."""
    queries = [{}]
    queries += [{"q": search_word(name)} for name in CANARIES if name in world.practices]
    queries += [{"network": str(network.pk)} for network in world.networks.values()]
    queries += [{"city": CANARIES[name]} for name in sorted(CITY_CANARIES) if "practice" in name]
    queries += [
        {
            "q": search_word("leaders published practice"),
            "network": str(world.networks["leaders"].pk),
        }
    ]
    return queries


def archive_queries(world):
    leaders_meeting = world.meetings["leaders meeting"]
    return [
        {},
        {"network": str(world.networks["leaders"].pk)},
        {"network": str(world.networks["T"].pk)},
        {"host_city": str(leaders_meeting.host_city_id)},
        {"year": str(timezone.localtime(leaders_meeting.starts_at).year)},
    ]


def calendar_feeds(world):
    return [Visit({"token": token}, only_user=pk) for pk, token in world.tokens.items()] + each(
        {"token": "nie-ma-takiego"}
    )


def certificate_codes(world):
    """A certificate's code is the key to its verification: its holder asks with theirs."""
    own = [Visit({"code": code}, only_user=pk) for pk, code in world.certificates.items()]
    return own + each({"code": "nie-ma-takiego"})


def search_queries(world):
    """The portal's one search for every canary's word, its prefix and a typo of it, over
    every kind and each kind alone."""
    searched = ("practice", "result", "thread", "meeting", "report")
    words = [search_word(name) for name in CANARIES if any(s in name for s in searched)]
    texts = [*(word[:-2] for word in words), *(word[:-1] + "x" for word in words)]
    kinds = ["praktyki", "wyniki", "spotkania", "dyskusje", "miasta"]
    return queried(
        {},
        *({"q": word} for word in words),
        *({"q": text} for text in texts),
        *({"q": word, "rodzaj": kind} for word in words for kind in kinds),
    )


def figures_queries(world):
    """The statistics with no filter, each network's, and a year of the closed meetings."""
    leaders_meeting = world.meetings["leaders meeting"]
    return [
        {},
        *({"network": str(network.pk)} for network in world.networks.values()),
        {"year": str(timezone.localtime(leaders_meeting.starts_at).year)},
        {
            "network": str(world.networks["leaders"].pk),
            "voivodeship": leaders_meeting.host_city.voivodeship,
        },
    ]


def figures_sections(module):
    """Each section of the page but the first (the page's own URL), with every filter."""

    def visits(world):
        return [
            Visit({"section": section.slug}, tuple(query.items()))
            for section in module.sections()[1:]
            for query in figures_queries(world)
        ]

    return visits


def figures_csvs(module):
    def visits(world):
        return [
            Visit({"chart": slug}, tuple(query.items()))
            for slug in module.CHARTS
            for query in figures_queries(world)
        ]

    return visits


REGISTRY = {
    "search:everything": search_queries,
    "healthz": plain,
    "healthz_ready": plain,
    "favicon": plain,
    "robots_txt": plain,
    "security_txt": plain,
    "sitemap": plain,
    "sitemap_section": lambda w: each(*({"section": name} for name in SITEMAP_SECTIONS)),
    "set_language": plain,
    "home": plain,
    "desk:home": plain,
    "networks:list": plain,
    "accessibility_statement": plain,
    "privacy_notice": plain,
    "networks:my_participations": plain,
    "networks:participation_end": lambda w: each(*({"pk": p.pk} for p in w.participations)),
    "networks:decide": lambda w: each(*({"pk": p.pk} for p in w.applications)),
    # A seat handed to a successor: every person holding or asking for one.
    "networks:successor": lambda w: each(
        *({"pk": p.person_id} for p in [*w.participations, *w.applications])
    ),
    "networks:detail": slugs,
    "networks:inside": slugs,
    "networks:apply": slugs,
    "networks:applications": slugs,
    "networks:edition": lambda w: each(
        *({"slug": e.network.slug, "number": e.number} for e in Edition.objects.all()),
        {"slug": w.networks["leaders"].slug, "number": 99},
    ),
    "networks:edition_close": slugs,
    "networks:edition_open": slugs,
    "networks:continue": lambda w: each(
        *({"pk": pk} for pk in Continuation.objects.values_list("pk", flat=True))
    ),
    "networks:continue_decline": lambda w: each(
        *({"pk": pk} for pk in Continuation.objects.values_list("pk", flat=True))
    ),
    "invitations:list": slugs,
    "invitations:new": slugs,
    "invitations:revoke": lambda w: [
        Visit({"slug": i["slug"], "pk": i["pk"]}) for i in w.invitations.values()
    ],
    "invitations:renew": lambda w: [
        Visit({"slug": i["slug"], "pk": i["pk"]}) for i in w.invitations.values()
    ],
    # The link is the key: each invitation's, and one tampered with.
    "invitations:invitation": lambda w: (
        [Visit({"token": i["token"]}) for i in w.invitations.values()]
        + each({"token": "zmieniony-token-zaproszenia"})
    ),
    "invitations:signup": lambda w: (
        [Visit({"token": i["token"]}) for i in w.invitations.values()]
        + each({"token": "zmieniony-token-zaproszenia"})
    ),
    "meetings:coming": plain,
    "meetings:archive": lambda w: queried(*archive_queries(w)),
    "meetings:calendar_subscription": plain,
    "meetings:calendar_feed": calendar_feeds,
    "meetings:schedule": slugs,
    "meetings:detail": meeting_pks,
    "meetings:edit": meeting_pks,
    "meetings:cancel": meeting_pks,
    "meetings:register": meeting_pks,
    "meetings:unregister": meeting_pks,
    "meetings:accept_offer": meeting_pks,
    "meetings:city_attendance": slugs,
    "meetings:plan": slugs,
    "meetings:publish": meeting_pks,
    "meetings:city_attendance_export": lambda w: each(
        *({"slug": n.slug, "kind": kind} for n in w.networks.values() for kind in ("csv", "xlsx"))
    ),
    "meetings:attendance_overview": plain,
    "figures:public": lambda w: queried(*figures_queries(w)),
    "figures:public_csv": figures_csvs(figures_public),
    "figures:staff": lambda w: queried(*figures_queries(w)),
    "figures:staff_csv": figures_csvs(figures_staff),
    "figures:public_section": figures_sections(figures_public),
    "figures:staff_section": figures_sections(figures_staff),
    "meetings:leave_waiting_list": meeting_pks,
    "meetings:move_on_waiting_list": lambda w: each(
        *({"pk": e.meeting_id, "entry_id": e.pk} for e in WaitingListEntry.objects.all())
    ),
    "meetings:report": meeting_pks,
    "meetings:report_edit": meeting_pks,
    "meetings:attendance": lambda w: [
        *meeting_pks(w),
        *(Visit({"pk": m.pk}, (("szukaj", "a"),)) for m in w.meetings.values()),
    ],
    "meetings:attendance_import": meeting_pks,
    "meetings:check_in": meeting_pks,
    "meetings:ics": meeting_pks,
    "meetings:survey": meeting_pks,
    "meetings:survey_results": meeting_pks,
    "meetings:network_surveys": slugs,
    "meetings:participants_csv": meeting_pks,
    "meetings:attendance_list_pdf": meeting_pks,
    "meetings:certificate": meeting_pks,
    "meetings:certificates_zip": meeting_pks,
    "certificates:verify": certificate_codes,
    "meetings:photo_file": lambda w: each(
        *({"pk": p.pk, "size": size} for p in w.photos for size in ("miniatura", "pelne"))
    ),
    "meetings:attachment_file": lambda w: each(*({"pk": d.pk} for d in w.meeting_documents)),
    "practices:list": lambda w: queried(*practice_queries(w)),
    "practices:create": plain,
    "practices:map": lambda w: queried(*practice_queries(w)),
    "practices:export": lambda w: [
        Visit({"kind": kind}, tuple(query.items()))
        for kind in ("csv", "xlsx")
        for query in practice_queries(w)
    ],
    "practices:review_queue": plain,
    "practices:detail": practice_slugs,
    "practices:presentation": practice_slugs,
    "practices:attachments": practice_slugs,
    "practices:attachment_file": practice_files,
    "practices:attachment_delete": practice_files,
    "practices:edit": practice_slugs,
    "practices:submit": practice_slugs,
    "practices:review": practice_slugs,
    "practices:transfer": practice_slugs,
    "results:list": plain,
    "results:feed": plain,
    "results:observer_home": lambda _w: [Visit(), Visit(query=(("lista", "zaopiniowane"),))],
    "results:create": slugs,
    "results:network_feed": slugs,
    "results:reports": slugs,
    "results:detail": result_pks,
    "results:edit": result_pks,
    "results:stage": result_pks,
    "results:attachments": result_pks,
    "results:attachment_file": lambda w: each(
        *({"pk": d.result_id, "document": d.pk} for d in w.result_documents)
    ),
    "results:attachment_delete": lambda w: each(
        *({"pk": d.result_id, "document": d.pk} for d in w.result_documents)
    ),
    "results:comment_edit": comment_pks,
    "results:comment_delete": comment_pks,
    "results:comment_report": comment_pks,
    "results:comment_hide": comment_pks,
    "results:comment_restore": comment_pks,
    "results:comment_dismiss_reports": comment_pks,
    "discussions:list": thread_queries,
    "discussions:create": slugs,
    "discussions:mark_read": slugs,
    "discussions:new_threads": slugs,
    "discussions:people": people_to_mention,
    "discussions:thread": thread_visits,
    "discussions:thread_people": thread_people_to_mention,
    "discussions:watch": thread_visits,
    "discussions:solution": thread_visits,
    "discussions:pin": thread_visits,
    "discussions:lock": thread_visits,
    "discussions:move": thread_visits,
    "discussions:merge": thread_visits,
    "discussions:convert": thread_visits,
    "discussions:post_edit": post_visits,
    "discussions:post_delete": post_visits,
    "discussions:post_useful": post_visits,
    "discussions:post_report": post_visits,
    "discussions:post_hide": post_visits,
    "discussions:post_restore": post_visits,
    "discussions:post_dismiss_reports": post_visits,
    "discussions:post_document_file": lambda w: post_file_visits(w)["document"],
    "discussions:post_photo_file": lambda w: post_file_visits(w)["photo"],
    "cities:detail": lambda w: each(*({"slug": city.slug} for city in w.cities.values())),
    "cities:status": lambda w: each(*({"slug": city.slug} for city in w.cities.values())),
    "cities:plan_create": lambda w: each(*({"slug": city.slug} for city in w.cities.values())),
    "cities:plan_edit": lambda w: each(*({"slug": p.city.slug, "pk": p.pk} for p in w.plans)),
    "cities:plan_delete": lambda w: each(*({"slug": p.city.slug, "pk": p.pk} for p in w.plans)),
    # The funder's report (administrators only): every kind of period, and values it refuses.
    **{
        f"funder_report:{name}": lambda w: queried(*REPORT_PERIODS)
        for name in ("report", "xlsx", "pdf")
    },
    "accounts:partner_card": plain,
    "partners:directory": directory_queries,
    "partners:card": lambda w: each(*({"pk": person.pk} for person in w.card_holders)),
    "partners:ask_person": lambda w: each(*({"pk": person.pk} for person in w.card_holders)),
    "partners:ask_practice": practice_slugs,
    "partners:conversations": plain,
    "partners:conversation": conversation_pks,
    "partners:block": conversation_pks,
    "partners:unblock": conversation_pks,
    "partners:message_report": lambda w: each(
        *({"pk": m.conversation_id, "message": m.pk} for m in w.messages)
    ),
    "partners:message_moderate": lambda w: each(*({"pk": m.pk} for m in w.messages)),
    "partners:message_dismiss_reports": lambda w: each(*({"pk": m.pk} for m in w.messages)),
    "accounts:profile": plain,
    "accounts:notifications": plain,
    "accounts:notifications_read": plain,
    "accounts:personal_data": lambda w: queried({}, {"format": "json"}),
    "accounts:erase": plain,
    "accounts:function_verifications": plain,
    "accounts:function_decide": lambda w: each(*({"pk": p.pk} for p in w.profiles)),
    # Each crawled person's own link, and one tampered with (a GET only asks).
    "accounts:unsubscribe": lambda w: (
        [Visit({"token": unsubscribe_token(pk, NOTIFICATION)}, only_user=pk) for pk in w.tokens]
        + each({"token": "zmieniony-token"})
    ),
    # allauth
    "account_login": plain,
    "account_logout": plain,
    "account_inactive": plain,
    "account_signup": plain,
    "account_reauthenticate": plain,
    "account_email": plain,
    "account_email_verification_sent": plain,
    "account_confirm_email": lambda w: each({"key": "stary-klucz"}),
    "account_change_password": plain,
    "account_set_password": plain,
    "account_reset_password": plain,
    "account_reset_password_done": plain,
    "account_reset_password_from_key": lambda w: each({"uidb36": "1", "key": "stary-klucz"}),
    "account_reset_password_from_key_done": plain,
    "account_confirm_login_code": plain,
    "mfa_index": plain,
    "mfa_authenticate": plain,
    "mfa_reauthenticate": plain,
    "mfa_activate_totp": plain,
    "mfa_deactivate_totp": plain,
    "mfa_view_recovery_codes": plain,
    "mfa_generate_recovery_codes": plain,
    "mfa_download_recovery_codes": plain,
    "usersessions_list": plain,
    # The API: the same things as JSON, with the list page's filters and searches; its city
    # list names every city (as the selects do: see markers_in).
    "api:root": plain,
    "api:network-list": plain,
    "api:network-detail": slugs,
    "api:city-list": plain,
    "api:city-detail": lambda w: each(*({"slug": city.slug} for city in w.cities.values())),
    "api:practice-list": lambda w: queried(*practice_queries(w)),
    "api:practice-detail": practice_slugs,
    "api:result-list": plain,
    "api:result-detail": result_pks,
    "api:report-list": plain,
    "api:report-detail": lambda w: each(
        *({"pk": pk} for pk in MeetingReport.objects.order_by("pk").values_list("pk", flat=True))
    ),
    "api:me": plain,
    "api:my_networks": plain,
    "api:my_meetings": lambda w: queried({}, {"when": "coming"}, {"when": "past"}),
    "api:my_notifications": plain,
    "api:schema": plain,
    "api:docs": plain,
    "api_tokens:create": plain,
    "api_tokens:revoke": lambda w: each(
        *({"pk": pk} for pk in ApiToken.objects.order_by("pk").values_list("pk", flat=True))
    ),
    "open_data:index": plain,
    "open_data:api_reference": plain,
    "open_data:catalogue": plain,
    "open_data:download": lambda w: each(
        *(
            {"dataset": dataset.slug, "kind": kind}
            for dataset in registered_datasets()
            for kind in dataset.formats
        )
    ),
}

# The admin is enumerated from the admin site itself: every page without arguments, and each
# model's change, history and delete pages for the world's closed objects (for other models:
# one object of theirs); these few take other arguments.
ADMIN_OBJECT_PAGES = ("change", "history", "delete")
ADMIN_SPECIAL = {
    "admin:app_list": lambda w: each(
        *(
            {"app_label": label}
            for label in sorted({m._meta.app_label for m in admin.site._registry})
        )
    ),
    "admin:view_on_site": lambda w: each(
        {
            "content_type_id": ContentType.objects.get_for_model(Result).pk,
            "object_id": w.results["leaders public result"].pk,
        }
    ),
    "admin:auth_user_password_change": lambda w: each({"id": w.people[ADMIN].pk}),
}


def named_patterns():
    """(name, pattern) of every named URL of the URL configuration."""
    for name, pattern in url_patterns():
        if pattern.name is not None:
            yield name, pattern


def admin_object_page_models():
    return {
        f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}": model
        for model in admin.site._registry
        for page in ADMIN_OBJECT_PAGES
    }


def admin_covers(name, pattern) -> bool:
    return (
        not pattern.pattern.regex.groups
        or name in admin_object_page_models()
        or name in ADMIN_SPECIAL
    )


def admin_visits(world):
    closed = world.admin_objects()
    models = admin_object_page_models()
    for name, pattern in named_patterns():
        if not name.startswith("admin:"):
            continue
        if not pattern.pattern.regex.groups:
            yield name, Visit()
        elif name in ADMIN_SPECIAL:
            for visit in ADMIN_SPECIAL[name](world):
                yield name, visit
        elif name in models:
            model = models[name]
            pks = (
                closed.get(model)
                or list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:1])
                or [0]
            )
            for pk in pks:
                yield name, Visit({"object_id": pk})


# Pages cached in fragments (keyed by language among other things), asked in English too.
ENGLISH_TOO = {
    "home", "networks:detail", "networks:inside", "meetings:coming", "meetings:archive",
    "practices:list", "practices:map", "results:list", "results:observer_home", "results:detail",
    "accounts:notifications",
}  # fmt: skip


def visits(world, names=None):
    """(url name, path, query, only_user) of everything the crawl asks, in a fixed order."""
    planned = [(name, visit) for name, make in REGISTRY.items() for visit in make(world)] + list(
        admin_visits(world)
    )
    for name, visit in planned:
        if names is not None and name not in names:
            continue
        yield name, reverse(name, kwargs=visit.kwargs), visit.query, visit.only_user
        if name in ENGLISH_TOO:
            with translation.override("en"):
                yield name, reverse(name, kwargs=visit.kwargs), visit.query, visit.only_user


# Reading responses for markers


def text_of(response) -> str:
    """Everything a response shows, lower-cased: the body (a zip package's parts unpacked,
    an iCalendar's folded lines unfolded) and the headers that name things."""
    # Joining a streamed response closes it, as the test client asks; closing it again would
    # end the test's database connection.
    data = b"".join(response.streaming_content) if response.streaming else response.content
    parts = [data]
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                parts += [package.read(name) for name in package.namelist()]
        except zipfile.BadZipFile:
            pass
    parts += [pdf_text(part) for part in parts if part[:5] == b"%PDF-"]
    text = b"\n".join(parts).decode("utf-8", "replace")
    if "calendar" in response.get("Content-Type", ""):
        text = re.sub(r"\r?\n[ \t]", "", text)
    headers = " ".join(response.get(name, "") for name in ("Content-Disposition", "Location"))
    return f"{text}\n{headers}".lower()


def pdf_text(data: bytes) -> bytes:
    """The text a PDF shows (its fonts are embedded and compressed: its bytes do not)."""
    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() for page in reader.pages).encode()
    except Exception:  # noqa: BLE001 - a file that only starts like a PDF (the world's files)
        return b""  # their bytes are read as they are


def echoes_of(path, query):
    """The request as a page may echo it: its path and query values, quoted and not."""
    values = [path] + [value for _name, value in query]
    echoes = set()
    for value in values:
        echoes |= {value, unquote(value), quote(value), quote_plus(value), quote(value, safe="")}
    return {echo.lower() for echo in echoes if echo}


ALL_CITIES_SELECT = re.compile(r"<select\b.*?</select>", re.DOTALL)


def markers_in(text, path, query) -> set:
    """The canaries a response shows, less the echo of the request itself: the requested
    path and query values are removed from the text, a marker the request names (a canary
    city's slug) is not judged, and a list of all cities (one that names the control city)
    does not count as showing a canary city."""
    found = set(MARKER_PATTERN.findall(text)) & set(CANARIES.values())
    if not found:
        return set()
    markers = set(CANARIES.values())
    for echo in sorted(echoes_of(path, query), key=len, reverse=True):
        if not any(echo in marker for marker in markers):
            text = text.replace(echo, " ")
    named = " ".join([path, *(value for _name, value in query)]).lower()
    found = {m for m in set(MARKER_PATTERN.findall(text)) & markers if m not in named}
    canaries = {name for name, marker in CANARIES.items() if marker in found}
    if canaries & CITY_CANARIES:
        control = CONTROL_CITY.lower()
        listed = ALL_CITIES_SELECT.sub(
            lambda match: " " if control in match.group(0) else match.group(0), text
        )
        every_city = [reverse("api:city-list"), reverse("sitemap_section", args=["miasta"])]
        if path in every_city and control in listed:
            listed = " "  # the API's list of every city, and the sitemap's
        for name in canaries & CITY_CANARIES:
            if CANARIES[name] not in listed:
                canaries.discard(name)
    return canaries


@dataclasses.dataclass(frozen=True)
class Leak:
    person: str
    url_name: str
    url: str
    canary: str

    @property
    def marker(self):
        return CANARIES[self.canary]

    def __str__(self):
        return f"{self.person} | {self.url_name} | {self.url} | {self.canary} ({self.marker})"


class Leaks(list):
    """The leaks a crawl found (a list of Leak), with what else it saw: the canaries each
    person was shown as they may (`seen`), server errors, the number of requests and time."""

    def __init__(self):
        super().__init__()
        self.seen = defaultdict(set)
        self.errors = []
        self.requests = 0
        self.seconds = 0.0

    def extend_from(self, other):
        self.extend(other)
        for person, canaries in other.seen.items():
            self.seen[person] |= canaries
        self.errors += other.errors
        self.requests += other.requests
        self.seconds += other.seconds
        return self


def crawl(world, people_in_order, *, names=None, only=None) -> Leaks:
    """GET every URL of the registry (or those of `names`, or the visits `only` names as
    (url name, path, query)) as each person in turn (redirects not followed) and report each
    response that shows a canary the person may not see."""
    started = time.monotonic()
    leaks = Leaks()
    planned = [visit for visit in visits(world, names) if only is None or visit[:3] in only]
    with quiet_refusals():
        for label in people_in_order:
            _crawl_as(world, label, planned, leaks)
    leaks.seconds = time.monotonic() - started
    return leaks


@contextlib.contextmanager
def quiet_refusals():
    """No log line for each 403, 404 and 405 (thousands); server errors are still logged."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


# Answers that are not server errors: the ready check's while no Celery worker runs.
UNAVAILABLE = {("healthz_ready", 503)}


def _crawl_as(world, label, planned, leaks):
    reader = world.readers[label]
    allowed = world.may_see[label]
    user_pk = reader.user.pk if reader.user is not None else None
    for name, path, query, only_user in planned:
        if only_user is not None and only_user != user_pk:
            continue
        url = path + ("?" + "&".join(f"{k}={quote_plus(v)}" for k, v in query) if query else "")
        leaks.requests += 1
        try:
            response = reader.client.get(path, dict(query))
            text = text_of(response)
        except Exception as error:  # every failure is reported; none stops the crawl
            leaks.errors.append(f"{label} | {name} | {url} | {type(error).__name__}: {error}")
            continue
        if response.status_code >= 500 and (name, response.status_code) not in UNAVAILABLE:
            leaks.errors.append(f"{label} | {name} | {url} | {response.status_code}")
        for canary in sorted(markers_in(text, path, query)):
            if canary in allowed:
                leaks.seen[label].add(canary)
            else:
                leaks.append(Leak(label, name, url, canary))


def leak_report(leaks) -> str:
    """Every leak, grouped by person and page, then one a line."""
    grouped = defaultdict(lambda: defaultdict(set))
    for leak in leaks:
        grouped[leak.person][leak.url_name].add(leak.canary)
    lines = [f"{len(leaks)} leaks:"]
    for person in sorted(grouped):
        lines.append(f"  {person}:")
        for url_name in sorted(grouped[person]):
            lines.append(f"    {url_name}: {', '.join(sorted(grouped[person][url_name]))}")
    lines.append("one a line (person | url name | url | canary (marker)):")
    lines += [f"  {leak}" for leak in sorted(leaks, key=str)]
    return "\n".join(lines)


def markers_of_text(text) -> set:
    """The canaries a text (an e-mail) shows."""
    found = set(MARKER_PATTERN.findall(text.lower()))
    return {name for name, marker in CANARIES.items() if marker in found}
