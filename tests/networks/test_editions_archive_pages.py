"""A closed edition's archive, as its pages and forms show it: comments and posts stay as they
were (no edit, delete, reply or mark, on the page or on any write path), the forms for new work
say there is no open edition rather than taking a text to refuse, an edition yet to start is
the next one and is not offered to close, and a member asked to continue may say no."""

# ruff: noqa: F811 - the editions' fixture, imported from tests/networks/test_editions.py
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from discussions import services as discussion_services
from discussions.models import Post
from networks import editions
from results import services as result_services
from results.models import Comment, Result
from tests.networks.test_editions import first_edition, result_in, thread_in, world  # noqa: F401

pytestmark = pytest.mark.django_db


def main_of(response):
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_a_comment_of_an_archived_result_is_neither_edited_nor_deleted_nor_answered(client, world):
    result = result_in(world)
    Result.objects.filter(pk=result.pk).update(
        stage="observers", opened_to_observers_at=timezone.now(),
        opinions_until=timezone.localdate() + dt.timedelta(days=20),
    )  # fmt: skip
    mine = result_services.comment_add(result_id=result.pk, by=world["member"], body="Dobre.")
    editions.edition_close(edition_id=first_edition(world).pk, by=world["coordinator"])
    reason = editions.read_only_reason(first_edition(world))

    writes = {
        "edit": lambda: result_services.comment_edit(
            comment_id=mine.pk, by=world["member"], body="Zmienione."
        ),
        "delete": lambda: result_services.comment_delete(comment_id=mine.pk, by=world["member"]),
        "reply": lambda: result_services.comment_add(
            result_id=result.pk, by=world["other member"], body="Zgoda.", parent_id=mine.pk
        ),
    }
    for what, write in writes.items():
        with pytest.raises(ValidationError) as refused, transaction.atomic():
            write()
        assert refused.value.messages == [reason], what

    client.force_login(world["member"])
    edit = reverse("results:comment_edit", args=[mine.pk])
    delete = reverse("results:comment_delete", args=[mine.pk])
    response = client.post(edit, {"body": "Zmienione przez stronę."})
    assert response.status_code == 302
    assert client.post(delete).status_code == 302
    response = client.post(reverse("results:detail", args=[result.pk]), {"body": "Nowa opinia."})
    assert response.status_code == 302
    assert list(Comment.objects.values_list("body", "deleted_at")) == [("Dobre.", None)]

    page = main_of(client.get(reverse("results:detail", args=[result.pk])))
    assert "Dobre." in page  # read still
    assert edit not in page and delete not in page
    assert 'id="nowy-komentarz"' not in page and 'name="parent"' not in page
    assert "opinions until" not in page and "opinie do" not in page
    assert reverse("networks:edition", args=[world["network"].slug, 1]) in page  # the notice


def test_a_post_of_an_archived_thread_is_neither_edited_nor_deleted_nor_marked(client, world):
    thread = thread_in(world)
    reply = discussion_services.post_add(
        by=world["other member"], thread_id=thread.pk, body="Mamy doświadczenia."
    )
    editions.edition_close(edition_id=first_edition(world).pk, by=world["coordinator"])
    reason = editions.read_only_reason(first_edition(world))
    asker, other = world["member"], world["other member"]
    writes = {
        "edit": lambda: discussion_services.post_edit(by=other, post_id=reply.pk, body="Inne."),
        "delete": lambda: discussion_services.post_delete(by=other, post_id=reply.pk),
        "useful": lambda: discussion_services.useful_toggle(by=asker, post_id=reply.pk),
        "solution": lambda: discussion_services.solution_mark(
            by=asker, thread_id=thread.pk, post_id=reply.pk
        ),
        "reply": lambda: discussion_services.post_add(
            by=asker, thread_id=thread.pk, body="Dziękuję."
        ),
    }
    for what, write in writes.items():
        with pytest.raises(ValidationError) as refused, transaction.atomic():
            write()
        assert refused.value.messages == [reason], what

    slug = world["network"].slug
    edit = reverse("discussions:post_edit", args=[slug, thread.pk, reply.pk])
    delete = reverse("discussions:post_delete", args=[slug, thread.pk, reply.pk])
    useful = reverse("discussions:post_useful", args=[slug, thread.pk, reply.pk])
    client.force_login(other)
    assert client.post(edit, {"body": "Zmienione przez stronę."}).status_code == 302
    assert client.post(delete).status_code == 302
    client.force_login(asker)
    assert client.post(useful).status_code == 302
    reply = Post.objects.get(pk=reply.pk)
    assert (reply.body, reply.deleted_at, reply.useful_count) == ("Mamy doświadczenia.", None, 0)

    page = main_of(client.get(thread.get_absolute_url() + "?strona=1"))
    assert "Mamy doświadczenia." in page
    assert useful not in page and 'id="odpowiedz"' not in page
    client.force_login(other)
    page = main_of(client.get(thread.get_absolute_url() + "?strona=1"))
    assert edit not in page and delete not in page
    assert reverse("networks:edition", args=[slug, 1]) in page  # the notice


def test_the_forms_for_new_work_say_there_is_no_open_edition(client, world):
    slug = world["network"].slug
    forms = {
        "meeting": (world["coordinator"], reverse("meetings:schedule", args=[slug])),
        "thread": (world["member"], reverse("discussions:create", args=[slug])),
        "result": (world["member"], reverse("results:create", args=[slug])),
    }
    for who, url in forms.values():  # while an edition is open: the form
        client.force_login(who)
        assert 'method="post"' in main_of(client.get(url))
    editions.edition_close(edition_id=first_edition(world).pk, by=world["coordinator"])
    open_url = reverse("networks:edition_open", args=[slug])
    for what, (who, url) in forms.items():
        client.force_login(who)
        response = client.get(url)
        page = main_of(response)
        assert response.status_code == 200, what
        assert 'method="post"' not in page and "<textarea" not in page, what
        assert editions.read_only_reason(None) in page.replace("&#x27;", "'"), what
        # The coordinator is led to open the next edition; a member is told who does.
        assert (open_url in page) == (who == world["coordinator"]), what
        response = client.post(url, {"title": "Po zamknięciu", "body": "Treść."})
        assert response.status_code == 200 and 'method="post"' not in main_of(response), what
    client.force_login(world["expert"])
    assert open_url not in main_of(client.get(forms["result"][1]))
    client.force_login(world["member"])  # who may not make the work is refused, as before
    assert client.get(forms["meeting"][1]).status_code == 404


def test_an_edition_yet_to_start_is_the_next_one_and_is_not_offered_to_close(client, world):
    editions.edition_close(edition_id=first_edition(world).pk, by=world["coordinator"])
    ahead = timezone.localdate() + dt.timedelta(days=40)
    edition = editions.edition_open(
        network_id=world["network"].pk, by=world["coordinator"], name="2027–2029",
        starts_on=ahead,
    )  # fmt: skip
    client.force_login(world["coordinator"])
    slug = world["network"].slug
    page = main_of(client.get(reverse("networks:edition", args=[slug, edition.number])))
    assert "Następna edycja sieci, od" in page or "next edition, from" in page
    assert "Bieżąca edycja sieci" not in page and "current edition, since" not in page
    close = main_of(client.get(reverse("networks:edition_close", args=[slug])))
    assert "<button" not in close
    assert "2027–2029" in close and "nie" in close.lower()  # the reason is said
    page = main_of(client.get(reverse("networks:inside", args=[slug])))
    assert "Następna edycja:" in page or "Next edition:" in page
    assert "Bieżąca edycja:" not in page


def test_a_member_asked_to_continue_may_say_no_and_leaves_at_once(client, world):
    from networks.choices import ParticipationAction, ParticipationStatus
    from networks.models import Continuation, Participation

    editions.edition_close(edition_id=first_edition(world).pk, by=world["coordinator"])
    editions.edition_open(
        network_id=world["network"].pk, by=world["coordinator"], name="2025–2027",
        starts_on=timezone.localdate(),
    )  # fmt: skip
    mine = Continuation.objects.get(participation__person=world["member"])
    decline = reverse("networks:continue_decline", args=[mine.pk])
    client.force_login(world["member"])
    assert decline in main_of(client.get(reverse("networks:continue", args=[mine.pk])))
    confirm = main_of(client.get(decline))  # a confirmation step first
    assert confirm.count("<button") == 1
    assert Participation.objects.get(pk=mine.participation_id).status == "accepted"
    client.force_login(world["other member"])
    assert client.get(decline).status_code == 404  # someone else's request
    assert client.post(decline).status_code == 404
    client.force_login(world["member"])
    assert client.post(decline).status_code == 302
    participation = Participation.objects.get(pk=mine.participation_id)
    assert participation.status == ParticipationStatus.LEFT
    events = list(participation.events.values_list("action", "actor"))
    assert events == [(ParticipationAction.DID_NOT_CONTINUE, world["member"].pk)]
    mine.refresh_from_db()
    assert mine.ended_at is not None and mine.confirmed_at is None
    # A member who confirmed is not ended by a "no" sent from an old page.
    other = Continuation.objects.get(participation__person=world["other member"])
    editions.continuation_confirm(continuation_id=other.pk, person=world["other member"])
    with pytest.raises(ValidationError):
        editions.continuation_decline(continuation_id=other.pk, person=world["other member"])
    # Settled: the 30 days' task ends nobody again, a second answer changes nothing.
    assert editions.continuations_end_due(timezone.now() + dt.timedelta(days=31)) == 0
    assert client.post(decline).status_code == 302
    assert participation.events.count() == 1
