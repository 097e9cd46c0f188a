"""The messages' rules asked at every message (the leaders' clause, blocks), their limits,
and the pages that tell them before anyone writes in vain."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.choices import Function
from accounts.models import PartnerCard
from partners import rules, services
from partners.models import Block, Conversation, Message
from partners.views import MESSAGES_PER_PAGE
from tests.factories import ParticipationFactory
from tests.partners.test_partners import person, shown, world  # noqa: F401 - the fixture


@pytest.fixture
def future_mayor(world):  # noqa: F811
    """A verified mayor in the thematic network only, with a card: anyone there may ask."""
    mayor = person(Function.MAYOR, verified=True)
    ParticipationFactory(person=mayor, network=world["thematic"], city=mayor.profile.city)
    shown(mayor)
    return mayor


def start(by, person_id, body="Pytanie o transport"):
    return services.conversation_start(by=by, person_id=person_id, body=body)


def test_joining_the_leaders_closes_a_conversation_not_yet_answered(world, future_mayor, client):  # noqa: F811
    clerk = world["clerk"]
    conversation = start(clerk, future_mayor.pk)
    ParticipationFactory(person=future_mayor, network=world["leaders"])
    with pytest.raises(ValidationError) as refused:
        services.reply(by=clerk, conversation_id=conversation.pk, body="Czy mogę dopytać?")
    assert refused.value.code == "closed"
    client.force_login(clerk)
    url = reverse("partners:conversation", args=[conversation.pk])
    page = client.get(url).content.decode()
    assert "sieci liderów" in page
    assert 'name="body"' not in page
    response = client.post(url, {"body": "Czy mogę dopytać?"})
    assert response.status_code == 200
    assert Message.objects.filter(conversation=conversation).count() == 1


def test_a_reply_opens_the_conversation_both_ways(world, future_mayor):  # noqa: F811
    clerk = world["clerk"]
    conversation = start(clerk, future_mayor.pk)
    services.reply(by=future_mayor, conversation_id=conversation.pk, body="Chętnie pomogę.")
    ParticipationFactory(person=future_mayor, network=world["leaders"])
    services.reply(by=clerk, conversation_id=conversation.pk, body="Dziękuję!")
    assert rules.may_write(clerk, conversation, future_mayor)


def test_messages_in_a_row_wait_for_an_answer(world, future_mayor, client):  # noqa: F811
    clerk = world["clerk"]
    conversation = start(clerk, future_mayor.pk)
    for _number in range(rules.MESSAGES_IN_A_ROW - 1):
        services.reply(by=clerk, conversation_id=conversation.pk, body="Jeszcze jedno")
    client.force_login(clerk)
    url = reverse("partners:conversation", args=[conversation.pk])
    response = client.post(url, {"body": "Tekst, który zostaje"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "pod rząd" in page
    assert "Tekst, który zostaje" in page  # kept in the form
    assert Message.objects.filter(conversation=conversation).count() == rules.MESSAGES_IN_A_ROW
    services.reply(by=future_mayor, conversation_id=conversation.pk, body="Odpowiadam.")
    services.reply(by=clerk, conversation_id=conversation.pk, body="Dziękuję")


def test_messages_are_limited_an_hour(world, future_mayor, monkeypatch):  # noqa: F811
    monkeypatch.setattr(rules, "MESSAGES_PER_HOUR", 4)
    clerk = world["clerk"]
    conversation = start(clerk, future_mayor.pk)
    for _number in range(3):
        services.reply(by=future_mayor, conversation_id=conversation.pk, body="Tak")
        services.reply(by=clerk, conversation_id=conversation.pk, body="Dobrze")
    services.reply(by=future_mayor, conversation_id=conversation.pk, body="Tak")
    with pytest.raises(ValidationError, match="W ciągu ostatniej godziny"):
        services.reply(by=clerk, conversation_id=conversation.pk, body="Za dużo")


def test_one_unanswered_conversation_to_a_person_at_a_time(world, future_mayor, client):  # noqa: F811
    clerk = world["clerk"]
    first = start(clerk, future_mayor.pk, body="Jak działa wasz bus na żądanie w małych gminach?")
    assert first.subject.startswith("Jak działa wasz bus")  # named by its first words
    with pytest.raises(ValidationError) as refused:
        start(clerk, future_mayor.pk)
    assert refused.value.code == "unanswered"
    client.force_login(clerk)
    page = client.get(reverse("partners:ask_person", args=[future_mayor.pk])).content.decode()
    assert reverse("partners:conversation", args=[first.pk]) in page
    assert 'name="body"' not in page
    services.reply(by=future_mayor, conversation_id=first.pk, body="Odpowiadam.")
    start(clerk, future_mayor.pk)
    assert Conversation.objects.filter(starter=clerk, recipient=future_mayor).count() == 2


def test_blocking_asks_first_and_the_blocked_see_a_notice(world, future_mayor, client):  # noqa: F811
    clerk = world["clerk"]
    conversation = start(clerk, future_mayor.pk)
    client.force_login(future_mayor)
    block_url = reverse("partners:block", args=[conversation.pk])
    page = client.get(block_url).content.decode()
    assert "Czy na pewno" in page
    assert not Block.objects.exists()
    client.post(block_url)
    assert Block.objects.filter(blocker=future_mayor, blocked=clerk).exists()
    client.force_login(clerk)
    page = client.get(reverse("partners:conversation", args=[conversation.pk])).content.decode()
    assert "nie przyjmuje od Ciebie wiadomości" in page
    assert 'name="body"' not in page
    # Unblocking what was never blocked says there was nothing to undo.
    response = client.post(reverse("partners:unblock", args=[conversation.pk]), follow=True)
    page = response.content.decode()
    assert "Nie było czego cofać" in page
    assert "Znów przyjmujesz" not in page


def test_the_cards_text_loses_invisible_and_direction_characters(world, client):  # noqa: F811
    clerk = world["clerk"]
    client.force_login(clerk)
    client.post(
        reverse("accounts:partner_card"),
        {
            "shown": "on",
            "expertise": "trans\u202eport, \u200b, budżet\u2066 obywatelski",
            "projects": "Rynek\u202e 2021\ufeff",
        },
    )
    card = PartnerCard.objects.get(user=clerk)
    assert card.expertise == ["budżet obywatelski", "transport"]
    assert card.projects == "Rynek 2021"


def test_an_area_of_expertise_too_long_is_named_not_cut(world, client):  # noqa: F811
    clerk = world["clerk"]
    client.force_login(clerk)
    long = "zarządzanie " * 6
    response = client.post(
        reverse("accounts:partner_card"),
        {"shown": "on", "expertise": f"transport, {long}", "projects": "Rynek"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "error-summary" in page
    assert "dłuższy niż 60 znaków" in page
    assert f"transport, {long}" in page  # what was typed stays in the field
    assert not PartnerCard.objects.filter(user=clerk, shown_since__isnull=False).exists()


def test_long_unbroken_words_on_cards_wrap(world, client):  # noqa: F811
    """A 2,500-character word in the projects, a long tag: marked as user text, which the
    stylesheet wraps anywhere (cards in the directory's grid too)."""
    clerk, author = world["clerk"], world["author"]
    shown(author, expertise=("a" * 40,), projects="x" * 2500)
    client.force_login(clerk)
    card = client.get(reverse("partners:card", args=[author.pk])).content.decode()
    assert card.count('class="user-text"') == 2
    directory = client.get(reverse("partners:directory", args=[world["thematic"].slug]))
    assert 'class="user-text"' in directory.content.decode()
    css = (settings.BASE_DIR / "static" / "css" / "portal.css").read_text()
    rule = next(
        line
        for line in css.splitlines()
        if "overflow-wrap: anywhere" in line and ".user-text" in line
    )
    assert ".card" in rule


def test_a_long_conversation_shows_its_newest_messages_and_pages_back(world, future_mayor, client):  # noqa: F811
    clerk = world["clerk"]
    conversation = start(clerk, future_mayor.pk, body="wiadomość 0")
    Message.objects.bulk_create(
        Message(conversation=conversation, author=future_mayor, body=f"wiadomość {number}",
                body_html=f"<p>wiadomość {number}</p>")
        for number in range(1, MESSAGES_PER_PAGE + 10)
    )  # fmt: skip
    client.force_login(clerk)
    url = reverse("partners:conversation", args=[conversation.pk])
    page = client.get(url).content.decode()
    assert f"wiadomość {MESSAGES_PER_PAGE + 9}<" in page and "wiadomość 9<" not in page
    assert "?strona=2" in page and 'name="body"' in page
    earlier = client.get(url, {"strona": 2}).content.decode()
    assert (
        "wiadomość 0<" in earlier and "wiadomość 9<" in earlier and "wiadomość 10<" not in earlier
    )
    assert client.get(url, {"strona": "x"}).status_code == 200
