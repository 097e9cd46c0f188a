"""A post's documents and photos (up to five of each, in rows of the form): checked by their
content and stored with the post in one transaction (a refused file undoes the post and the
files before it, and keeps the typed text), served under the thread only to those who read the
post, shown with the post, and gone once the post's deletion commits. Real files in a private
folder of the test's own."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from discussions import services
from discussions.choices import ThreadKind
from discussions.models import Post, PostAttachment, PostPhoto
from tests.discussions.test_discussions import OBSERVERS, start
from tests.meetings.test_reports import png
from tests.portal.test_uploads import stored
from tests.practices.test_attachments_and_map import pdf

pytestmark = pytest.mark.django_db(transaction=True)


def reply(world, thread, by="observer", **files):
    return services.post_add(by=world[by], thread_id=thread.pk, body="Mamy zdjęcia.", **files)


def with_files():
    return {"documents": [{"file": pdf(), "title": "Plan rynku"}],
            "photos": [{"image": png(), "caption": "Rynek po remoncie"}]}  # fmt: skip


def rows(prefix, *values):
    """Rows of a post's form as the browser sends them: how many, and each row's fields."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(values)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(values):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def form_files():
    return {**rows("documents", {"file": pdf(), "title": "Plan rynku"}),
            **rows("photos", {"image": png(), "caption": "Rynek po remoncie"})}  # fmt: skip


def document_url(thread, post):
    args = [thread.network.slug, thread.pk, post.pk, post.attachments.get().pk]
    return reverse("discussions:post_document_file", args=args)


def photo_url(thread, post, size="pelne"):
    args = [thread.network.slug, thread.pk, post.pk, post.photos.get().pk, size]
    return reverse("discussions:post_photo_file", args=args)


def test_a_reply_carries_a_document_and_a_photo_shown_and_served_to_readers(
    world,
    client,
    private_root,
):
    thread = start(world, audience=OBSERVERS)
    post = reply(world, thread, **with_files())
    document, photo = post.attachments.get(), post.photos.get()
    assert (document.kind, document.title, photo.caption) == (
        "pdf",
        "Plan rynku",
        "Rynek po remoncie",
    )
    assert stored(private_root) == sorted([document.file.name, photo.image.name])
    assert services.photo_make_thumbnail(photo.pk) is True
    client.force_login(world["member"])
    page = client.get(thread.get_absolute_url() + "?strona=1").content.decode()
    assert document_url(thread, post) in page and "PDF" in page
    assert photo_url(thread, post, "miniatura") in page and 'alt="Rynek po remoncie"' in page
    response = client.get(document_url(thread, post))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(photo_url(thread, post, "miniatura")).status_code == 200
    assert client.get(photo_url(thread, post, "ogromne")).status_code == 404


def test_the_first_post_of_a_new_thread_carries_files_from_the_form(
    world,
    client,
    private_root,
):
    client.force_login(world["member"])
    response = client.post(
        reverse("discussions:create", args=[world["network"].slug]),
        {"kind": "question", "audience": "inside", "title": "Kto ma plan?", "body": "Nasz:",
         **form_files()},
    )  # fmt: skip
    assert response.status_code == 302
    post = Post.objects.get(thread__title="Kto ma plan?")
    assert post.attachments.count() == 1 and post.photos.count() == 1


def test_a_refused_file_keeps_the_text_says_why_and_leaves_nothing_behind(
    world,
    client,
    private_root,
):
    thread = start(world)
    client.force_login(world["member"])
    fake = SimpleUploadedFile("zdjecie.jpg", b"MZ this is a program, not a photo")
    response = client.post(
        thread.get_absolute_url(),
        {"body": "Mój długi wpis, który nie może zginąć.", **rows("documents"),
         **rows("photos", {"image": fake, "caption": "Rynek"})},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mój długi wpis, który nie może zginąć." in page
    assert "Ten plik nie jest zdjęciem" in page and "error-summary" in page
    assert thread.posts.count() == 1 and stored(private_root) == []
    # A photo without its description is refused before anything is stored.
    response = client.post(
        thread.get_absolute_url(), {"body": "Drugi wpis", **rows("photos", {"image": png()})}
    )
    assert response.status_code == 200 and "Drugi wpis" in response.content.decode()
    assert thread.posts.count() == 1 and stored(private_root) == []
    with pytest.raises(ValidationError) as refused:
        reply(world, thread, by="member", documents=[{"file": png(), "title": "Nie PDF"}])
    assert list(refused.value.error_dict) == [("documents", 0, "file")]
    assert thread.posts.count() == 1 and stored(private_root) == []


def test_who_may_not_read_the_post_gets_404_for_its_files(world, client, private_root):
    inside = start(world)
    inside_post = reply(world, inside, by="expert", **with_files())
    closed = start(world, by="mayor", network="leaders", title="Budżet", **with_files())
    closed_post = closed.posts.get()
    urls = {
        "inside": [document_url(inside, inside_post), photo_url(inside, inside_post)],
        "leaders": [document_url(closed, closed_post), photo_url(closed, closed_post)],
    }
    for person, allowed in [
        ("observer", []), ("stranger", []), ("member", ["inside"]), ("deputy", []),
        ("leaders coordinator", ["leaders"]), ("second mayor", ["leaders"]),
        ("coordinator", ["inside"]),
    ]:  # fmt: skip
        client.force_login(world[person])
        for where, pair in urls.items():
            for url in pair:
                expected = 200 if where in allowed else 404
                assert client.get(url).status_code == expected, (person, url)


def test_a_hidden_posts_files_go_to_the_moderator_only(world, client, private_root):
    thread = start(world)
    post = reply(world, thread, by="expert", **with_files())
    services.post_hide(post_id=post.pk, by=world["coordinator"], reason="Dane osobowe")
    url = document_url(thread, post)
    client.force_login(world["member"])
    assert client.get(url).status_code == 404
    assert url not in client.get(thread.get_absolute_url() + "?strona=1").content.decode()
    client.force_login(world["coordinator"])
    assert client.get(url).status_code == 200


def test_a_deleted_posts_files_are_gone_once_the_deletion_commits(
    world,
    client,
    private_root,
):
    thread = start(world)
    post = reply(world, thread, by="expert", **with_files())
    urls = [document_url(thread, post), photo_url(thread, post)]
    assert len(stored(private_root)) == 2
    services.post_delete(by=world["expert"], post_id=post.pk)
    assert stored(private_root) == []
    assert not PostAttachment.objects.exists() and not PostPhoto.objects.exists()
    client.force_login(world["expert"])
    assert [client.get(url).status_code for url in urls] == [404, 404]


def test_the_author_removes_one_file_from_their_post_and_keeps_the_other(
    world,
    client,
    private_root,
):
    thread = start(world)
    post = reply(world, thread, by="expert", **with_files())
    document, photo = post.attachments.get(), post.photos.get()
    edit = reverse("discussions:post_edit", args=[thread.network.slug, thread.pk, post.pk])
    client.force_login(world["expert"])
    page = client.get(edit).content.decode()
    assert "dokument „Plan rynku”" in page and "zdjęcie „Rynek po remoncie”" in page
    response = client.post(edit, {"body": post.body, "remove": [f"zdjecie-{photo.pk}"]})
    assert response.status_code == 302
    assert list(post.photos.all()) == [] and post.attachments.get() == document
    assert stored(private_root) == [document.file.name]  # the photo's file gone with it
    post.refresh_from_db()
    assert post.edited_at is None  # the text did not change
    # Another post's file cannot be named: it stays.
    other = reply(world, thread, by="member", **with_files())
    client.post(edit, {"body": "Nowy tekst", "remove": [f"dokument-{other.attachments.get().pk}"]})
    assert other.attachments.count() == 1


def test_the_personal_data_export_names_the_files_sent_with_ones_posts(world, private_root):
    from accounts.personal_data import personal_data

    thread = start(world)
    reply(world, thread, by="expert", **with_files())
    [sent] = [p for p in personal_data(world["expert"])["posts"] if p["documents"]]
    assert (sent["documents"], sent["photos"]) == (["Plan rynku"], ["Rynek po remoncie"])


def test_a_conversion_carries_the_documents_of_the_posts_it_takes(world, private_root):
    from practices.models import Category

    thread = start(world)
    answer = reply(world, thread, by="expert", **with_files())
    other = services.post_add(by=world["second member"], thread_id=thread.pk, body="Inny plik.",
                              documents=[{"file": pdf(), "title": "Obcy plik"}])  # fmt: skip
    services.solution_mark(by=world["member"], thread_id=thread.pk, post_id=answer.pk)
    result = services.thread_to_result(by=world["coordinator"], thread_id=thread.pk)
    [copy] = result.attachments.all()
    assert (copy.title, copy.kind) == ("Plan rynku", "pdf")  # the solution's, not the other
    assert copy.file.name != answer.attachments.get().file.name  # a file of its own
    services.post_delete(by=world["expert"], post_id=answer.pk)
    assert copy.file.storage.exists(copy.file.name)  # the draft stays whole
    category = Category.objects.create(name="Finanse", slug="finanse")
    with pytest.raises(ValidationError):  # its solution deleted, the question is open again
        services.thread_to_practice(
            by=world["coordinator"], thread_id=thread.pk, category_id=category.pk
        )
    services.solution_mark(by=world["member"], thread_id=thread.pk, post_id=other.pk)
    practice = services.thread_to_practice(
        by=world["coordinator"], thread_id=thread.pk, category_id=category.pk
    )
    assert [a.title for a in practice.attachments.all()] == ["Obcy plik"]


# Several files in one post


def test_a_reply_carries_several_documents_and_photos_from_the_form(world, client, private_root):
    thread = start(world)
    client.force_login(world["member"])
    response = client.post(thread.get_absolute_url(), {
        "body": "Trzy plany i dwa zdjęcia.",
        **rows("documents", *({"file": pdf(f"plan{n}.pdf"), "title": f"Plan {n}"}
                              for n in range(1, 4))),
        **rows("photos", {"image": png(), "caption": "Rynek"}, {"image": png(), "caption": "Park"}),
    })  # fmt: skip
    assert response.status_code == 302
    post = thread.posts.get(body="Trzy plany i dwa zdjęcia.")
    assert [a.title for a in post.attachments.all()] == ["Plan 1", "Plan 2", "Plan 3"]
    assert [p.caption for p in post.photos.all()] == ["Rynek", "Park"]
    assert len(stored(private_root)) == 5
    page = client.get(thread.get_absolute_url() + "?strona=1").content.decode()
    assert all(f"Plan {n}" in page for n in range(1, 4)) and "Park" in page


def test_without_javascript_add_another_keeps_what_was_typed_and_names_the_lost_file(
    world, client, private_root
):
    thread = start(world)
    client.force_login(world["member"])
    typed = {
        "body": "Mój długi wpis, który nie może zginąć.",
        **rows("documents", {"file": pdf("plan-rynku.pdf"), "title": "Plan rynku"}),
        **rows("photos", {"caption": "Rynek nocą"}),
    }
    response = client.post(thread.get_absolute_url(), {**typed, "add-row": "documents"})
    page = response.content.decode()
    assert response.status_code == 200 and "error-summary" not in page  # nothing checked yet
    assert thread.posts.count() == 1 and stored(private_root) == []
    assert "Mój długi wpis, który nie może zginąć." in page
    assert 'value="Plan rynku"' in page and 'value="Rynek nocą"' in page
    assert 'name="documents-TOTAL_FORMS" value="2"' in page and 'name="documents-1-file"' in page
    assert "Dokument 2" in page and "Dodaj kolejny dokument" in page
    # The browser forgot the chosen file: the row says which it was, the button why.
    assert "„plan-rynku.pdf”" in page and "Pliki wybierz na końcu" in page
    # A row whose file alone was chosen is not taken for an empty one, however many rows are
    # added: it keeps the file's name and asks for the file again.
    only_file = {"body": "Sam plik", **rows("documents", {"file": pdf("budzet.pdf")}),
                 **rows("photos"), "add-row": "photos"}  # fmt: skip
    page = client.post(thread.get_absolute_url(), only_file).content.decode()
    again = {"body": "Sam plik", **rows("documents", {"chosen": "budzet.pdf"}), **rows("photos")}
    assert 'name="documents-0-chosen" value="budzet.pdf"' in page
    page = client.post(thread.get_absolute_url(), {**again, "add-row": "photos"})
    assert "„budzet.pdf”" in page.content.decode()
    page = client.post(thread.get_absolute_url(), again).content.decode()
    assert "Dokument 1: Wybierz plik dokumentu." in page and "„budzet.pdf”" in page
    assert thread.posts.count() == 1
    # Sent with the files chosen again, both documents are saved.
    response = client.post(thread.get_absolute_url(), {
        **typed, **rows("documents", {"file": pdf(), "title": "Plan rynku"},
                        {"file": pdf(), "title": "Plan parku"}),
        **rows("photos", {"image": png(), "caption": "Rynek nocą"}),
    })  # fmt: skip
    assert response.status_code == 302
    post = thread.posts.latest("pk")
    assert [a.title for a in post.attachments.all()] == ["Plan rynku", "Plan parku"]
    # A title whose file the browser forgot is not dropped quietly: its row asks for the file.
    response = client.post(thread.get_absolute_url(), {
        "body": "Trzeci wpis", **rows("documents", {"title": "Plan rynku"}), **rows("photos"),
    })  # fmt: skip
    assert response.status_code == 200
    assert "Dokument 1: Wybierz plik dokumentu." in response.content.decode()


def test_a_refused_second_file_undoes_the_post_and_every_file(world, client, private_root):
    thread = start(world)
    client.force_login(world["member"])
    fake = SimpleUploadedFile("plan.pdf", b"MZ this is a program, not a document")
    response = client.post(thread.get_absolute_url(), {
        "body": "Dwa pliki.",
        **rows("documents", {"file": pdf(), "title": "Dobry"}, {"file": fake, "title": "Zły"}),
        **rows("photos", {"image": png(), "caption": "Rynek"}),
    })  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and "Dwa pliki." in page
    # Said at its row, in the summary too, with a link to its field.
    assert '<a href="#id_documents-1-file">Dokument 2: Załączniki muszą być' in page
    assert thread.posts.count() == 1 and stored(private_root) == []
    assert not PostAttachment.objects.exists() and not PostPhoto.objects.exists()
    # The same for a photo refused after the documents and a first photo were written.
    with pytest.raises(ValidationError) as refused:
        reply(world, thread, by="member", documents=[{"file": pdf(), "title": "Plan"}], photos=[
            {"image": png(), "caption": "Rynek"},
            {"image": SimpleUploadedFile("z.png", b"not a photo"), "caption": "Park"},
        ])  # fmt: skip
    assert list(refused.value.error_dict) == [("photos", 1, "image")]
    assert thread.posts.count() == 1 and stored(private_root) == []


def test_a_post_has_at_most_five_documents_and_five_photos(world, client, private_root):
    thread = start(world)
    client.force_login(world["member"])
    six = [{"file": pdf(), "title": f"Plan {n}"} for n in range(6)]
    response = client.post(
        thread.get_absolute_url(), {"body": "Sześć.", **rows("documents", *six), **rows("photos")}
    )
    assert response.status_code == 200
    assert "Wpis może mieć najwyżej 5 dokumentów." in response.content.decode()
    assert thread.posts.count() == 1 and stored(private_root) == []
    with pytest.raises(ValidationError) as refused:
        reply(world, thread, by="member", photos=[{"image": png(), "caption": "Rynek"}] * 6)
    assert refused.value.messages == ["Wpis może mieć najwyżej 5 zdjęć."]
    # At five rows "add another" adds none and gives way to the limit.
    five = {"body": "Pięć.", **rows("documents", *six[:5]), **rows("photos")}
    page = client.post(thread.get_absolute_url(), {**five, "add-row": "documents"})
    page = page.content.decode()
    assert 'name="documents-TOTAL_FORMS" value="5"' in page
    assert 'value="documents" data-rows-add aria-describedby="documents-add-hint" hidden>' in page
    # A count sent far too big is not read through, row by row.
    huge = {**five, "documents-TOTAL_FORMS": "1000000000", "add-row": "documents"}
    assert client.post(thread.get_absolute_url(), huge).status_code == 200
    # A row being removed leaves room for another.
    five["documents-4-DELETE"] = "on"
    page = client.post(thread.get_absolute_url(), {**five, "add-row": "documents"})
    assert 'name="documents-TOTAL_FORMS" value="6"' in page.content.decode()
    # Editing counts the files the post keeps.
    four = [{"file": pdf(), "title": f"Plan {n}"} for n in range(4)]
    post = reply(world, thread, by="member", documents=four)
    with pytest.raises(ValidationError):
        services.post_edit(by=world["member"], post_id=post.pk, body=post.body,
                           documents=[{"file": pdf(), "title": "Piąty"}] * 2)  # fmt: skip
    assert post.attachments.count() == 4 and len(stored(private_root)) == 4


def test_the_author_adds_files_when_editing_and_a_refusal_shows_at_its_row(
    world, client, private_root
):
    thread = start(world)
    post = reply(world, thread, by="expert", **with_files())
    edit = reverse("discussions:post_edit", args=[thread.network.slug, thread.pk, post.pk])
    client.force_login(world["expert"])
    page = client.get(edit).content.decode()
    assert 'enctype="multipart/form-data"' in page and "Dodaj kolejne zdjęcie" in page
    response = client.post(edit, {
        "body": post.body, **rows("documents", {"file": pdf(), "title": "Aneks"}),
        **rows("photos", {"image": png(), "caption": "Park"}),
    })  # fmt: skip
    assert response.status_code == 302
    assert [a.title for a in post.attachments.all()] == ["Plan rynku", "Aneks"]
    assert post.photos.count() == 2
    response = client.post(edit, {
        "body": "Nowy tekst", **rows("documents"),
        **rows("photos", {"image": SimpleUploadedFile("z.jpg", b"no"), "caption": "Zły"}),
    })  # fmt: skip
    assert response.status_code == 200
    assert "Zdjęcie 1: Ten plik nie jest zdjęciem" in response.content.decode()
    post.refresh_from_db()
    assert post.body == "Mamy zdjęcia." and post.photos.count() == 2


def test_a_conversion_carries_every_document_of_the_posts_it_takes(world, private_root):
    thread = start(world, documents=[{"file": pdf(), "title": "Pytanie"}],
                   kind=ThreadKind.CONSULTATION, audience=OBSERVERS,
                   feedback_until=timezone.localdate() + dt.timedelta(days=7))  # fmt: skip
    reply(world, thread, by="expert", documents=[
        {"file": pdf(), "title": f"Plan {n}"} for n in range(1, 4)
    ], photos=[{"image": png(), "caption": "Rynek"}])  # fmt: skip
    result = services.thread_to_result(by=world["coordinator"], thread_id=thread.pk)
    titles = ["Pytanie", "Plan 1", "Plan 2", "Plan 3"]
    assert [a.title for a in result.attachments.order_by("pk")] == titles


def test_the_personal_data_export_names_every_file_of_a_post(world, private_root):
    from accounts.personal_data import personal_data

    thread = start(world)
    reply(world, thread, by="expert",
          documents=[{"file": pdf(), "title": t} for t in ("Plan", "Budżet")],
          photos=[{"image": png(), "caption": c} for c in ("Rynek", "Park", "Most")])  # fmt: skip
    [sent] = [p for p in personal_data(world["expert"])["posts"] if p["documents"]]
    assert (sent["documents"], sent["photos"]) == (["Plan", "Budżet"], ["Rynek", "Park", "Most"])
