"""A thread's posts, drawn in Python for each reader (discussions.rows.PostsDrawn): what each
post says (its author and city, the post it quotes, its files, edited, hidden, deleted, how
many found it useful) and what each reader is offered (quote, useful, report, the solution,
edit, delete, the moderator's buttons), escaped, in the page's language, with forms that
carry a CSRF token the portal accepts."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from discussions import services
from discussions.models import Post
from tests.discussions.test_discussions import start
from tests.meetings.test_reports import png
from tests.practices.test_attachments_and_map import pdf

pytestmark = pytest.mark.django_db


def post_on_page(client, thread, post, language=""):
    with translation.override("pl"):  # an English page before leaves English active
        path = thread.get_absolute_url()
    page = client.get(f"{language}{path}?strona=1").content.decode()
    found = re.search(rf'<article [^>]*id="wpis-{post.pk}".*?</article>', page, re.S)
    assert found, f"post {post.pk} is not on the page"
    return found.group(0)


def seen_by(world, name, thread, post, language=""):
    client = Client()
    client.force_login(world[name])
    return post_on_page(client, thread, post, language)


def test_each_reader_is_offered_what_they_may_do_with_a_post(world):
    thread = start(world)  # the member's question
    question = thread.posts.get()
    answer = services.post_add(by=world["expert"], thread_id=thread.pk, body="U nas działa.")
    own = seen_by(world, "member", thread, question)
    edit = reverse("discussions:post_edit", args=[world["network"].slug, thread.pk, question.pk])
    assert f'href="{edit}">Edytuj' in own
    assert "Usuń" in own and "Przydatne" not in own and "Zgłoś" not in own
    asked = seen_by(world, "member", thread, answer)
    assert "Edytuj" not in asked and "Usuń" not in asked
    assert 'aria-pressed="false">Przydatne<span class="visually-hidden"> – Jan Ekspert' in asked
    assert "Zgłoś" in asked and "Ukryj" not in asked
    assert "To rozwiązało moje pytanie" in asked
    assert f'<input type="hidden" name="post" value="{answer.pk}">' in asked
    page = thread.get_absolute_url()  # links of the page to itself are whole
    assert f'href="{page}?strona=1&amp;cytat={answer.pk}#odpowiedz">Cytuj' in asked
    moderated = seen_by(world, "coordinator", thread, answer)
    assert "To rozwiązało pytanie<" in moderated and "moje pytanie" not in moderated
    hide = reverse("discussions:post_hide", args=[world["network"].slug, thread.pk, answer.pk])
    assert f'href="{hide}">Ukryj' in moderated
    other = seen_by(world, "second member", thread, answer)
    assert "rozwiązało" not in other and "Przydatne" in other


def test_the_buttons_forms_are_accepted_with_the_token_they_carry(world):
    thread = start(world)
    answer = services.post_add(by=world["expert"], thread_id=thread.pk, body="U nas działa.")
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["member"])
    drawn = post_on_page(client, thread, answer)
    action, token = re.search(
        r'<form method="post" action="([^"]+/przydatne/)" class="inline-form">'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">',
        drawn,
    ).groups()
    assert client.post(action, {"csrfmiddlewaretoken": token}).status_code == 302
    drawn = post_on_page(client, thread, answer)
    assert 'aria-pressed="true"' in drawn and "1 osoba uznała za przydatne" in drawn
    chosen = re.search(r'action="([^"]+)" class="inline-form">(<input[^>]+>)'
                       r'<input type="hidden" name="post"', drawn)  # fmt: skip
    token = re.search(r'value="([^"]+)"', chosen.group(2)).group(1)
    client.post(chosen.group(1), {"csrfmiddlewaretoken": token, "post": answer.pk})
    thread.refresh_from_db()
    assert thread.solution_id == answer.pk
    drawn = post_on_page(client, thread, answer)
    assert 'class="comment comment--solution"' in drawn
    assert '<strong class="badge badge--ok">rozwiązanie pytania</strong>' in drawn
    assert "Cofnij oznaczenie rozwiązania" in drawn


def test_a_post_shows_its_author_the_post_it_quotes_and_its_files(world, private_root):  # noqa: F811
    world["observer"].first_name = "<b>Olga</b>"
    world["observer"].save()
    thread = start(world, audience="observers", body="Pytanie <script>alert(1)</script>")
    question = thread.posts.get()
    reply = services.post_add(
        by=world["observer"], thread_id=thread.pk, body="Mamy plan.", quoted_id=question.pk,
        documents=[{"file": pdf(), "title": 'Plan "rynku"'}],
        photos=[{"image": png(), "caption": "Rynek & ratusz"}],
    )  # fmt: skip
    assert services.photo_make_thumbnail(reply.photos.get().pk) is True
    drawn = seen_by(world, "member", thread, reply)
    city = world["observer"].profile.city.name
    assert f"&lt;b&gt;Olga&lt;/b&gt; Obserwatorka ({city})" in drawn
    assert "<b>Olga</b>" not in drawn and "<script>" not in drawn
    assert "Maria Członkini pisze:" in drawn
    assert f'href="{thread.get_absolute_url()}?wpis={question.pk}">zobacz wpis' in drawn
    assert '<ul class="gallery" aria-label="Zdjęcia">' in drawn
    assert 'alt="Rynek &amp; ratusz"' in drawn and '/miniatura/"' in drawn
    assert "Plan &quot;rynku&quot;</a>" in drawn and "(PDF," in drawn
    document = reply.attachments.get()
    url = reverse(
        "discussions:post_document_file",
        args=[world["network"].slug, thread.pk, reply.pk, document.pk],
    )
    assert f'href="{url}"' in drawn
    english = seen_by(world, "member", thread, reply, language="/en")
    assert '<div class="comment__body" lang="pl">' in english and ">Useful<" in english
    # What people wrote is marked Polish on English pages: captions and documents' titles too.
    assert 'alt="Rynek &amp; ratusz" lang="pl"' in english
    assert '" lang="pl">Plan &quot;rynku&quot;</a>' in english


def test_hidden_edited_and_deleted_posts_say_so_to_each_reader(world):
    thread = start(world)
    hidden = services.post_add(by=world["expert"], thread_id=thread.pk, body="Poza tematem.")
    services.post_hide(post_id=hidden.pk, by=world["coordinator"], reason="Reklama firmy")
    gone = services.post_add(by=world["second member"], thread_id=thread.pk, body="Pomyłka.")
    services.post_delete(by=world["second member"], post_id=gone.pk)
    edited = services.post_add(by=world["expert"], thread_id=thread.pk, body="Pierwsza wersja.")
    services.post_edit(by=world["expert"], post_id=edited.pk, body="Druga wersja.")
    reader = seen_by(world, "member", thread, hidden)
    assert "Ukryty przez moderatora." in reader
    assert "Reklama" not in reader and "Poza tematem" not in reader and "Cytuj" not in reader
    author = seen_by(world, "expert", thread, hidden)
    assert "Powód: Reklama firmy" in author and "Poza tematem" not in author
    english = seen_by(world, "expert", thread, hidden, language="/en")
    assert 'Reason: <span lang="pl">Reklama firmy</span>' in english
    moderator = seen_by(world, "coordinator", thread, hidden)
    assert "Poza tematem." in moderator and "Przywróć" in moderator
    assert "Usunięty przez autora." in seen_by(world, "member", thread, gone)
    assert "Pomyłka" not in seen_by(world, "coordinator", thread, gone)
    assert "· edytowany" in seen_by(world, "member", thread, edited)


def test_a_post_one_reported_says_so_instead_of_offering_a_second_report(world):
    thread = start(world)
    answer = services.post_add(by=world["expert"], thread_id=thread.pk, body="Kup nasz system!")
    services.post_report(post_id=answer.pk, by=world["member"], reason="Reklama")
    drawn = seen_by(world, "member", thread, answer)
    assert "Zgłoszony przez Ciebie" in drawn and "/zglos/" not in drawn
    other = seen_by(world, "second member", thread, answer)
    assert "Zgłoszony przez Ciebie" not in other and "Zgłoś<" in other


def test_a_refused_reply_comes_back_on_its_page_with_the_text(world):
    thread = start(world)
    Post.objects.bulk_create(
        Post(thread=thread, author=world["expert"], body=f"Wpis {n}", body_html=f"<p>Wpis {n}</p>")
        for n in range(60)
    )  # fmt: skip
    client = Client()
    client.force_login(world["member"])
    page = client.get(thread.get_absolute_url() + "?strona=2").content.decode()
    assert f'action="{thread.get_absolute_url()}?strona=2" id="odpowiedz"' in page
    response = client.post(thread.get_absolute_url() + "?strona=2", {"body": " "})
    refused = response.content.decode()
    assert response.status_code == 200 and "Najpierw coś napisz." in refused
    assert "Strona 2 z 2" in refused and "Wpis 59" in refused


def test_marking_the_solution_opens_the_page_at_the_reply(world):
    thread = start(world)
    for n in range(6):  # two writers: one may write ten a minute
        services.post_add(by=world["expert"], thread_id=thread.pk, body=f"Odpowiedź {n}")
    answer = thread.posts.latest("pk")
    client = Client()
    client.force_login(world["member"])
    url = reverse("discussions:solution", args=[world["network"].slug, thread.pk])
    response = client.post(url, {"post": answer.pk})
    assert response.url == f"{thread.get_absolute_url()}?wpis={answer.pk}"
