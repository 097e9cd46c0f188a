"""The directory of trusted partners and "Ask this city": who sees a card, who may write to
whom, blocks, the daily limit, reports to ZMP's staff, and no e-mail address of either side
in any e-mail or page of the other."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Function, NotificationKind
from accounts.models import Notification, PartnerCard, public_name
from accounts.personal_data import account_erase, personal_data
from accounts.services import notification_email_deliver, partner_card_save
from networks.choices import NetworkKind, Role
from partners import rules, services
from partners.models import Block, Conversation, Message, MessageReport
from practices.choices import PracticeStatus
from practices.models import Category, Practice
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, ProfileFactory


def person(function=Function.STAFF, verified=False, **extra):
    return ProfileFactory(
        function=function, **({"verified": True} if verified else {}), **extra
    ).user


def shown(user, expertise=("transport",), projects="Rewitalizacja rynku"):
    return partner_card_save(
        person_id=user.pk, shown=True, expertise=list(expertise), projects=projects
    )


@pytest.fixture
def world(db):
    thematic = NetworkFactory(slug="miasto-cyfrowe")
    leaders = NetworkFactory(slug="liderzy", kind=NetworkKind.LEADERS)
    bochnia = CityFactory(name="Bochnia", slug="bochnia")
    people = {
        "clerk": person(),
        "author": person(city=bochnia),
        "mayor": person(Function.MAYOR, verified=True),
        "other mayor": person(Function.PRESIDENT, verified=True),
        "outsider": person(),
        "coordinator": person(Function.OTHER, city=None),
    }
    for key in ("clerk", "author", "mayor"):
        ParticipationFactory(person=people[key], network=thematic, city=people[key].profile.city)
    for key in ("mayor", "other mayor"):
        ParticipationFactory(person=people[key], network=leaders, city=people[key].profile.city)
    ParticipationFactory(
        person=people["coordinator"], network=leaders, role=Role.COORDINATOR, city=None
    )
    category = Category.objects.create(name="Transport", slug="transport")
    practice = Practice.objects.create(
        title="Bus na żądanie", slug="bus-na-zadanie-1a2b3c", category=category, city=bochnia,
        summary="Skrót", author=people["author"], status=PracticeStatus.PUBLISHED,
        published_at=timezone.now(),
    )  # fmt: skip
    return {"thematic": thematic, "leaders": leaders, "practice": practice, **people}


def test_a_card_is_shown_only_with_consent_and_hidden_at_once_when_withdrawn(world):
    clerk, author = world["clerk"], world["author"]
    partner_card_save(person_id=author.pk, shown=False, expertise=["transport"], projects="")
    assert not PartnerCard.objects.visible_to(clerk).filter(user=author).exists()
    card = shown(author)
    assert card.shown_since is not None
    assert PartnerCard.objects.visible_to(clerk).filter(user=author).exists()
    since = card.shown_since
    assert shown(author).shown_since == since  # the time consent was given, kept
    partner_card_save(person_id=author.pk, shown=False, expertise=["transport"], projects="")
    assert not PartnerCard.objects.visible_to(clerk).filter(user=author).exists()


def test_a_card_is_for_the_people_of_a_shared_network(world):
    shown(world["author"])
    assert PartnerCard.objects.visible_to(world["clerk"]).filter(user=world["author"]).exists()
    assert not PartnerCard.objects.visible_to(world["outsider"]).exists()
    assert (
        not PartnerCard.objects.visible_to(world["coordinator"])
        .filter(user=world["author"])
        .exists()
    )


def test_a_leaders_card_only_to_those_who_see_the_leaders_inside(world):
    """The mayor is in the thematic network too: its clerk still does not see the card."""
    shown(world["mayor"])
    assert not PartnerCard.objects.visible_to(world["clerk"]).filter(user=world["mayor"]).exists()
    for key in ("other mayor", "coordinator"):
        assert PartnerCard.objects.visible_to(world[key]).filter(user=world["mayor"]).exists()
    assert not rules.may_ask(world["clerk"], world["mayor"])
    assert rules.may_ask(world["other mayor"], world["mayor"])


def test_asking_about_a_practice_reaches_its_author_without_addresses(world, client):
    clerk, author, practice = world["clerk"], world["author"], world["practice"]
    conversation = services.conversation_start(
        by=clerk, person_id=author.pk, body="Jak to zrobiliście?", practice_slug=practice.slug
    )
    assert conversation.subject == practice.title
    notification = Notification.objects.get(recipient=author, kind=NotificationKind.MESSAGE)
    assert "Jak to zrobiliście?" in notification.body
    notification_email_deliver(notification.pk)  # what the task does after the commit
    [email] = mail.outbox
    assert email.to == [author.email]
    everything = email.body + email.alternatives[0][0] + str(email.extra_headers)
    assert "Jak to zrobiliście?" in email.body
    assert reverse("partners:conversation", args=[conversation.pk]) in email.body
    assert clerk.email not in everything
    assert not email.reply_to
    # The author answers on the portal; the clerk is told, and neither page shows an address.
    services.reply(by=author, conversation_id=conversation.pk, body="Chętnie opowiem.")
    notification_email_deliver(Notification.objects.get(recipient=clerk).pk)
    assert author.email not in mail.outbox[1].body + mail.outbox[1].alternatives[0][0]
    for reader, other in ((clerk, author), (author, clerk)):
        client.force_login(reader)
        for url in (
            reverse("partners:conversations"),
            reverse("partners:conversation", args=[conversation.pk]),
            reverse("accounts:notifications"),
        ):
            page = client.get(url).content.decode()
            assert other.email not in page, url
        assert (
            "Chętnie opowiem."
            in client.get(reverse("partners:conversation", args=[conversation.pk])).content.decode()
        )


def test_a_conversation_is_its_two_sides_alone(world, client):
    conversation = services.conversation_start(
        by=world["clerk"], person_id=world["author"].pk, body="Pytanie",
        practice_slug=world["practice"].slug,
    )  # fmt: skip
    url = reverse("partners:conversation", args=[conversation.pk])
    for key in ("mayor", "outsider", "coordinator"):
        client.force_login(world[key])
        assert client.get(url).status_code == 404
    admin = person(Function.OTHER, city=None, user__is_superuser=True, user__is_staff=True)
    client.force_login(admin)
    assert client.get(url).status_code == 404


def test_a_block_is_said_plainly_to_the_sender(world):
    clerk, author = world["clerk"], world["author"]
    conversation = services.conversation_start(
        by=clerk, person_id=author.pk, body="Pytanie", practice_slug=world["practice"].slug
    )
    assert services.block(by=author, person_id=clerk.pk)
    with pytest.raises(ValidationError, match="nie przyjmuje od Ciebie wiadomości"):
        services.reply(by=clerk, conversation_id=conversation.pk, body="Halo?")
    with pytest.raises(ValidationError, match="nie przyjmuje od Ciebie wiadomości"):
        services.conversation_start(
            by=clerk, person_id=author.pk, body="Znowu", practice_slug=world["practice"].slug
        )
    # The one who blocked may still write; unblocked, the other may again.
    services.reply(by=author, conversation_id=conversation.pk, body="Proszę nie pisać.")
    services.unblock(by=author, person_id=clerk.pk)
    services.reply(by=clerk, conversation_id=conversation.pk, body="Przepraszam.")
    assert Message.objects.filter(conversation=conversation).count() == 3


def test_new_conversations_are_limited_a_day(world):
    clerk = world["clerk"]
    others = []
    for _number in range(rules.NEW_CONVERSATIONS_PER_DAY + 1):
        other = person()
        ParticipationFactory(person=other, network=world["thematic"], city=other.profile.city)
        shown(other)
        others.append(other)
    for other in others[:-1]:
        services.conversation_start(by=clerk, person_id=other.pk, body="Pytanie")
    with pytest.raises(ValidationError, match="Spróbuj jutro"):
        services.conversation_start(by=clerk, person_id=others[-1].pk, body="Pytanie")
    # A day later the count starts again; replies are never limited.
    Conversation.objects.filter(starter=clerk).update(
        created_at=timezone.now() - dt.timedelta(days=1, minutes=1)
    )
    services.conversation_start(by=clerk, person_id=others[-1].pk, body="Pytanie")


def test_nobody_is_asked_who_may_not_be(world):
    clerk = world["clerk"]
    with pytest.raises(Http404):  # no card shown
        services.conversation_start(by=clerk, person_id=world["author"].pk, body="Pytanie")
    shown(world["mayor"])
    with pytest.raises(Http404):  # one of the leaders' people
        services.conversation_start(by=clerk, person_id=world["mayor"].pk, body="Pytanie")
    with pytest.raises(Http404):  # a practice's author is asked about their own practice only
        services.conversation_start(
            by=clerk, person_id=world["mayor"].pk, body="P", practice_slug=world["practice"].slug
        )
    with pytest.raises(ValidationError):
        services.conversation_start(
            by=clerk, person_id=world["author"].pk, body=" \u200b ",
            practice_slug=world["practice"].slug,
        )  # fmt: skip


def test_a_leaders_practice_is_asked_about_only_by_those_who_see_it(world, client):
    world["practice"].restricted_to_networks = True
    world["practice"].author = world["mayor"]
    world["practice"].save()
    world["practice"].networks.set([world["leaders"]])
    url = reverse("partners:ask_practice", args=[world["practice"].slug])
    client.force_login(world["clerk"])
    assert client.get(url).status_code == 404
    client.force_login(world["other mayor"])
    assert client.get(url).status_code == 200


def test_a_report_lands_with_zmp_staff(world, client):
    clerk, author = world["clerk"], world["author"]
    conversation = services.conversation_start(
        by=clerk, person_id=author.pk, body="Kup tanio!", practice_slug=world["practice"].slug
    )
    message = conversation.messages.get()
    client.force_login(author)
    url = reverse("partners:message_report", args=[conversation.pk, message.pk])
    response = client.post(url, {"reason": "Reklama"})
    assert response.status_code == 302
    report = MessageReport.objects.get()
    assert (report.reporter, report.message, report.reason) == (author, message, "Reklama")
    # Once per person; one's own message is not reported.
    with pytest.raises(ValidationError):
        services.moderator.report(message.pk, by=author, reason="")
    client.force_login(clerk)
    assert client.get(url).status_code == 403
    # ZMP's staff see it in the admin and hide it; its author reads that it was.
    admin = person(Function.OTHER, city=None, user__is_superuser=True, user__is_staff=True)
    client.force_login(admin)
    listing = client.get(reverse("admin:partners_messagereport_changelist")).content.decode()
    assert "Kup tanio!" in listing
    client.post(
        reverse("admin:partners_messagereport_changelist"),
        {"action": "hide_messages", "_selected_action": [report.pk]},
    )
    message.refresh_from_db()
    assert message.is_hidden
    client.force_login(author)
    page = client.get(reverse("partners:conversation", args=[conversation.pk])).content.decode()
    assert "Kup tanio!" not in page


def test_the_personal_data_has_the_card_and_the_messages_and_erasure_handles_them(world):
    clerk, author = world["clerk"], world["author"]
    shown(author, expertise=["transport publiczny"], projects="Bus na żądanie\nRower miejski")
    conversation = services.conversation_start(
        by=clerk, person_id=author.pk, body="Pytanie o bus", practice_slug=world["practice"].slug
    )
    services.reply(by=author, conversation_id=conversation.pk, body="Odpowiedź autora")
    services.block(by=author, person_id=world["outsider"].pk)
    data = personal_data(author)
    assert data["partner_card"]["expertise"] == ["transport publiczny"]
    assert data["partner_card"]["projects"] == ["Bus na żądanie", "Rower miejski"]
    assert data["partner_card"]["shown_since"] is not None
    [exported] = data["conversations"]
    assert exported["with"] == clerk.public_name
    assert [m["text"] for m in exported["messages"]] == ["Pytanie o bus", "Odpowiedź autora"]
    assert [m["from"] for m in exported["messages"]] == [clerk.public_name, author.public_name]
    assert data["blocked_senders"] == [world["outsider"].public_name]

    account_erase(person=author)
    assert not PartnerCard.objects.filter(user=author).exists()
    assert not Block.objects.filter(blocker=author).exists()
    conversation.refresh_from_db()
    assert conversation.recipient is None
    # The clerk keeps the conversation, with "a former user".
    [kept] = personal_data(clerk)["conversations"]
    former = public_name("", "", is_active=False)
    assert kept["with"] == former
    assert kept["messages"][1]["from"] == former
    with pytest.raises(ValidationError):
        services.reply(by=clerk, conversation_id=conversation.pk, body="Halo?")


def test_unread_conversations_are_counted(world, client):
    from partners.selectors import unread_count

    conversation = services.conversation_start(
        by=world["clerk"], person_id=world["author"].pk, body="Pytanie",
        practice_slug=world["practice"].slug,
    )  # fmt: skip
    assert unread_count(world["author"]) == 1
    assert unread_count(world["clerk"]) == 0
    client.force_login(world["author"])
    client.get(reverse("partners:conversation", args=[conversation.pk]))
    assert unread_count(world["author"]) == 0
    services.reply(by=world["author"], conversation_id=conversation.pk, body="Tak")
    assert unread_count(world["clerk"]) == 1
    assert unread_count(world["author"]) == 0


def test_a_reply_with_errors_keeps_the_text_under_an_error_summary(world, client):
    conversation = services.conversation_start(
        by=world["clerk"], person_id=world["author"].pk, body="Pytanie",
        practice_slug=world["practice"].slug,
    )  # fmt: skip
    client.force_login(world["author"])
    response = client.post(reverse("partners:conversation", args=[conversation.pk]), {"body": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in page


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_directory_and_the_messages_read_a_fixed_number_of_queries(world, client):
    """At two sizes: the directory (with a filter too), a card, the conversations and a
    conversation read as many queries with 2 rows as with 25."""
    clerk, network = world["clerk"], world["thematic"]

    def grow(count):
        for _number in range(count):
            other = person(city=CityFactory())
            ParticipationFactory(person=other, network=network, city=other.profile.city)
            shown(other, expertise=("transport", f"obszar {other.pk}"))
            conversation = services.conversation_start(by=other, person_id=clerk.pk, body="Pytanie")
            services.reply(by=clerk, conversation_id=conversation.pk, body="Odpowiedź")
        return conversation

    shown(clerk)
    client.force_login(clerk)
    conversation = grow(2)
    urls = lambda conversation: [  # noqa: E731
        reverse("partners:directory", args=[network.slug]),
        reverse("partners:directory", args=[network.slug]) + "?expertise=transport",
        reverse("partners:card", args=[clerk.pk]),
        reverse("partners:conversations"),
        reverse("partners:conversation", args=[conversation.pk]),
    ]
    for url in urls(conversation):
        client.get(url)  # caches warm (the network by slug, closed networks)
    few = [queries_for(client, url) for url in urls(conversation)]
    conversation = grow(23)
    for url in urls(conversation):
        client.get(url)  # the caches the new rows made stale, warm again
    many = [queries_for(client, url) for url in urls(conversation)]
    assert few == many
    assert max(many) <= 12


def test_a_practices_question_goes_to_whoever_took_over_its_authors_seat(world, client):
    """Once the author has handed their seat of the practice's city to a successor (and
    holds none of its seats), "Ask this city" reaches the successor, not someone who left."""
    from networks import successions

    clerk, author, practice = world["clerk"], world["author"], world["practice"]
    assert rules.practice_contact(Practice.objects.get(pk=practice.pk)) == author
    coordinator = person(Function.OTHER, city=None)
    ParticipationFactory(
        person=coordinator, network=world["thematic"], role=Role.COORDINATOR, city=None
    )
    successor = person(city=author.profile.city)
    [seat] = author.participations.all()
    successions.seat_hand_over(
        by=coordinator, predecessor_id=author.pk, participation_ids=[seat.pk],
        successor_id=successor.pk,
    )  # fmt: skip
    assert rules.practice_contact(Practice.objects.get(pk=practice.pk)) == successor
    client.force_login(clerk)
    page = client.get(reverse("partners:ask_practice", args=[practice.slug])).content.decode()
    assert successor.public_name in page and "przejęła miejsce autora praktyki" in page
    with pytest.raises(Http404):
        services.conversation_start(
            by=clerk, person_id=author.pk, body="Pytanie", practice_slug=practice.slug
        )
    conversation = services.conversation_start(
        by=clerk, person_id=successor.pk, body="Pytanie", practice_slug=practice.slug
    )
    assert conversation.recipient == successor
    # Handed on again: the one who holds the seat now, not back to the author.
    third = person(city=author.profile.city)
    successions.seat_hand_over(
        by=coordinator, predecessor_id=successor.pk,
        participation_ids=[successor.participations.get().pk], successor_id=third.pk,
    )  # fmt: skip
    assert rules.practice_contact(Practice.objects.get(pk=practice.pk)) == third


def test_a_leaders_seat_handed_over_does_not_open_a_way_to_its_new_holder(world, client):
    """A leader's public practice: outsiders cannot ask its author while a leaders' person,
    and the seat's hand-over in the leaders' network does not make its new holder (not
    verified yet) the one they may write to, or name them."""
    from networks import successions

    mayor, clerk = world["other mayor"], world["clerk"]
    practice = Practice.objects.create(
        title="Rada liderów", slug="rada-liderow-1a2b3c", category=world["practice"].category,
        city=mayor.profile.city, summary="Skrót", author=mayor,
        status=PracticeStatus.PUBLISHED, published_at=timezone.now(),
    )  # fmt: skip
    assert not rules.may_ask(clerk, mayor, practice=practice)
    successor = person(city=mayor.profile.city)
    successions.seat_hand_over(
        by=world["coordinator"], predecessor_id=mayor.pk,
        participation_ids=[mayor.participations.get().pk], successor_id=successor.pk,
    )  # fmt: skip
    fresh = Practice.objects.get(pk=practice.pk)
    assert rules.practice_contact(fresh) == mayor
    assert not rules.may_ask(clerk, successor, practice=fresh)
    # The former mayor, out of the leaders' network now, may be asked as anyone; the page
    # names no successor.
    client.force_login(clerk)
    page = client.get(reverse("partners:ask_practice", args=[practice.slug])).content.decode()
    assert mayor.public_name in page and successor.public_name not in page
