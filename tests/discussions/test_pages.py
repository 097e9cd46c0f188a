"""What the discussion pages do with odd input and what they say: numbers that only look like
numbers are no error page, and the moderator's form speaks of the post, not of a comment."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from discussions import selectors, services
from discussions.choices import ThreadKind
from discussions.models import PostModeration, Thread
from empirie.converters import whole_number
from empirie.pagination import PageByIdsPaginator
from tests.discussions.test_discussions import OBSERVERS, start, world  # noqa: F401

pytestmark = pytest.mark.django_db
# Characters str.isdigit takes for digits and int() does not: superscripts, a circled one.
NOT_NUMBERS = ["²", "1²", "①", "٣²"]


def test_digits_int_refuses_are_not_a_number():
    assert [whole_number(text) for text in ["12", "", "-1", "1.5", *NOT_NUMBERS]] == [
        12, None, None, None, None, None, None, None
    ]  # fmt: skip


def test_odd_post_numbers_in_the_address_and_the_buttons_are_no_error_page(world, client):  # noqa: F811
    thread = start(world, audience=OBSERVERS)
    answer = services.post_add(by=world["expert"], thread_id=thread.pk, body="Tak, u nas.")
    services.solution_mark(by=world["member"], thread_id=thread.pk, post_id=answer.pk)
    client.force_login(world["member"])
    url = thread.get_absolute_url()
    solution = reverse("discussions:solution", args=[thread.network.slug, thread.pk])
    for odd in NOT_NUMBERS:
        assert client.get(url, {"wpis": odd}).status_code in (200, 302), odd  # 302: unread
        assert client.get(url, {"strona": "1", "cytat": odd}).status_code == 200, odd
        response = client.post(url, {"body": "Z cytatem", "quoted": odd})
        assert response.status_code == 200 and "Z cytatem" in response.content.decode(), odd
        assert client.post(solution, {"post": odd}).status_code == 302, odd


def test_the_moderator_is_told_the_posts_author_reads_the_reason(world, client):  # noqa: F811
    thread = start(world, audience=OBSERVERS)
    post = services.post_add(by=world["observer"], thread_id=thread.pk, body="Reklama")
    client.force_login(world["coordinator"])
    arguments = [thread.network.slug, thread.pk, post.pk]
    page = client.get(reverse("discussions:post_hide", args=arguments)).content.decode()
    assert "Zobaczy go autor wpisu." in page and "opinii" not in page
    with translation.override("en"):
        english = reverse("discussions:post_hide", args=arguments)
    assert "Shown to the author of the post." in client.get(english).content.decode()


def test_the_button_that_marks_the_solution_speaks_to_who_asked(world, client):  # noqa: F811
    thread = start(world)
    services.post_add(by=world["expert"], thread_id=thread.pk, body="Tak, u nas.")
    url = thread.get_absolute_url() + "?strona=1"
    client.force_login(world["member"])  # who asked
    assert "To rozwiązało moje pytanie" in client.get(url).content.decode()
    client.force_login(world["coordinator"])  # who may mark it too
    page = client.get(url).content.decode()
    assert "To rozwiązało pytanie" in page and "moje pytanie" not in page
    answer = thread.posts.order_by("pk").last()
    services.solution_mark(by=world["member"], thread_id=thread.pk, post_id=answer.pk)
    client.force_login(world["second member"])
    page = client.get(url).content.decode()  # the solution says whose reply it was
    assert "Pytanie rozwiązała odpowiedź: Jan Ekspert." in page and f"?wpis={answer.pk}" in page


def test_a_consultation_past_its_date_says_the_date_has_passed(world, client):  # noqa: F811
    thread = start(world, by="coordinator", kind=ThreadKind.CONSULTATION,
                   feedback_until=timezone.localdate() + dt.timedelta(days=3))  # fmt: skip
    client.force_login(world["member"])
    listing = reverse("discussions:list", args=[thread.network.slug])
    assert "uwagi do" in client.get(listing).content.decode()
    Thread.objects.filter(pk=thread.pk).update(
        feedback_until=timezone.localdate() - dt.timedelta(days=1)
    )
    row = client.get(listing).content.decode()
    assert "termin uwag minął" in row and "uwagi do" not in row
    page = client.get(thread.get_absolute_url() + "?strona=1").content.decode()
    assert "ten termin minął" in page


def test_odd_filter_values_are_dropped_without_an_error_summary(world, client):  # noqa: F811
    start(world, title="Wątek o rowerach")
    client.force_login(world["member"])
    listing = reverse("discussions:list", args=[world["network"].slug])
    page = client.get(listing, {"kind": "<b>zły</b>", "state": "otwarte", "city": "\x00"})
    text = page.content.decode()
    assert page.status_code == 200 and "Wątek o rowerach" in text
    assert "error-summary" not in text and "Wybierz poprawną wartość" not in text
    assert '<option value="otwarte" selected>' in text  # what was understood stays chosen


def test_the_authors_city_is_typed_and_found_by_the_start_of_its_words(world, client):  # noqa: F811
    from tests.factories import CityFactory

    sacz = CityFactory(name="Nowy Sącz", slug="nowy-sacz")
    world["second member"].profile.city = sacz
    world["second member"].profile.save(update_fields=["city"])
    start(world, title="Wątek z Sącza", by="second member")
    start(world, title="Wątek skądinąd")
    client.force_login(world["member"])
    listing = reverse("discussions:list", args=[world["network"].slug])
    for typed in ("nowy sacz", "SĄCZ", "nowy-sacz", "Now"):
        text = client.get(listing, {"city": typed}).content.decode()
        assert "Wątek z Sącza" in text and "Wątek skądinąd" not in text, typed
        assert f'value="{typed}"' in text  # the filter keeps what was typed
    text = client.get(listing, {"city": "Zakopane"}).content.decode()
    assert "Wątek" not in text.split('id="threads-title"')[1]
    assert "Nazwa żadnego miasta nie zaczyna się od „Zakopane”" in text
    text = client.get(listing, {"city": "Kraków" * 2000}).content.decode()
    assert "Wątek" not in text.split('id="threads-title"')[1]  # looked for, not dropped
    assert "Nazwa żadnego miasta nie zaczyna się od „KrakówKraków" in text
    # LIKE's wildcards typed are no letters: no city, nothing found.
    text = client.get(listing, {"city": "%_"}).content.decode()
    assert "Wątek" not in text.split('id="threads-title"')[1]


def test_invisible_characters_make_no_title_and_turn_no_text_around(world):  # noqa: F811
    from django.core.exceptions import ValidationError

    for invisible in ("\u200b", "\u200b\ufeff \u2060"):
        with pytest.raises(ValidationError):
            start(world, title=invisible)
        with pytest.raises(ValidationError):
            start(world, title="Pytanie", body=invisible)
    thread = start(world, title="\u202eLTR tytuł\u202c", body="Tekst\u200b z\u2066 dziwnymi\u2069")
    assert thread.title == "LTR tytuł"
    assert thread.posts.get().body == "Tekst z dziwnymi"


def test_a_question_with_replies_is_not_said_to_await_one_and_pins_last_a_year(world, client):  # noqa: F811
    from django.core.exceptions import ValidationError

    thread = start(world, title="Pytanie z odpowiedzią")
    client.force_login(world["member"])
    listing = reverse("discussions:list", args=[thread.network.slug])
    assert "czeka na odpowiedź" in client.get(listing).content.decode()
    services.post_add(by=world["member"], thread_id=thread.pk, body="Uzupełniam pytanie.")
    page = client.get(thread.get_absolute_url() + "?strona=1").content.decode()
    assert "To rozwiązało moje pytanie" not in page  # never on the asker's own reply
    services.post_add(by=world["expert"], thread_id=thread.pk, body="Odpowiedź.")
    row = client.get(listing).content.decode()
    assert "jeszcze nierozwiązane" in row and "czeka na odpowiedź" not in row
    with pytest.raises(ValidationError):
        services.thread_pin(by=world["coordinator"], thread_id=thread.pk,
                            until=timezone.localdate() + dt.timedelta(days=400))  # fmt: skip


def test_reporting_again_hiding_a_hidden_post_and_dismissing_nothing_say_so(world, client):  # noqa: F811
    thread = start(world)
    reply = services.post_add(by=world["expert"], thread_id=thread.pk, body="Reklama.")
    args = [thread.network.slug, thread.pk, reply.pk]
    report = reverse("discussions:post_report", args=args)
    client.force_login(world["member"])
    assert client.get(report).status_code == 200
    client.post(report, {"reason": "Spam"})
    again = client.get(report, follow=True)
    assert "Ten wpis został już przez Ciebie zgłoszony." in again.content.decode()
    assert 'name="reason"' not in again.content.decode()  # no form to fill in vain
    client.force_login(world["coordinator"])
    dismiss = reverse("discussions:post_dismiss_reports", args=args)
    assert "Zgłoszenia odrzucone" in client.post(dismiss, follow=True).content.decode()
    page = client.post(dismiss, follow=True).content.decode()
    assert "Nie ma zgłoszeń do odrzucenia." in page
    assert PostModeration.objects.filter(post=reply).count() == 1  # the second not recorded
    services.post_hide(post_id=reply.pk, by=world["coordinator"], reason="Reklama")
    hide = client.get(reverse("discussions:post_hide", args=args), follow=True)
    assert "Ten wpis jest już ukryty." in hide.content.decode()
    assert "Przywróć" in hide.content.decode()


def test_the_lists_kept_rows_follow_every_value_they_show(world, client):  # noqa: F811
    """Each thread's row is kept under the values it prints: whatever changes (the title, a
    reply, the reader's unread mark, the author's name, the language), the row shown is new."""
    thread = start(world, title="Kto wdrożył e-doręczenia?")
    url = reverse("discussions:list", args=[world["network"].slug])

    def row_of(person, path=url):
        client.force_login(world[person])
        page = client.get(path).content.decode()
        rows = re.findall(r'<li class="thread-row.*?</li>', page, re.DOTALL)
        assert len(rows) == 1
        return rows[0]

    first = row_of("second member")
    assert "Kto wdrożył" in first and "thread-row--unread" in first
    assert row_of("second member") == first  # kept, and the same
    assert "thread-row--unread" not in row_of("member")  # the author has read it: no mark
    thread.title = "Kto wdrożył e-doręczenia w gminie?"
    thread.save()
    assert "w gminie?" in row_of("second member")
    services.post_add(by=world["expert"], thread_id=thread.pk, body="U nas od roku.")
    assert "2 wpisy" in row_of("second member")
    world["member"].last_name = "Przemianowana"
    world["member"].save()
    assert "Przemianowana" in row_of("second member")
    with translation.override("en"):
        english = reverse("discussions:list", args=[world["network"].slug])
    assert "2 posts" in row_of("second member", english)


def test_a_long_threads_pages_hold_the_same_posts_as_plain_paging(world):  # noqa: F811
    """The thread's pages pick their posts' ids first (empirie.pagination.PageByIdsPaginator):
    every page, the last and a number past it, as Django's own paginator gives them."""
    thread = start(world)
    for number in range(11):  # two writers: one may write ten a minute
        writer = world["expert" if number % 2 else "coordinator"]
        services.post_add(by=writer, thread_id=thread.pk, body=f"Wpis {number}")
    posts = selectors.posts_of(thread)
    for per_page, orphans in ((5, 0), (5, 2), (12, 0), (3, 1)):
        plain = Paginator(posts, per_page, orphans=orphans)
        by_ids = PageByIdsPaginator(posts, per_page, orphans=orphans)
        assert by_ids.num_pages == plain.num_pages
        for number in [*plain.page_range, plain.num_pages + 1, "x"]:
            assert [p.pk for p in by_ids.get_page(number)] == [
                p.pk for p in plain.get_page(number)
            ], (per_page, orphans, number)


def test_a_page_whose_posts_have_no_files_reads_no_files(world, client):  # noqa: F811
    thread = start(world)
    services.post_add(by=world["expert"], thread_id=thread.pk, body="Bez plików.")
    client.force_login(world["member"])
    url = thread.get_absolute_url() + "?strona=1"
    with CaptureQueriesContext(connection) as read:
        assert "Bez plików." in client.get(url).content.decode()
    read_files = [
        query["sql"][:60]
        for query in read.captured_queries
        if query["sql"].startswith(
            ('SELECT "discussions_postattachment"', 'SELECT "discussions_postphoto"')
        )
    ]
    assert read_files == []


def test_a_solution_is_someone_elses_reply_and_a_wrong_number_reopens_nothing(world, client):  # noqa: F811
    thread = start(world)
    answer = services.post_add(by=world["expert"], thread_id=thread.pk, body="Tak, u nas.")
    own = services.post_add(by=world["member"], thread_id=thread.pk, body="Dziękuję, a koszty?")
    with pytest.raises(ValidationError):  # the asker's own reply, sent around the page
        services.solution_mark(by=world["member"], thread_id=thread.pk, post_id=own.pk)
    services.solution_mark(by=world["member"], thread_id=thread.pk, post_id=answer.pk)
    solution = reverse("discussions:solution", args=[thread.network.slug, thread.pk])
    client.force_login(world["member"])
    for wrong in ["abc", "-1", "1" * 30, "\x00"]:
        page = client.post(solution, {"post": wrong}, follow=True).content.decode()
        assert "Pytanie może rozwiązać tylko istniejąca odpowiedź." in page, wrong
        thread.refresh_from_db()
        assert thread.solution_id == answer.pk, wrong
    page = client.post(solution, {"post": own.pk}, follow=True).content.decode()
    assert "Pytanie może rozwiązać tylko odpowiedź innej osoby niż pytająca." in page
    client.post(solution)  # "Not the solution after all": no post sent
    thread.refresh_from_db()
    assert thread.solution_id is None


def test_the_list_counts_its_threads_without_joining_their_authors(world, client):  # noqa: F811
    start(world, title="Kto liczy wątki?")
    client.force_login(world["second member"])
    with CaptureQueriesContext(connection) as read:
        page = client.get(reverse("discussions:list", args=[world["network"].slug]))
    assert "Kto liczy wątki?" in page.content.decode()
    counts = [q["sql"] for q in read.captured_queries if 'FROM "discussions_thread"' in q["sql"]
              and q["sql"].startswith("SELECT COUNT(*)")]  # fmt: skip
    assert len(counts) == 1 and "accounts_user" not in counts[0], counts
