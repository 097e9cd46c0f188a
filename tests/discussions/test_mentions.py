"""The mention autocomplete's names: only the people who read the thread (or would read a new
one), matched by the start of a name whatever the case and the diacritics, in Polish order, at
most ten, in one query; its addresses answer 404 to whoever may not read."""

import re

import pytest
from django.urls import reverse

from accounts.choices import FunctionStatus, NotificationKind
from accounts.models import Notification
from discussions import services
from discussions.models import Watch
from networks.choices import Role
from tests.discussions.test_discussions import INSIDE, OBSERVERS, person_in, start, world  # noqa: F401

pytestmark = pytest.mark.django_db


def offered(client, person, url, typed, **query):
    client.force_login(person)
    response = client.get(url, {"q": typed, **query})
    assert response.status_code == 200, response.status_code
    return response.json()["names"]


def thread_people(thread):
    return reverse("discussions:thread_people", args=[thread.network.slug, thread.pk])


def test_a_thread_offers_its_readers_only(world, client):  # noqa: F811
    inside = start(world)
    url = thread_people(inside)
    assert offered(client, world["member"], url, "o") == []  # the observer does not read it
    assert offered(client, world["member"], url, "e") == ["Jan Ekspert", "Ewa Koordynatorka"]
    opened = start(world, audience=OBSERVERS)
    assert offered(client, world["member"], thread_people(opened), "o") == ["Olga Obserwatorka"]
    # Never oneself, even by one's own name.
    assert offered(client, world["member"], thread_people(opened), "maria") == []


def test_the_leaders_network_offers_its_verified_members_only(world, client):  # noqa: F811
    closed = start(world, by="mayor", network="leaders", title="Budżet")
    url = thread_people(closed)
    names = offered(client, world["second mayor"], url, "anna")
    mayor, deputy = world["mayor"].get_full_name(), world["deputy"].get_full_name()
    assert mayor in names and deputy not in names  # the deputy's function is not verified
    assert world["leaders coordinator"].get_full_name() in names
    for outsider in ("observer", "deputy", "stranger", "coordinator", "member"):
        client.force_login(world[outsider])
        assert client.get(url, {"q": "anna"}).status_code == 404, outsider
        create = reverse("discussions:people", args=["siec-dla-liderow"])
        assert client.get(create, {"q": "anna"}).status_code == 404, outsider
    # A verification withdrawn: nothing more on the very next request.
    world["second mayor"].profile.function_status = FunctionStatus.REJECTED
    world["second mayor"].profile.save()
    assert client.get(url, {"q": "anna"}).status_code == 404
    client.force_login(world["mayor"])
    assert (
        world["second mayor"].get_full_name() not in client.get(url, {"q": "anna"}).json()["names"]
    )


def test_an_inside_thread_is_not_found_by_its_observers(world, client):  # noqa: F811
    inside = start(world)
    client.force_login(world["observer"])
    assert client.get(thread_people(inside), {"q": "m"}).status_code == 404
    client.logout()
    assert client.get(thread_people(inside), {"q": "m"}).status_code == 302  # to log in


def test_a_new_thread_offers_the_readers_of_the_audience_chosen(world, client):  # noqa: F811
    url = reverse("discussions:people", args=["miasto-cyfrowe"])
    member = world["member"]
    assert offered(client, member, url, "o", odbiorcy=INSIDE) == []
    assert offered(client, member, url, "o", odbiorcy=OBSERVERS) == ["Olga Obserwatorka"]
    assert offered(client, member, url, "o") == []  # the form's first choice: the inside
    # An observer's thread is always read by observers too, whatever the address says.
    assert offered(client, world["observer"], url, "piotr", odbiorcy=INSIDE) == ["Piotr Nowak"]
    assert offered(client, world["expert"], url, "olga", odbiorcy="<script>") == []


def test_names_match_whatever_the_case_and_diacritics_in_polish_order(world, client):  # noqa: F811
    network = world["network"]
    for first, last in (("Łucja", "Żak"), ("Lucyna", "Łukasik"), ("Ludwik", "Lis"),
                        ("Zofia", "Nowak-Łącka")):  # fmt: skip
        person_in(network, first_name=first, last_name=last)
    url = thread_people(start(world))
    member = world["member"]
    # Surnames in Polish order (Lis, Łukasik, Żak); any word of the name; ł is l.
    assert offered(client, member, url, "lu") == ["Ludwik Lis", "Lucyna Łukasik", "Łucja Żak"]
    assert offered(client, member, url, "Ł") == [
        "Ludwik Lis", "Lucyna Łukasik", "Zofia Nowak-Łącka", "Łucja Żak"
    ]  # fmt: skip
    assert offered(client, member, url, "LACK") == ["Zofia Nowak-Łącka"]
    assert offered(client, member, url, "łucja ż") == ["Łucja Żak"]
    assert offered(client, member, url, "piotr nowak") == ["Piotr Nowak"]
    assert offered(client, member, url, "nowak piotr") == ["Piotr Nowak"]
    assert offered(client, member, url, "ucja") == []  # the start of a word, not its middle
    for hostile in ("", " ", "%", ".*", "(", "[", "\\", "'; --", "\x00", "ą" * 5000):
        assert offered(client, member, url, hostile) == [], hostile


def test_at_most_ten_names_in_one_query(world, django_assert_num_queries):  # noqa: F811
    thread = start(world)
    by = world["member"]
    services.people_to_mention(thread, "b", by=by)  # the networks' kinds, cached from now on
    with django_assert_num_queries(1):
        assert services.people_to_mention(thread, "b", by=by) == []
    for number in range(15):
        person_in(world["network"], first_name="Barbara", last_name=f"Brzoza {number:02}")
    person_in(world["network"], Role.OBSERVER, first_name="Bogna", last_name="Obserwatorka")
    with django_assert_num_queries(1):
        names = services.people_to_mention(thread, "b", by=by)
    assert names == [f"Barbara Brzoza {number:02}" for number in range(10)]


def test_an_edit_tells_those_it_mentions_for_the_first_time(world):  # noqa: F811
    """The form's help promises that writing "@Imię Nazwisko" lets the person know; an edit
    keeps that promise, once per post."""
    thread = start(world)
    post = services.post_add(by=world["member"], thread_id=thread.pk, body="Kto pomoże?")
    mention = NotificationKind.DISCUSSION_MENTION

    def told(name):
        return Notification.objects.filter(recipient=world[name], kind=mention).count()

    services.post_edit(by=world["member"], post_id=post.pk, body="Kto pomoże? @Jan Ekspert")
    assert told("expert") == 1 and Watch.objects.filter(person=world["expert"]).exists()
    services.post_edit(by=world["member"], post_id=post.pk, body="@Jan Ekspert, pomoże Pan?")
    services.post_edit(by=world["member"], post_id=post.pk, body="Już nieaktualne.")
    services.post_edit(by=world["member"], post_id=post.pk, body="@Jan Ekspert, jednak tak.")
    assert told("expert") == 1  # once per post, whatever the versions
    services.post_edit(by=world["member"], post_id=post.pk, body="@Ewa Koordynatorka?")
    assert told("coordinator") == 1


def test_a_mention_tells_exactly_the_reader_named(world):  # noqa: F811
    """Only readers whose name starts like a word after "@" are compared, and then by the
    whole name: Jan is not Janina, and an e-mail address mentions nobody."""
    jan = person_in(world["network"], first_name="Jan", last_name="Nowak")
    janina = person_in(world["network"], first_name="Janina", last_name="Nowak")
    thread = start(world)
    mention = NotificationKind.DISCUSSION_MENTION

    def told(person):
        return Notification.objects.filter(recipient=person, kind=mention).count()

    services.post_add(by=world["member"], thread_id=thread.pk, body="Pytam @JANINA NOWAK.")
    assert (told(jan), told(janina)) == (0, 1)
    services.post_add(
        by=world["member"], thread_id=thread.pk, body="I @Jan Nowak, pisz: jan@nowak.pl"
    )
    assert (told(jan), told(janina)) == (1, 1)


def test_the_writer_hears_whom_a_mention_told_and_which_names_told_nobody(world, client):  # noqa: F811
    thread = start(world)  # read by the network's people: not by the observer
    client.force_login(world["member"])
    # Without Polish letters, as the autocomplete finds names; one's own name tells nobody.
    body = ("@Jan Ekspert, @olga Obserwatorka i @Nikt Taki oraz @jan: piszcie na "
            "biuro@miasto.pl. @Maria Członkini, @Ewa Koordynatorka, @Ewa koordynatorka.")  # fmt: skip
    world["coordinator"].first_name, world["coordinator"].last_name = "Ewa", "Kóordynatorka"
    world["coordinator"].save()
    sent = client.post(thread.get_absolute_url(), {"body": body})
    assert "#" not in sent.url  # the page's top, where it is said, not the post
    said = messages_of(client.get(sent.url))
    assert "Powiadomiliśmy wspomniane osoby: Ewa Kóordynatorka, Jan Ekspert." in said
    assert "W @olga Obserwatorka, @Nikt Taki, @jan nie rozpoznaliśmy nikogo" in said
    assert "@miasto" not in said and "@Maria" not in said
    assert 'class="message message--warning"' in said
    told = Notification.objects.filter(kind=NotificationKind.DISCUSSION_MENTION)
    assert sorted(told.values_list("recipient__first_name", flat=True)) == ["Ewa", "Jan"]
    quiet = client.post(thread.get_absolute_url(), {"body": "Bez wzmianek."}, follow=True)
    assert "Odpowiedź dodana" in messages_of(quiet) and "wspomnian" not in messages_of(quiet)
    assert quiet.redirect_chain[-1][0].endswith(f"#wpis-{thread.posts.latest('pk').pk}")
    # An edit tells, and says, only the names it adds; and which told nobody.
    post = thread.posts.filter(body__startswith="@Jan").get()
    edit = reverse("discussions:post_edit", args=[thread.network.slug, thread.pk, post.pk])
    said = messages_of(client.post(edit, {"body": body + " @Piotr Nowak @Zenon"}, follow=True))
    assert "Powiadomiliśmy wspomniane osoby: Piotr Nowak." in said
    assert "W @olga Obserwatorka, @Nikt Taki, @jan, @Zenon nie" in said
    # A double-barrelled surname is another person; spaces typed twice are one; a web
    # address with "@" is no mention.
    Notification.objects.all().delete()
    body = "@Piotr Nowak-Kowalski, @Jan  Ekspert, https://example.com/@Ewa_Koordynatorka"
    said = messages_of(client.post(thread.get_absolute_url(), {"body": body}, follow=True))
    assert "Powiadomiliśmy wspomniane osoby: Jan Ekspert." in said
    assert "W @Piotr Nowak-Kowalski nie" in said and "Ewa" not in said
    assert list(told.values_list("recipient__first_name", flat=True)) == ["Jan"]


def messages_of(response):
    return re.search(r'<ul class="messages">.*?</ul>', response.content.decode(), re.S).group(0)
