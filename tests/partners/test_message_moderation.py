"""A reported message reaches ZMP's staff (its administrators) on their desk, and them alone:
the moderation page shows the message and its reports, nothing else of the conversation; the
message is hidden (asked once more first) for both sides, or its reports dismissed; each
decision is recorded (empirie.moderation) and in the audit log, and the "To do" number
follows."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.choices import Function
from accounts.services import partner_card_save
from audit.models import AuditEntry
from desk import services as desk_services
from desk.selectors import counts_in_one_query, queued, to_do_count
from empirie.moderation import ModerationAction
from networks.access import access_of
from networks.choices import Role
from partners import selectors, services
from partners.models import Conversation, Message, MessageModeration, MessageReport
from tests.factories import NetworkFactory, ParticipationFactory, ProfileFactory

pytestmark = pytest.mark.django_db

DESK = reverse("desk:home")
SPAM = "Kup tanio na bazarze, tylko dziś!"


def person(function=Function.STAFF, **extra):
    return ProfileFactory(function=function, **extra).user


@pytest.fixture
def world():
    """Two members of a network who write to each other (the asker's message reported by
    the one asked), the network's coordinator, another member, and an administrator."""
    network = NetworkFactory()
    people = {
        "asker": person(),
        "asked": person(),
        "member": person(),
        "coordinator": person(Function.OTHER, city=None),
        "admin": person(Function.OTHER, city=None, user__is_superuser=True, user__is_staff=True),
    }
    for key in ("asker", "asked", "member"):
        ParticipationFactory(person=people[key], network=network, city=people[key].profile.city)
    ParticipationFactory(
        person=people["coordinator"], network=network, role=Role.COORDINATOR, city=None
    )
    partner_card_save(person_id=people["asked"].pk, shown=True, expertise=["rynek"], projects="")
    conversation = services.conversation_start(
        by=people["asker"], person_id=people["asked"].pk, body=SPAM
    )
    # Named otherwise than by its first words (as one about a practice is, by its title).
    Conversation.objects.filter(pk=conversation.pk).update(subject="Pytanie o rynek")
    conversation.refresh_from_db()
    return {**people, "conversation": conversation, "message": conversation.messages.get()}


def report(world, message=None, reason="Reklama"):
    message = message or world["message"]
    return services.moderator.report(message.pk, by=world["asked"], reason=reason)


def moderation_url(message):
    return reverse("partners:message_moderate", args=[message.pk])


def conversation_page(client, world, who):
    client.force_login(world[who])
    url = reverse("partners:conversation", args=[world["conversation"].pk])
    return client.get(url).content.decode()


def test_a_reported_message_waits_on_the_desk_of_zmp_staff_and_nobody_elses(world, client):
    message = world["message"]
    client.force_login(world["admin"])
    assert moderation_url(message) not in client.get(DESK).content.decode()  # not reported yet
    assert client.get(moderation_url(message)).status_code == 404  # nobody reported it
    report(world)
    page = client.get(DESK).content.decode()
    assert 'id="queue-messages"' in page
    assert SPAM[:20] in page and "Reklama" in page
    assert f"{moderation_url(message)}?z=pulpit" in page
    assert client.get(moderation_url(message)).status_code == 200
    assert list(selectors.messages_reported_to(world["admin"])) == [message]
    # The network's coordinator, a member, and either side of the conversation: no queue of
    # messages, no moderation page (as if there were none).
    for who in ("coordinator", "member", "asker", "asked"):
        client.force_login(world[who])
        page = client.get(DESK).content.decode()
        assert 'id="queue-messages"' not in page and moderation_url(message) not in page, who
        assert "Reklama" not in page, who
        assert client.get(moderation_url(message)).status_code == 404, who
        assert not selectors.messages_reported_to(world[who]).exists(), who
        dismiss = reverse("partners:message_dismiss_reports", args=[message.pk])
        assert client.post(dismiss, {"next": "desk"}).status_code == 404, who
    client.logout()
    assert client.get(moderation_url(message)).status_code == 302  # to the log-in
    assert MessageReport.objects.get().handled_at is None


def test_the_page_shows_the_message_and_its_reports_not_the_rest_of_the_conversation(world, client):
    services.reply(by=world["asked"], conversation_id=world["conversation"].pk, body="Nie, dzięki.")
    report(world)
    client.force_login(world["admin"])
    page = client.get(moderation_url(world["message"])).content.decode()
    assert SPAM in page and "Reklama" in page and world["asked"].public_name in page
    assert "Nie, dzięki." not in page  # the other side's reply is not the staff's to read
    assert world["conversation"].subject not in page


def test_hiding_asks_once_more_then_hides_it_for_both_sides_and_is_audited(world, client):
    message, admin = world["message"], world["admin"]
    report(world)
    client.force_login(admin)
    url = f"{moderation_url(message)}?z=pulpit"
    assert client.post(url, {"reason": ""}).status_code == 200  # a reason is required
    asked = client.post(url, {"reason": "Reklama, nie pytanie."}).content.decode()
    assert 'name="step" value="confirm"' in asked and "Reklama, nie pytanie." in asked
    changing = client.post(url, {"reason": "Reklama, nie pytanie.", "step": "change"})
    assert 'name="step" value="confirm"' not in changing.content.decode()
    message.refresh_from_db()
    assert not message.is_hidden  # nothing is hidden before it is confirmed
    logged = AuditEntry.objects.filter(object_type="partners.messagemoderation").count()
    response = client.post(url, {"reason": "Reklama, nie pytanie.", "step": "confirm"})
    assert response.status_code == 302 and response.url == DESK
    message.refresh_from_db()
    assert message.is_hidden and message.hidden_reason == "Reklama, nie pytanie."
    record = MessageModeration.objects.get(message=message)
    assert (record.action, record.by, record.reason) == (
        ModerationAction.HIDDEN,
        admin,
        "Reklama, nie pytanie.",
    )
    assert MessageReport.objects.get().handled_at is not None
    entry = AuditEntry.objects.filter(object_type="partners.messagemoderation").latest("pk")
    assert entry.actor == admin and entry.object_id == str(record.pk)
    assert AuditEntry.objects.filter(object_type="partners.messagemoderation").count() == logged + 1
    assert moderation_url(message) not in client.get(DESK).content.decode()  # done
    # Opened again: it is hidden already, and back to the desk.
    assert client.get(moderation_url(message)).url == DESK
    # Both sides see that ZMP's staff hid it, never its text; its author reads why.
    for who in ("asker", "asked"):
        page = conversation_page(client, world, who)
        assert SPAM not in page, who
        assert f'id="wiadomosc-{message.pk}"' in page, who
    assert "Reklama, nie pytanie." in conversation_page(client, world, "asker")
    assert "Reklama, nie pytanie." not in conversation_page(client, world, "asked")


def test_dismissing_the_reports_takes_it_off_the_queue_and_the_message_stays(world, client):
    message, admin = world["message"], world["admin"]
    report(world)
    client.force_login(admin)
    dismiss = reverse("partners:message_dismiss_reports", args=[message.pk])
    assert client.get(dismiss).status_code == 405  # a button, not a page
    response = client.post(dismiss, {"next": "desk"})
    assert response.status_code == 302 and response.url == DESK
    message.refresh_from_db()
    assert not message.is_hidden
    assert MessageReport.objects.get().handled_at is not None
    assert MessageModeration.objects.get().action == ModerationAction.REPORTS_DISMISSED
    assert AuditEntry.objects.filter(object_type="partners.messagemoderation", actor=admin).exists()
    assert moderation_url(message) not in client.get(DESK).content.decode()
    assert not selectors.messages_reported_to(admin).exists()
    # Dismissed twice (two tabs): said, nothing recorded twice.
    client.post(dismiss, {"next": "desk"})
    assert MessageModeration.objects.count() == 1
    assert SPAM in conversation_page(client, world, "asked")


def test_the_to_do_number_goes_up_on_a_report_and_down_after_a_decision(world):
    admin = world["admin"]
    before = to_do_count(admin)
    report(world)
    assert to_do_count(admin) == before + 1
    services.moderator.hide(world["message"].pk, by=admin, reason="Reklama")
    assert to_do_count(admin) == before
    # Another message reported, and its report dismissed.
    reply = services.reply(by=world["asker"], conversation_id=world["conversation"].pk, body="Hej")
    report(world, reply)
    assert to_do_count(admin) == before + 1
    services.moderator.dismiss_reports(reply.pk, by=admin)
    assert to_do_count(admin) == before
    # A coordinator's number never counts messages.
    assert to_do_count(world["coordinator"]) == 0


def test_a_message_sent_leaves_the_stored_numbers_current(world):
    """Messages are written all day: a new one changes nobody's queue, so the stored numbers
    are not counted again for it (a report or a decision is what changes them)."""
    admin = world["admin"]
    to_do_count(admin)
    fingerprint = access_of(admin).fingerprint
    assert desk_services.stored(admin.pk, fingerprint)[0] is not None
    services.reply(by=world["asked"], conversation_id=world["conversation"].pk, body="Dobrze")
    assert desk_services.stored(admin.pk, fingerprint)[0] is not None
    report(world)
    assert desk_services.stored(admin.pk, fingerprint)[0] is None


def test_the_queue_is_counted_in_the_same_one_statement_and_listed_without_a_query_a_row(
    world, client, django_assert_num_queries, django_assert_max_num_queries
):
    admin = world["admin"]
    report(world)
    client.force_login(admin)
    with django_assert_max_num_queries(40) as few:
        client.get(DESK)
    for number in range(7):  # answered each time: at most three in a row (rules)
        services.reply(
            by=world["asker"], conversation_id=world["conversation"].pk, body=f"Reklama {number}"
        )
        services.reply(
            by=world["asked"], conversation_id=world["conversation"].pk, body=f"Nie {number}"
        )
    for message in Message.objects.exclude(pk=world["message"].pk).filter(author=world["asker"]):
        report(world, message, reason=f"Spam {message.pk}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(DESK).content.decode()
    assert page.count("?z=pulpit") >= 5  # the five waiting longest
    with django_assert_num_queries(1):
        counts = counts_in_one_query(queued(admin).values())
    assert 8 in counts


def test_a_subject_made_of_a_hidden_message_no_longer_shows_its_words(world):
    """A conversation started from a card is named by its first message's first words: once
    that message is hidden, so are they (in every list and title); restored, they return."""
    conversation = services.conversation_start(
        by=world["member"], person_id=world["asked"].pk, body=f"{SPAM} Dzwoń teraz."
    )
    message = conversation.messages.get()
    assert SPAM in conversation.subject
    services.moderator.report(message.pk, by=world["asked"], reason="Reklama")
    services.moderator.hide(message.pk, by=world["admin"], reason="Reklama")
    conversation.refresh_from_db()
    assert SPAM not in conversation.subject and conversation.subject
    services.moderator.restore(message.pk, by=world["admin"])
    conversation.refresh_from_db()
    assert SPAM in conversation.subject


def test_reasons_lose_invisible_and_direction_characters(world):
    """A report's and a hiding's reason are shown to ZMP's staff and to the author: no
    right-to-left override or zero-width character turns them around or hides a word."""
    made = services.moderator.report(
        world["message"].pk, by=world["asked"], reason="Nachalna reklama \u202egnirts\u200b."
    )
    assert made.reason == "Nachalna reklama gnirts."
    services.moderator.hide(
        world["message"].pk, by=world["admin"], reason="\u202eNaruszenie\u200b "
    )
    world["message"].refresh_from_db()
    assert world["message"].hidden_reason == "Naruszenie"
    with pytest.raises(ValidationError):  # nothing visible is no reason
        services.moderator.restore(world["message"].pk, by=world["admin"])
        services.moderator.hide(world["message"].pk, by=world["admin"], reason="\u200b\u202e ")
