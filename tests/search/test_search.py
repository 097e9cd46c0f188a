"""The search as people meet it: the practice list, the portal's one search, the re-index."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from empirie import pagination
from meetings import services as meeting_services
from meetings.choices import PublicationLevel
from meetings.models import Meeting
from networks.choices import NetworkKind, Role
from practices import selectors as practice_selectors
from practices.models import Practice
from practices.services import search_index
from search import analysis
from search.models import Word
from search.query import understood
from tests.demo_snapshot import loaded_once
from tests.factories import NetworkFactory, ParticipationFactory
from tests.meetings.test_reports import past_meeting

from . import corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def cards():
    keys = loaded_once("search corpus", corpus.load)
    return {key: pk for (kind, pk), key in keys.items()}


def titles(response):
    html = response.content.decode()
    return [
        re.sub("</?mark>", "", t) for t in re.findall(r'card__title"[^>]*><a [^>]*>(.*?)</a>', html)
    ]


def test_the_list_finds_inflected_forms_prefixes_and_marks_them(client, cards):
    bochnia = Practice.objects.get(pk=cards["ri-bochnia-strategia-rozwoju"]).title
    for text in ["strategii rozwoju Bochni", "zarzadzanie strategiczne bochnia", "strategia roz"]:
        assert bochnia in titles(client.get("/praktyki/", {"q": text})), text
    # A word found nowhere: the others still find it, and the page says so.
    response = client.get("/praktyki/", {"q": "strategii rozwoju Bochni qqqzzz"})
    assert bochnia in titles(response)[:5]
    assert "nie zawiera wszystkich wpisanych słów" in response.content.decode()
    html = client.get("/praktyki/", {"q": "prom"}).content.decode()
    assert "<mark>Promocja</mark>" in html or "<mark>promocji</mark>" in html
    # An abbreviation finds its full name, with the other filters kept.
    oze = Practice.objects.get(pk=cards["ut-zlotow-odnawialne-zrodla-energii"])
    found = titles(client.get("/praktyki/", {"q": "OZE", "voivodeship": oze.city.voivodeship}))
    assert oze.title in found


def test_a_typo_is_corrected_and_offered_as_did_you_mean(client, cards):
    html = client.get("/praktyki/", {"q": "teleopeka seniorów"}).content.decode()
    assert "Czy chodziło Ci o" in html and "teleopieka seniorów" in html
    assert "Teleopieka" in "".join(titles(client.get("/praktyki/", {"q": "teleopeka"})))


def test_words_of_a_closed_practice_are_never_suggested(client, cards):
    secret = Practice.objects.get(pk=cards["ri-bochnia-strategia-rozwoju"])
    secret.title = "Zqsekretnyplan lidera"
    secret.restricted_to_networks = True
    secret.save()
    secret.networks.set([NetworkFactory(kind=NetworkKind.LEADERS)])
    search_index(secret)
    assert Word.objects.filter(form="zqsekretnyplan").exists()
    html = client.get("/szukaj/", {"q": "zqsekretnyplax"}).content.decode()
    assert "zqsekretnyplan" not in html.lower() and "Czy chodziło" not in html


def test_the_portal_search_groups_kinds_with_counts_and_own_lists(client, cards):
    response = client.get("/szukaj/", {"q": "wieloletniej prognozy finansowej"})
    html = response.content.decode()
    groups = dict(re.findall(r'<h2 id="group-(\w+)">[^<]*<span class="muted">\((\d+)\)', html))
    assert int(groups["praktyki"]) >= 1 and int(groups["wyniki"]) >= 1
    only = client.get("/szukaj/", {"q": "wieloletniej prognozy finansowej", "rodzaj": "wyniki"})
    assert re.findall(r'<h2 id="group-(\w+)"', only.content.decode()) == ["wyniki"]
    cities = client.get("/szukaj/", {"q": "Jeleniej Górze"}).content.decode()
    assert "group-miasta" in cities and "Jelenia Góra" in re.sub("</?mark>", "", cities)
    for hostile in ["'prom':*", "a & | !", "<script>", "ą" * 199, " "]:
        assert client.get("/szukaj/", {"q": hostile}).status_code == 200
    assert client.get("/szukaj/", {"q": "x" * 201}).status_code == 200


def test_the_header_has_one_search_box(client):
    html = Client().get("/").content.decode()
    assert 'role="search"' in html and 'action="/szukaj/"' in html


def test_reindex_writes_missing_vectors_with_a_progress_bar(cards, capsys):
    Practice.objects.update(search_vector=None)
    Practice.objects.filter(pk__in=list(cards.values())[:5]).update(rank_vector=None)
    Word.objects.all().delete()
    call_command("reindex", "practices", "--missing")
    out = capsys.readouterr()
    assert "100%" in out.err and "practices: 449" in out.out
    assert not Practice.objects.filter(search_vector__isnull=True).exists()
    assert not Practice.objects.filter(rank_vector__isnull=True).exists()
    assert Word.objects.filter(form="zrodel", lemma="zrodlo").exists()
    # Rows indexed before the rank vector existed are "missing" too (the upgrade's re-index).
    Practice.objects.filter(pk=cards["ri-bochnia-strategia-rozwoju"]).update(rank_vector=None)
    call_command("reindex", "practices", "--missing")
    assert "practices: 1 " in capsys.readouterr().out


def lexemes(pk, field):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tsvector_to_array({field}) FROM practices_practice WHERE id = %s", [pk]
        )  # noqa: S608  # nosec B608 - the test's own field names
        return set(cursor.fetchone()[0])


def test_a_presentation_is_matched_but_only_the_rest_ranks(client, cards):
    """The rank vector (kept in the row, so ranking thousands of matches stays cheap) holds
    the title, summary and filing, not the presentation, which the full vector holds."""
    practice = Practice.objects.get(pk=cards["ri-bochnia-strategia-rozwoju"])
    practice.presentation = "<p>Wdrożyliśmy też kwerendę ornitologiczną.</p>"
    practice.save(update_fields=["presentation"])
    search_index(practice)
    full, ranked = lexemes(practice.pk, "search_vector"), lexemes(practice.pk, "rank_vector")
    assert {"ornitologiczna", "=ornitologiczny"} <= full
    assert not {"ornitologiczna", "=ornitologiczny"} & ranked
    assert {"bochnia", "=bochnia"} <= ranked  # the city, filed under it
    assert ranked < full
    html = client.get("/praktyki/", {"q": "ornitologiczny"}).content.decode()
    assert practice.title in re.sub("</?mark>", "", html)
    # Found by a word of its presentation, it ranks below a practice with it in its title.
    other = Practice.objects.exclude(pk=practice.pk).filter(status="published").first()
    other.title = f"Ornitologiczne {other.title}"
    other.save(update_fields=["title"])
    search_index(other)
    response = client.get("/praktyki/", {"q": "ornitologiczny"})
    assert titles(response)[:2] == [other.title, practice.title]
    found = practice_selectors.search(Practice.objects.all(), understood("ornitologiczny"))
    ranks = {each.pk: each.rank for each in found}
    assert ranks[practice.pk] == 0 < ranks[other.pk]  # ranked by the rank vector alone


def test_meetings_are_found_by_topic_agenda_and_only_readable_reports(client):
    network, coordinator, meeting = past_meeting()
    member = ParticipationFactory(network=network, role=Role.MEMBER).person
    meeting_services.meeting_update(
        meeting_id=meeting.pk, by=coordinator, topic="Budżet obywatelski w praktyce",
        description="", starts_at=meeting.starts_at, ends_at=meeting.ends_at,
        format=meeting.format, host_city=None, venue_address="Rynek 1", online_url="",
        capacity=None, registration_deadline=None,
        agenda=[{"starts_at": meeting.starts_at, "title": "Głosowanie mieszkańców online"}],
    )  # fmt: skip
    meeting_services.report_save(
        meeting_id=meeting.pk, by=coordinator, body="<p>Wnioski o retencji wody</p>",
        minutes="", level=PublicationLevel.MEMBERS, publish=False,
    )  # fmt: skip

    def meetings(person, text):
        client.force_login(person)
        html = client.get("/szukaj/", {"q": text, "rodzaj": "spotkania"}).content.decode()
        return re.findall(r'href="/spotkania/(\d+)/"', html)

    mine = [str(meeting.pk)]
    assert meetings(member, "budżetu obywatelskiego") == mine  # an inflected topic
    assert meetings(member, "glosowania mieszkancow") == mine  # the agenda, no Polish letters
    assert meetings(member, "retencja") == []  # a draft report is its coordinators'
    assert meetings(coordinator, "retencja") == mine
    meeting_services.report_save(
        meeting_id=meeting.pk, by=coordinator, body="<p>Wnioski o retencji wody</p>",
        minutes="", level=PublicationLevel.MEMBERS, publish=True,
    )  # fmt: skip
    assert meetings(member, "retencja") == mine
    client.logout()
    assert "/spotkania/" not in client.get("/szukaj/", {"q": "budżet obywatelski"}).content.decode()


def test_the_portal_search_runs_a_fixed_number_of_queries(client, cards):
    """Twice the cards, the same queries: every group counts and reads its hits in one go."""

    def queries(text):
        with CaptureQueriesContext(connection) as context:
            assert client.get("/szukaj/", {"q": text}).status_code == 200
        return len(context.captured_queries)

    texts = ["strategia rozwoju", "wieloletniej prognozy", "OZE", "teleopeka"]
    before = [queries(text) for text in texts]
    corpus.load(copy=1)  # every card a second time, in cities of its own
    assert [queries(text) for text in texts] == before
    assert max(before) <= 20


def test_the_form_typed_ranks_above_other_forms_of_the_word():
    def rank(text, asked):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT ts_rank(%s::tsvector, %s::tsquery)",
                [analysis.document((text, "A")).tsvector(), understood(asked).all_words()],
            )
            return cursor.fetchone()[0]

    assert rank("Strategii rozwoju", "strategii") > rank("Strategia rozwoju", "strategii") > 0
    assert rank("Strategia rozwoju", "strategia") > rank("Strategii rozwoju", "strategia") > 0
    assert rank("źródeł ciepła", "zrodel") > 0  # typed without Polish letters
    assert rank("Mięso i wędliny", "miasto") == 0  # no stem shared by accident


def test_did_you_mean_offers_only_words_a_visible_text_holds(client, cards):
    """The dictionary holds every indexed word, closed texts' too: "żyrafami" of a leaders'
    practice must not be offered for "żyrafamy", though a visible text has "żyrafa"."""
    visible = Practice.objects.get(pk=cards["ri-bochnia-promocja-kultury"])
    visible.summary += " Żyrafa w herbie."
    visible.save()
    search_index(visible)
    secret = Practice.objects.get(pk=cards["ri-bochnia-strategia-rozwoju"])
    secret.summary += " Spotkanie z żyrafami."
    secret.restricted_to_networks = True
    secret.save()
    secret.networks.set([NetworkFactory(kind=NetworkKind.LEADERS)])
    search_index(secret)
    for url in ("/szukaj/", "/praktyki/"):
        html = client.get(url, {"q": "żyrafamy"}).content.decode()
        assert "żyrafami" not in html and "Czy chodziło Ci o" not in html, url
    html = client.get("/szukaj/", {"q": "żyrafq"}).content.decode()
    assert "Czy chodziło Ci o" in html and "żyrafa" in html  # a visible text holds it


def test_what_the_trial_found(client, cards):
    # A practice hit on the portal search leads to the practice.
    practice = Practice.objects.get(pk=cards["ri-zawiercie-wpf"])
    html = client.get("/szukaj/", {"q": "wieloletniej prognozy"}).content.decode()
    assert f'href="/praktyki/{practice.slug}/"' in html
    # Hyphenated words do not all match each other.
    html = client.get("/szukaj/", {"q": "e-Doręczenia"}).content.decode()
    assert "Koźl" not in html and "publiczno-prywatn" not in html.lower()
    # Stop words and single letters search nothing, and the page says why.
    html = client.get("/szukaj/", {"q": "w i z"}).content.decode()
    assert "Wpisz słowo, które mówi, czego szukasz" in html and "group-praktyki" not in html
    assert "Nic nie znaleźliśmy" not in html  # one piece of advice, not two
    # Nothing found: no "below is what has some of the words".
    html = client.get("/praktyki/", {"q": "qqzz & xxyy | !c"}).content.decode()
    assert "Znaleziono 0" in html and "część z nich" not in html
    # A paragraph's first word is a word: tags part words, as a reader sees them.
    practice.presentation = "<p>Efekty</p><ul><li>Frekwencja wzrosła</li></ul>"
    practice.save()
    search_index(practice)
    assert practice.title in titles(client.get("/praktyki/", {"q": "frekwencja efekty"}))
    # "Did you mean" keeps the page's own parameters only (the list is cached for many).
    html = client.get("/praktyki/", {"q": "frekwencje efektx", "utm_source": "jan@example.pl"})
    offered = re.search(r'search-suggestion">.*?</p>', html.content.decode()).group()
    assert "utm_source" not in offered and "efekty" in offered
    # An unknown kind searches every kind.
    html = client.get("/szukaj/", {"q": "wieloletniej prognozy", "rodzaj": "xyz"}).content.decode()
    assert "group-praktyki" in html and "errorlist" not in html
    # A whole word typed with its Polish letters is not taken for a beginning.
    html = client.get("/praktyki/", {"q": "szkół"}).content.decode()
    assert "<mark>szkolen" not in html.lower()


def test_what_the_third_trial_found(client, cards):
    # A real word no text has is sought as it is, not silently taken for another.
    assert not understood("koszule").candidates  # not "kosztuje", "koszulki" or "kosze"
    html = client.get("/szukaj/", {"q": "koszule"}).content.decode()
    assert "<mark>" not in html and "Nic nie znaleźliśmy" in html
    # A word taken for the words spelt closest to it is said to be so.
    html = client.get("/szukaj/", {"q": "strategiaa"}).content.decode()
    assert "Żaden tekst nie zawiera słowa „strategiaa”" in html and "<mark>" in html
    # An over-long or broken text is refused, and stays in the box to be corrected.
    long = "strategia " * 30
    html = client.get("/szukaj/", {"q": long}).content.decode()
    assert f'value="{long}"' in html and 'aria-invalid="true"' in html
    html = client.get("/szukaj/", {"q": "strategia\x00"}).content.decode()
    assert 'value="strategia"' in html and "\x00" not in html
    html = client.get("/praktyki/", {"q": "strategia\x00"}).content.decode()
    assert "\x00" not in html and 'value="strategia"' in html
    # Visitors are told that discussions and most meetings need a log-in.
    html = client.get("/szukaj/", {"q": "strategia"}).content.decode()
    assert "/konto/login/?next=%2Fszukaj%2F%3Fq%3Dstrategia" in html
    # "Did you mean" keeps the capital letter typed.
    html = client.get("/praktyki/", {"q": "Bochnnia"}).content.decode()
    assert re.search(r'search-suggestion">.*?<strong>Bochnia</strong>', html, re.S)


def test_a_public_report_is_found_by_whoever_may_read_it(client):
    network, coordinator, meeting = past_meeting()
    Meeting.objects.filter(pk=meeting.pk).update(description="Poufne: plan retencji.")
    meeting_services.report_save(
        meeting_id=meeting.pk, by=coordinator, body="<p>Wnioski o retencji wody</p>",
        minutes="", level=PublicationLevel.PUBLIC, publish=True,
    )  # fmt: skip
    html = client.get("/szukaj/", {"q": "retencja", "rodzaj": "spotkania"}).content.decode()
    assert f'href="/spotkania/{meeting.pk}/relacja/"' in html  # its report, not the meeting
    assert "Poufne" not in html  # nor the meeting's description, which the visitor may not read
    assert client.get("/szukaj/", {"q": "spotkanie", "rodzaj": "spotkania"}).context["found"] == 0


def test_a_word_most_texts_have_is_counted_up_to_a_bound(client, cards, monkeypatch):
    """Counted up to a bound ("more than"), not row by row for a figure nobody pages."""
    monkeypatch.setattr(pagination, "COUNTED_AT_MOST", 10)
    html = client.get("/praktyki/", {"q": "miasto"}).content.decode()
    assert "Znaleziono ponad 10 praktyk" in html
    html = client.get("/szukaj/", {"q": "miasto"}).content.decode()
    assert "ponad 10" in html and "Wszystkie: Dobre praktyki" in html
