"""A network's discussions: who reads which thread, who may start and reply, who hears of
what (exactly once, only while they may still read), reading state, solutions, useful marks,
edits and moderation; nothing of the leaders' network reaches anyone outside it."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.choices import FunctionStatus, NetworkAudience, NotificationKind
from accounts.models import Notification
from discussions import selectors, services
from discussions.choices import NewThreadNews, ThreadKind
from discussions.models import Post, PostModeration, PostVersion, Thread
from empirie.moderation import ModerationAction
from networks.choices import NetworkKind, ParticipationStatus, Role
from networks.models import Participation
from search.query import understood
from tests.factories import NetworkFactory, ParticipationFactory, ProfileFactory, UserFactory
from tests.meetings.test_reports import png
from tests.practices.test_attachments_and_map import pdf

pytestmark = pytest.mark.django_db
INSIDE, OBSERVERS = NetworkAudience.INSIDE, NetworkAudience.OBSERVERS


def person_in(network, role=Role.MEMBER, first_name="Anna", last_name=None, **profile):
    user = UserFactory(first_name=first_name, **({"last_name": last_name} if last_name else {}))
    person = ProfileFactory(user=user, **profile)
    ParticipationFactory(network=network, person=user, city=person.city, role=role)
    return user


@pytest.fixture
def world():
    network = NetworkFactory(name="MIASTO CYFROWE", slug="miasto-cyfrowe")
    leaders = NetworkFactory(kind=NetworkKind.LEADERS, slug="siec-dla-liderow")
    return {
        "network": network,
        "leaders": leaders,
        "coordinator": person_in(network, Role.COORDINATOR, "Ewa", "Koordynatorka"),
        "expert": person_in(network, Role.EXPERT, "Jan", "Ekspert"),
        "member": person_in(network, first_name="Maria", last_name="Członkini"),
        "second member": person_in(network, first_name="Piotr", last_name="Nowak"),
        "observer": person_in(network, Role.OBSERVER, "Olga", "Obserwatorka"),
        "stranger": ProfileFactory().user,
        "mayor": person_in(leaders, function="mayor", verified=True),
        "second mayor": person_in(leaders, function="president", verified=True),
        "deputy": person_in(leaders, function="deputy_mayor"),  # declared, not verified
        "leaders coordinator": person_in(leaders, Role.COORDINATOR, function="other"),
        "administrator": UserFactory(is_superuser=True, is_staff=True),
    }


def start(world, by="member", network="network", kind=ThreadKind.QUESTION, audience=INSIDE,
          title="Kto wdrożył e-doręczenia?", body="Szukamy doświadczeń.", **extra):  # fmt: skip
    return services.thread_start(
        by=world[by], network_id=world[network].pk, kind=kind, audience=audience, title=title,
        body=body, **extra,
    )  # fmt: skip


def readers(thread, world):
    people = [*world.items(), ("visitor", AnonymousUser())]
    return sorted(
        name
        for name, person in people
        if not isinstance(person, type(world["network"]))
        and Thread.objects.visible_to(person).filter(pk=thread.pk).exists()
        and Post.objects.visible_to(person).filter(thread=thread).exists()
    )


def test_who_reads_a_thread_follows_its_audience_and_the_closed_network(world):
    inside = start(world)
    assert readers(inside, world) == [
        "administrator", "coordinator", "expert", "member", "second member"
    ]  # fmt: skip
    opened = start(world, audience=OBSERVERS)
    assert readers(opened, world) == [
        "administrator", "coordinator", "expert", "member", "observer", "second member"
    ]  # fmt: skip
    closed = start(world, by="mayor", network="leaders", title="Budżet obywatelski")
    assert readers(closed, world) == [
        "administrator", "leaders coordinator", "mayor", "second mayor"
    ]  # fmt: skip
    # Even a row that claims observers (written past the rules) stays inside a closed network.
    Thread.objects.filter(pk=closed.pk).update(audience=OBSERVERS)
    assert "observer" not in readers(closed, world)


def test_a_withdrawn_verification_ends_reading_on_the_next_request(world, client):
    thread = start(world, by="second mayor", network="leaders")
    url = thread.get_absolute_url()
    client.force_login(world["mayor"])
    assert client.get(url + "?strona=1").status_code == 200
    world["mayor"].profile.function_status = FunctionStatus.REJECTED
    world["mayor"].profile.save()
    assert client.get(url + "?strona=1").status_code == 404
    assert client.get(reverse("discussions:list", args=["siec-dla-liderow"])).status_code == 404


def test_who_may_start_what(world):
    with pytest.raises(PermissionDenied):
        start(world, kind=ThreadKind.ANNOUNCEMENT)
    start(world, by="coordinator", kind=ThreadKind.ANNOUNCEMENT,
          pinned_until=timezone.localdate() + dt.timedelta(days=7))  # fmt: skip
    with pytest.raises(ValidationError):
        start(world, kind=ThreadKind.CONSULTATION)  # no day for feedback
    with pytest.raises(ValidationError):
        start(world, kind=ThreadKind.CONSULTATION, feedback_until=timezone.localdate())
    # An observer asks in a thread the observers read; never one for the inside only.
    with pytest.raises(ValidationError):
        start(world, by="observer")
    asked = start(world, by="observer", audience=OBSERVERS)
    assert asked.audience == OBSERVERS
    with pytest.raises(PermissionDenied):
        start(world, by="observer", kind=ThreadKind.CONSULTATION, audience=OBSERVERS,
              feedback_until=timezone.localdate() + dt.timedelta(days=3))  # fmt: skip
    # The leaders' network has no observers: a thread there cannot be opened to them.
    with pytest.raises(ValidationError):
        start(world, by="mayor", network="leaders", audience=OBSERVERS)
    for name in ("deputy", "stranger", "expert"):
        with pytest.raises(PermissionDenied):
            start(world, by=name, network="leaders")


def told(person, kind=None):
    rows = Notification.objects.filter(recipient=person)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.count()


def test_new_threads_reach_those_who_chose_to_hear_of_them(world):
    services.new_threads_choose(
        person=world["second member"],
        network_id=world["network"].pk,
        choice=NewThreadNews.IMPORTANT,
    )
    services.new_threads_choose(
        person=world["expert"], network_id=world["network"].pk, choice=NewThreadNews.NONE
    )
    start(world)
    new = NotificationKind.DISCUSSION_THREAD
    assert [told(world[n], new) for n in ("member", "coordinator", "expert", "second member")] == [
        0, 1, 0, 0
    ]  # fmt: skip
    assert told(world["observer"], new) == 0  # the thread is for the inside only
    start(world, kind=ThreadKind.CONSULTATION, audience=OBSERVERS,
          feedback_until=timezone.localdate() + dt.timedelta(days=14))  # fmt: skip
    # A consultation reaches the coordinator and the experts whatever they chose.
    assert [told(world[n], new) for n in ("coordinator", "expert", "second member", "observer")] == [
        2, 1, 1, 1
    ]  # fmt: skip
    start(world, by="mayor", network="leaders", title="Zamknięty wątek")
    assert told(world["deputy"]) == 0 and told(world["second mayor"], new) == 1


def test_replies_reach_watchers_once_and_mentions_as_mentions(world):
    thread = start(world)  # the member watches it
    services.post_add(by=world["second member"], thread_id=thread.pk, body="U nas działa.")
    assert told(world["member"], NotificationKind.DISCUSSION_REPLY) == 1
    # The second member now watches too; the expert is mentioned by name.
    services.post_add(
        by=world["member"], thread_id=thread.pk, body="Dzięki! @jan ekspert, co Pan sądzi?"
    )
    assert told(world["second member"], NotificationKind.DISCUSSION_REPLY) == 1
    assert told(world["expert"], NotificationKind.DISCUSSION_MENTION) == 1
    assert told(world["expert"], NotificationKind.DISCUSSION_REPLY) == 0
    # The expert replies: both members hear once; the expert does not hear of their own post.
    services.watch_set(person=world["second member"], thread_id=thread.pk, watching=False)
    services.post_add(by=world["expert"], thread_id=thread.pk, body="Polecam.")
    assert told(world["member"], NotificationKind.DISCUSSION_REPLY) == 2
    assert told(world["second member"], NotificationKind.DISCUSSION_REPLY) == 1  # muted
    assert told(world["expert"], NotificationKind.DISCUSSION_REPLY) == 0
    # One who left the network hears nothing more of it.
    leaving = Participation.objects.get(person=world["member"])
    leaving.status, leaving.left_at = ParticipationStatus.LEFT, timezone.now()
    leaving.save()
    services.post_add(by=world["expert"], thread_id=thread.pk, body="Jeszcze jedno.")
    assert told(world["member"], NotificationKind.DISCUSSION_REPLY) == 2


def test_a_mention_reaches_only_the_threads_readers(world):
    thread = start(world)  # inside only
    services.post_add(by=world["member"], thread_id=thread.pk, body="@Olga Obserwatorka?")
    assert told(world["observer"]) == 0


def test_the_asker_marks_the_reply_that_solved_it(world, client):
    thread = start(world)
    first = thread.posts.get()
    answer = services.post_add(by=world["expert"], thread_id=thread.pk, body="Tak: Poznań.")
    with pytest.raises(PermissionDenied):
        services.solution_mark(by=world["second member"], thread_id=thread.pk, post_id=answer.pk)
    with pytest.raises(ValidationError):
        services.solution_mark(by=world["member"], thread_id=thread.pk, post_id=first.pk)
    services.solution_mark(by=world["member"], thread_id=thread.pk, post_id=answer.pk)
    thread.refresh_from_db()
    assert thread.solution == answer and thread.solved_at
    assert told(world["expert"], NotificationKind.DISCUSSION_SOLVED) == 1
    client.force_login(world["second member"])
    listed = client.get(
        reverse("discussions:list", args=["miasto-cyfrowe"]), {"state": "rozwiazane"}
    )
    assert [t.pk for t in listed.context["threads"]] == [thread.pk]
    # The solving reply deleted: the question is open again.
    services.post_delete(by=world["expert"], post_id=answer.pk)
    thread.refresh_from_db()
    assert thread.solution is None


def test_edits_keep_earlier_versions_for_the_moderator_and_delete_removes_them(world):
    thread = start(world, body="Pierwsza wersja")
    post = thread.posts.get()
    with pytest.raises(PermissionDenied):
        services.post_edit(by=world["second member"], post_id=post.pk, body="Cudze")
    services.post_edit(by=world["member"], post_id=post.pk, body="Druga wersja <b>x</b>")
    post.refresh_from_db()
    assert post.edited_at and "&lt;b&gt;" in post.body_html
    assert list(PostVersion.objects.filter(post=post).values_list("body", flat=True)) == [
        "Pierwsza wersja"
    ]
    services.post_delete(by=world["member"], post_id=post.pk)
    post.refresh_from_db()
    assert post.body == "" and post.deleted_at and not PostVersion.objects.filter(post=post)
    assert Thread.objects.filter(pk=thread.pk).exists()


def test_useful_once_per_person_and_never_ones_own(world):
    thread = start(world)
    post = services.post_add(by=world["expert"], thread_id=thread.pk, body="Rada")
    assert services.useful_toggle(by=world["member"], post_id=post.pk) is True
    assert services.useful_toggle(by=world["second member"], post_id=post.pk) is True
    post.refresh_from_db()
    assert post.useful_count == 2
    assert services.useful_toggle(by=world["member"], post_id=post.pk) is False
    post.refresh_from_db()
    assert post.useful_count == 1
    with pytest.raises(PermissionDenied):
        services.useful_toggle(by=world["expert"], post_id=post.pk)
    with pytest.raises(PermissionDenied):  # may not read it
        services.useful_toggle(by=world["observer"], post_id=post.pk)


def test_a_locked_thread_takes_replies_only_from_the_coordinator(world):
    thread = start(world)
    with pytest.raises(PermissionDenied):
        services.thread_lock(by=world["member"], thread_id=thread.pk, locked=True)
    services.thread_lock(by=world["coordinator"], thread_id=thread.pk, locked=True)
    with pytest.raises(ValidationError):
        services.post_add(by=world["member"], thread_id=thread.pk, body="Jeszcze?")
    services.post_add(by=world["coordinator"], thread_id=thread.pk, body="Zamykam wątek.")


def test_moderation_hides_with_a_reason_and_is_recorded(world, client):
    thread = start(world, audience=OBSERVERS)
    post = services.post_add(by=world["observer"], thread_id=thread.pk, body="Reklama ząqx")
    services.post_report(post_id=post.pk, by=world["member"], reason="spam")
    with pytest.raises(ValidationError):
        services.post_report(post_id=post.pk, by=world["member"], reason="znowu")
    with pytest.raises(PermissionDenied):
        services.post_hide(post_id=post.pk, by=world["expert"], reason="x")
    with pytest.raises(ValidationError):
        services.post_hide(post_id=post.pk, by=world["coordinator"], reason=" ")
    services.post_hide(post_id=post.pk, by=world["coordinator"], reason="Reklama")
    assert not post.reports.filter(handled_at=None).exists()
    url = thread.get_absolute_url() + "?strona=1"
    client.force_login(world["second member"])
    page = client.get(url).content.decode()
    assert "ząqx" not in page and "Reklama" not in page
    client.force_login(world["observer"])
    page = client.get(url).content.decode()
    assert "ząqx" not in page and "Reklama" in page  # the author sees the reason
    services.post_restore(post_id=post.pk, by=world["coordinator"])
    assert list(PostModeration.objects.filter(post=post).values_list("action", flat=True)) == [
        ModerationAction.HIDDEN, ModerationAction.RESTORED
    ]  # fmt: skip


def test_reading_state_counts_unread_threads_and_opens_at_the_first_unread(
    world, client, monkeypatch
):
    monkeypatch.setattr(services, "POSTS_PER_MINUTE", 1000)
    network = world["network"]
    thread = start(world)
    other = start(world, title="Drugi")
    member, second = world["member"], world["second member"]
    assert selectors.unread_counts(member, [network.pk]) == {}  # their own posts are read
    assert selectors.unread_counts(second, [network.pk]) == {network.pk: 2}
    client.force_login(second)
    assert client.get(thread.get_absolute_url()).status_code == 200  # first visit: page 1
    assert selectors.unread_counts(second, [network.pk]) == {network.pk: 1}
    replies = [
        services.post_add(by=member, thread_id=thread.pk, body=f"Wpis {n}") for n in range(55)
    ]
    assert selectors.unread_counts(second, [network.pk]) == {network.pk: 2}
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].endswith(f"?strona=1#wpis-{replies[0].pk}")
    client.get(thread.get_absolute_url() + "?strona=2")
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200  # everything read: the first page, as for a newcomer
    client.post(reverse("discussions:mark_read", args=[network.slug]))
    assert selectors.unread_counts(second, [network.pk]) == {}
    listed = client.get(reverse("discussions:list", args=[network.slug]))
    assert not any(t.unread for t in listed.context["threads"])
    assert {t.pk for t in listed.context["threads"]} == {thread.pk, other.pk}


def test_a_reply_over_http_keeps_the_text_when_refused(world, client):
    thread = start(world)
    client.force_login(world["second member"])
    url = thread.get_absolute_url()
    for number in range(services.POSTS_PER_MINUTE):
        assert client.post(url, {"body": f"Wpis {number}"}).status_code == 302
    response = client.post(url, {"body": "Jedenasty wpis z treścią"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Jedenasty wpis z treścią" in page and 'class="error-summary"' in page
    # A quote of a post that is gone: refused, text kept.
    gone = services.post_add(by=world["expert"], thread_id=thread.pk, body="Zaraz usunę")
    services.post_delete(by=world["expert"], post_id=gone.pk)
    Post.objects.filter(author=world["second member"]).update(
        created_at=timezone.now() - dt.timedelta(minutes=5)
    )
    response = client.post(url, {"body": "Z cytatem", "quoted": str(gone.pk)})
    assert response.status_code == 200 and "Z cytatem" in response.content.decode()


def test_hostile_and_odd_input_gets_no_error_page(world, client):
    client.force_login(world["member"])
    create = reverse("discussions:create", args=["miasto-cyfrowe"])
    response = client.post(create, {
        "kind": "question", "audience": "inside", "title": "<script>alert(1)</script>",
        "body": "<img src=x onerror=alert(1)> https://example.org/?a=<b>",
    })  # fmt: skip
    thread = Thread.objects.get()
    assert response.status_code == 302
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    for query in ("?strona=abc", "?strona=999", "?wpis=999999", "?cytat=abc", "?cytat=99999",
                  "?wpis=-1"):  # fmt: skip
        assert client.get(thread.get_absolute_url() + query).status_code in (200, 302), query
    listing = reverse("discussions:list", args=["miasto-cyfrowe"])
    for query in ("?kind=x", "?state=%00", "?city=nie-ma", "?strona=-5"):
        assert client.get(listing + query).status_code == 200
    response = client.post(create, {"kind": "announcement", "audience": "inside", "title": "T",
                                    "body": "B"})  # fmt: skip
    assert response.status_code == 200  # not a kind this member may start: the form says so
    response = client.post(create, {"kind": "consultation", "audience": "inside", "title": "T",
                                    "body": "B", "feedback_until": "2020-01-01"})  # fmt: skip
    assert response.status_code == 200 and "Konsultacja" not in Thread.objects.values_list(
        "title", flat=True
    )


def test_pages_ask_a_fixed_number_of_queries(
    world, client, django_assert_max_num_queries, monkeypatch, private_root
):

    monkeypatch.setattr(services, "POSTS_PER_MINUTE", 1000)
    client.force_login(world["member"])
    thread = start(world)
    # One post with files from the start: a page whose posts have none skips reading files.
    services.post_add(
        by=world["expert"], thread_id=thread.pk, body="Z plikami",
        documents=[{"file": pdf(), "title": "Plan"}], photos=[{"image": png(), "caption": "Rynek"}],
    )  # fmt: skip
    listing = reverse("discussions:list", args=["miasto-cyfrowe"])
    client.get(listing)
    client.get(thread.get_absolute_url())
    with django_assert_max_num_queries(40) as few_list:
        client.get(listing)
    with django_assert_max_num_queries(40) as few_thread:
        client.get(thread.get_absolute_url() + "?strona=1")
    # Counted now: the connection's log of queries is a ring that the setting up below turns.
    list_queries, thread_queries = len(few_list.captured_queries), len(few_thread.captured_queries)
    for number in range(12):
        other = start(world, by="second member", title=f"Wątek {number}", audience=OBSERVERS)
        services.post_add(by=world["observer"], thread_id=other.pk, body="Odpowiedź")
    for number in range(12):  # each with several documents and photos
        post = services.post_add(
            by=world["expert"], thread_id=thread.pk, body=f"Wpis {number}", quoted_id=None,
            documents=[{"file": pdf(), "title": f"Plan {number}.{n}"} for n in range(3)],
            photos=[{"image": png(), "caption": f"Rynek {number}.{n}"} for n in range(2)],
        )  # fmt: skip
        for photo in post.photos.all():
            services.photo_make_thumbnail(photo.pk)
        services.useful_toggle(by=world["second member"], post_id=post.pk)
    client.get(listing)  # the header's counts, changed by the news, are cached again
    with django_assert_max_num_queries(list_queries):
        client.get(listing)
    with django_assert_max_num_queries(thread_queries):
        page = client.get(thread.get_absolute_url() + "?strona=1").content.decode()
    assert "Plan 11.2" in page and 'alt="Rynek 11.1"' in page  # every file of every post shown


def test_personal_data_names_a_closed_thread_only_while_readable_and_erasure_keeps_the_words(
    world,
):
    from accounts.personal_data import account_erase, personal_data

    thread = start(world, by="mayor", network="leaders", title="Tajny budżet", body="Moje słowa")
    [post] = personal_data(world["mayor"])["posts"]
    assert post["thread"] == "Tajny budżet" and post["text"] == "Moje słowa"
    world["mayor"].profile.function_status = FunctionStatus.REJECTED
    world["mayor"].profile.save()
    [post] = personal_data(world["mayor"])["posts"]
    assert post["thread"] is None and post["text"] == "Moje słowa"
    account_erase(person=world["mayor"])
    assert thread.posts.get().author is None


def test_a_reported_post_waits_on_its_coordinators_desk_only(world, client):
    from desk.selectors import to_do_count

    thread = start(world, by="mayor", network="leaders", title="Zamknięty")
    reply = services.post_add(by=world["second mayor"], thread_id=thread.pk, body="Spam ząqxw")
    before = to_do_count(world["leaders coordinator"])  # the deputy's function, to verify
    services.post_report(post_id=reply.pk, by=world["mayor"], reason="spam")
    for outsider in ("coordinator", "administrator"):
        client.force_login(world[outsider])
        page = client.get(reverse("desk:home")).content.decode()
        assert ("ząqxw" in page) is (outsider == "administrator")
    client.force_login(world["leaders coordinator"])
    assert to_do_count(world["leaders coordinator"]) == before + 1
    desk = client.get(reverse("desk:home")).content.decode()
    hide = reverse("discussions:post_hide", args=["siec-dla-liderow", thread.pk, reply.pk])
    assert f"{hide}?z=pulpit" in desk and "ząqxw" in desk
    response = client.post(f"{hide}?z=pulpit", {"reason": "Reklama"})
    assert response["Location"] == reverse("desk:home")
    assert to_do_count(world["leaders coordinator"]) == before
    assert "ząqxw" not in client.get(reverse("desk:home")).content.decode()


def test_dismissing_a_reported_posts_reports_lowers_the_to_do_number_at_once(world):
    """A dismissal changes no post (its reports are closed by an UPDATE): the record of it
    is what tells the desks."""
    from desk.selectors import to_do_count

    thread = start(world, by="mayor", network="leaders", title="Zamknięty")
    reply = services.post_add(by=world["second mayor"], thread_id=thread.pk, body="W porządku")
    coordinator = world["leaders coordinator"]
    before = to_do_count(coordinator)
    services.post_report(post_id=reply.pk, by=world["mayor"], reason="spam")
    assert to_do_count(coordinator) == before + 1
    services.post_reports_dismiss(post_id=reply.pk, by=coordinator)
    assert to_do_count(coordinator) == before


def test_threads_move_and_merge_only_within_the_boundary_of_the_closed_network(world):
    other = NetworkFactory(name="MIASTO OBYWATELI")
    ParticipationFactory(network=other, person=world["coordinator"], role=Role.COORDINATOR)
    thread = start(world)
    with pytest.raises(PermissionDenied):
        services.thread_move(by=world["member"], thread_id=thread.pk, network_id=other.pk)
    with pytest.raises(ValidationError):  # never into the leaders' network
        services.thread_move(
            by=world["administrator"], thread_id=thread.pk, network_id=world["leaders"].pk
        )
    moved = services.thread_move(by=world["coordinator"], thread_id=thread.pk, network_id=other.pk)
    assert moved.network == other
    assert "member" not in readers(moved, world)  # read by the other network's people now
    closed = start(world, by="mayor", network="leaders")
    with pytest.raises(ValidationError):  # nor out of it
        services.thread_move(
            by=world["administrator"], thread_id=closed.pk, network_id=world["network"].pk
        )
    # Merging: the same network and the same readers only; the posts keep their order.
    first = start(world, title="Pierwszy")
    duplicate = start(world, by="second member", title="Duplikat")
    services.post_add(by=world["expert"], thread_id=first.pk, body="Odpowiedź")
    opened = start(world, audience=OBSERVERS, title="Dla obserwatorów")
    with pytest.raises(ValidationError):
        services.thread_merge(by=world["coordinator"], thread_id=opened.pk, into_id=first.pk)
    with pytest.raises(PermissionDenied):  # a closed thread is not the thematic one's to take
        services.thread_merge(by=world["coordinator"], thread_id=closed.pk, into_id=first.pk)
    merged = services.thread_merge(
        by=world["coordinator"], thread_id=duplicate.pk, into_id=first.pk
    )
    assert not Thread.objects.filter(pk=duplicate.pk).exists()
    bodies = list(merged.posts.order_by("pk").values_list("body", flat=True))
    assert bodies == ["Szukamy doświadczeń.", "Szukamy doświadczeń.", "Odpowiedź"]
    assert merged.post_count == 3
    assert merged.watches.filter(person=world["second member"]).exists()


def test_a_solved_question_becomes_a_draft_result_or_practice_of_its_network(world, client):
    from practices.models import Category, Practice
    from results.choices import Stage
    from results.models import Result

    closed = start(world, by="mayor", network="leaders", title="Jak liczyć budżet?", body="Pyt.")
    answer = services.post_add(by=world["second mayor"], thread_id=closed.pk, body="Tak <b>")
    services.solution_mark(by=world["mayor"], thread_id=closed.pk, post_id=answer.pk)
    with pytest.raises(PermissionDenied):
        services.thread_to_result(by=world["mayor"], thread_id=closed.pk)
    result = services.thread_to_result(by=world["leaders coordinator"], thread_id=closed.pk)
    assert result.network == world["leaders"] and result.stage == Stage.DRAFT
    assert "Tak &lt;b&gt;" in result.body and closed.get_absolute_url() in result.body
    assert not Result.objects.visible_to(world["observer"]).filter(pk=result.pk).exists()
    category = Category.objects.create(name="Finanse", slug="finanse")
    client.force_login(world["leaders coordinator"])
    url = reverse("discussions:convert", args=["siec-dla-liderow", closed.pk])
    response = client.post(url, {"into": "praktyka"})
    assert response.status_code == 200  # the category is asked for, the choice kept
    response = client.post(url, {"into": "praktyka", "category": category.pk})
    practice = Practice.objects.get(title="Jak liczyć budżet?")
    # The draft is its author's until submitted: the coordinator stays on the thread, told so.
    assert response["Location"] == closed.get_absolute_url() + "?strona=1"
    told = client.get(response["Location"]).content.decode()
    assert "wyśle do recenzji " + world["mayor"].get_full_name() in told
    assert practice.author == world["mayor"] and practice.restricted_to_networks
    assert list(practice.networks.all()) == [world["leaders"]]
    drafted = Notification.objects.filter(kind=NotificationKind.DISCUSSION_DRAFT)
    assert [n.recipient for n in drafted] == [world["mayor"]]  # told where the draft waits
    assert drafted.get().url == reverse("practices:edit", args=[practice.slug])
    # Sent twice (a double click), the conversion makes one draft and says why not another.
    again = client.post(url, {"into": "praktyka", "category": category.pk})
    assert again.status_code == 200 and "już czeka na autora" in again.content.decode()
    assert Practice.objects.filter(title="Jak liczyć budżet?").count() == 1
    with pytest.raises(ValidationError):
        services.thread_to_result(by=world["leaders coordinator"], thread_id=closed.pk)
    assert not Practice.objects.visible_to(world["member"]).filter(pk=practice.pk).exists()
    # What the leaders said stays with them: its author cannot widen the draft, and once their
    # verification is withdrawn they no longer read it.
    from practices.services import practice_save

    for widened in ({"restricted_to_networks": False}, {"networks": []}):
        with pytest.raises(ValidationError):
            practice_save(by=world["mayor"], practice_id=practice.pk,
                          **{"restricted_to_networks": True, "networks": [world["leaders"]],
                             **widened})  # fmt: skip
    assert Practice.objects.visible_to(world["mayor"]).filter(pk=practice.pk).exists()
    world["mayor"].profile.function_status = FunctionStatus.REJECTED
    world["mayor"].profile.save()
    assert not Practice.objects.visible_to(world["mayor"]).filter(pk=practice.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_digest_groups_discussion_news_by_network_and_thread(world, celery_worker):
    from django.core import mail

    from accounts import tasks as account_tasks
    from accounts.choices import EmailMode
    from tests.conftest import wait_for

    member = world["member"]
    member.profile.email_mode = EmailMode.DIGEST
    member.profile.save()
    first = start(world, by="second member", title="Wątek pierwszy")
    start(world, by="expert", title="Wątek drugi")
    services.post_add(by=member, thread_id=first.pk, body="Moja odpowiedź")  # now watching
    services.post_add(by=world["expert"], thread_id=first.pk, body="Dalej")
    account_tasks.send_daily_digests.apply()
    assert wait_for(lambda: any(m.to == [member.email] for m in mail.outbox))
    body = next(m for m in mail.outbox if m.to == [member.email]).body
    section = body[body.index("dyskusjach sieci:") :]
    # The network once, each thread once under it, each piece of news under its thread.
    assert section.count("MIASTO CYFROWE\n") == 1
    assert section.count("– Wątek pierwszy") == 1 and section.count("– Wątek drugi") == 1
    block = section[section.index("– Wątek pierwszy") :]
    assert block.index("Nowy wątek") < block.index("odpowiada w wątku") < block.index("http")


def test_a_consultations_author_is_reminded_once_before_its_day(world):
    soon = start(world, kind=ThreadKind.CONSULTATION, audience=OBSERVERS, title="Plan",
                 feedback_until=timezone.localdate() + dt.timedelta(days=2))  # fmt: skip
    start(world, kind=ThreadKind.CONSULTATION, title="Później",
          feedback_until=timezone.localdate() + dt.timedelta(days=10))  # fmt: skip
    left_soon = start(world, by="second member", kind=ThreadKind.CONSULTATION, title="Odszedł",
                      feedback_until=timezone.localdate() + dt.timedelta(days=1))  # fmt: skip
    leaving = Participation.objects.get(person=world["second member"])
    leaving.status, leaving.left_at = ParticipationStatus.LEFT, timezone.now()
    leaving.save()
    assert set(services.consultations_to_remind()) == {soon.pk, left_soon.pk}
    for _beat in range(2):  # beat firing twice tells nobody twice
        for thread_id in services.consultations_to_remind():
            services.feedback_remind(thread_id=thread_id)
    deadline = NotificationKind.DISCUSSION_DEADLINE
    assert told(world["member"], deadline) == 1
    assert told(world["second member"], deadline) == 0  # may no longer read it
    assert services.consultations_to_remind() == []


def test_the_search_finds_threads_by_title_or_post_only_for_their_readers(world):
    open_thread = start(world, audience=OBSERVERS, title="Łódzkie e-usługi", body="Pytanie")
    services.post_add(by=world["expert"], thread_id=open_thread.pk, body="Wdrożenie w Żyrardowie")
    closed = start(world, by="mayor", network="leaders", title="Budżet", body="Żyrardów też?")
    hidden = services.post_add(by=world["second mayor"], thread_id=closed.pk, body="Sekretny plan")
    services.post_hide(post_id=hidden.pk, by=world["leaders coordinator"], reason="Nie tutaj")

    def found(name, text):
        return [t.title for t in selectors.threads_matching(world[name], understood(text))]

    assert found("observer", "lodzkie") == ["Łódzkie e-usługi"]  # folded, as the title
    assert found("observer", "zyrardowie") == ["Łódzkie e-usługi"]  # through a reply
    assert found("member", "zyrardow") == ["Łódzkie e-usługi"]  # the word being typed
    assert found("observer", "Żyrardów") == ["Łódzkie e-usługi"]  # any form of the name
    assert found("observer", "sekretny") == []  # a closed network's post
    assert found("mayor", "Żyrardów") == ["Budżet"]
    assert found("administrator", "sekretny") == []  # a hidden post is not searched


def test_a_form_sent_twice_makes_one_thread_and_one_reply(world, client):
    client.force_login(world["member"])
    create = reverse("discussions:create", args=["miasto-cyfrowe"])
    form = {"kind": "question", "audience": "inside", "title": "Dwa razy", "body": "Tekst."}
    first, again = client.post(create, form), client.post(create, form)
    thread = Thread.objects.get(title="Dwa razy")
    assert first.status_code == again.status_code == 302 and first.url == again.url
    for _click in range(2):
        client.post(thread.get_absolute_url(), {"body": "Odpowiedź."})
    assert list(thread.posts.values_list("body", flat=True)) == ["Tekst.", "Odpowiedź."]
    told = Notification.objects.filter(kind=NotificationKind.DISCUSSION_THREAD)
    assert told.count() == told.values("recipient").distinct().count() > 0  # each told once
    # Another thread may say the same; and the same words later are a new post.
    services.post_add(by=world["member"], thread_id=start(world).pk, body="Odpowiedź.")
    Post.objects.filter(body="Odpowiedź.").update(
        created_at=timezone.now() - dt.timedelta(minutes=2)
    )
    services.post_add(by=world["member"], thread_id=thread.pk, body="Odpowiedź.")
    assert thread.posts.filter(body="Odpowiedź.").count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_same_reply_sent_twice_at_once_is_written_once(world):
    import threading

    from django.db import connection

    thread = start(world)
    barrier, done = threading.Barrier(2), []

    def reply():
        try:
            barrier.wait()
            done.append(services.post_add(by=world["member"], thread_id=thread.pk, body="Raz").pk)
        finally:
            connection.close()

    workers = [threading.Thread(target=reply) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(done) == 2 and done[0] == done[1]
    assert thread.posts.filter(body="Raz").count() == 1


def test_hiding_the_reply_that_solved_a_question_and_restoring_it_keeps_it_solved(world, client):
    thread = start(world)
    answer = services.post_add(by=world["expert"], thread_id=thread.pk, body="U nas działa.")
    services.solution_mark(by=world["member"], thread_id=thread.pk, post_id=answer.pk)
    services.post_hide(post_id=answer.pk, by=world["coordinator"], reason="Dane osobowe")
    thread.refresh_from_db()
    assert thread.solution_id == answer.pk
    client.force_login(world["member"])
    page = client.get(thread.get_absolute_url() + "?strona=1").content.decode()
    assert "Moderator ją ukrył." in page and "U nas działa." not in page
    services.post_restore(post_id=answer.pk, by=world["coordinator"])
    thread.refresh_from_db()
    assert thread.solution_id == answer.pk and thread.solved_at is not None
    page = client.get(thread.get_absolute_url() + "?strona=1").content.decode()
    assert "Moderator ją ukrył." not in page and "U nas działa." in page


def test_only_a_solved_question_or_a_consultation_is_turned_into_a_result(world, client):
    thread = start(world)
    convert = reverse("discussions:convert", args=[thread.network.slug, thread.pk])
    client.force_login(world["coordinator"])
    page = client.get(thread.get_absolute_url() + "?strona=1").content.decode()
    assert convert not in page  # an open question: nothing worked out yet
    said = client.get(convert, follow=True).content.decode()
    assert "Wynikiem lub praktyką staje się tylko rozwiązane pytanie albo konsultacja." in said
    with pytest.raises(ValidationError):
        services.thread_to_result(by=world["coordinator"], thread_id=thread.pk)
    answer = services.post_add(by=world["expert"], thread_id=thread.pk, body="Tak.")
    services.solution_mark(by=world["member"], thread_id=thread.pk, post_id=answer.pk)
    assert convert in client.get(thread.get_absolute_url() + "?strona=1").content.decode()
    assert services.thread_to_result(by=world["coordinator"], thread_id=thread.pk).pk


def test_what_told_of_a_thread_is_read_once_the_thread_is(world, client, monkeypatch):
    """The navigation's count agrees with the desk: reading a thread to its last post, or
    marking the network's discussions read, reads the notifications that told of them."""
    monkeypatch.setattr(services, "POSTS_PER_MINUTE", 1000)
    thread = start(world)
    member, second = world["member"], world["second member"]
    services.post_add(by=second, thread_id=thread.pk, body="Też chcemy wiedzieć.")  # watches
    services.post_add(by=member, thread_id=thread.pk, body="Odpowiedź.")
    told = Notification.objects.filter(recipient=second, kind=NotificationKind.DISCUSSION_REPLY)
    assert told.filter(read_at__isnull=True).count() == 1
    other = Notification.objects.create(recipient=second, kind=NotificationKind.MEETING_CHANGED,
                                        params={"topic": "Zmiana"})  # fmt: skip
    client.force_login(second)
    assert client.get(thread.get_absolute_url() + "?strona=1").status_code == 200
    assert not told.filter(read_at__isnull=True).exists()
    services.post_add(by=member, thread_id=thread.pk, body="Jeszcze jedno.")
    assert told.filter(read_at__isnull=True).count() == 1
    client.post(reverse("discussions:mark_read", args=[world["network"].slug]))
    assert not told.filter(read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None  # nothing else is read for them


def test_a_pin_taken_off_says_so(world, client):
    thread = start(world)
    client.force_login(world["coordinator"])
    url = reverse("discussions:pin", args=[world["network"].slug, thread.pk])
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert (
        "Przypięcie zapisane."
        in client.post(url, {"until": tomorrow}, follow=True).content.decode()
    )
    assert "Wątek odpięty." in client.post(url, {"until": ""}, follow=True).content.decode()
    thread.refresh_from_db()
    assert thread.pinned_until is None


def test_a_day_refused_for_a_pin_comes_back_at_its_field_as_typed(world, client):
    thread = start(world)
    client.force_login(world["coordinator"])
    url = reverse("discussions:pin", args=[world["network"].slug, thread.pk])
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    for typed, said in ((yesterday, "Wątek można przypiąć do dziś lub do późniejszego dnia."),
                        ("2026-13-45", "Wpisz poprawną datę.")):  # fmt: skip
        response = client.post(url, {"until": typed})
        page = response.content.decode()
        assert response.status_code == 200 and "Wystąpił problem" in page  # the summary
        assert said in page and f'value="{typed}"' in page
        assert '<details class="disclosure" open>' in page
        # Served at the button's address, the page's links to itself still lead to it.
        assert 'href="?' not in page and f'href="{thread.get_absolute_url()}?wpis=' not in page
        assert f'action="{thread.get_absolute_url()}?strona=1" id="odpowiedz"' in page
        assert f'name="next" value="{thread.get_absolute_url()}?strona=1"' in page
    thread.refresh_from_db()
    assert thread.pinned_until is None
    # A year at the most: until the same day next year.
    today = timezone.localdate()
    year = services.pinned_at_most(today)
    assert year.month == today.month and year.year == today.year + 1
    assert client.post(url, {"until": (year + dt.timedelta(days=1)).isoformat()}).status_code == 200
    assert client.post(url, {"until": year.isoformat()}).status_code == 302
    assert services.pinned_at_most(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)
