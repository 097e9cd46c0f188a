"""RODO: a person reads and downloads all their data, erases their account (comments stay,
anonymous; the networks' history stays, nameless); administrators erase on request; the
privacy notice is public."""

import json

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from accounts.choices import NotificationKind
from accounts.models import Notification, User
from accounts.services import notify
from audit.models import AuditEntry
from networks.choices import Role
from networks.models import Participation
from results import services as result_services
from results.models import Comment
from tests.factories import NetworkFactory, ParticipationFactory, ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Rynek-Główny-2026!"


@pytest.fixture
def world():
    network = NetworkFactory(name="MIASTO CYFROWE")
    expert = ParticipationFactory(network=network, role=Role.EXPERT).person
    profile = ProfileFactory(user__first_name="Anna", user__last_name="Zielińska")
    anna = profile.user
    anna.set_password(PASSWORD)
    anna.save()
    ParticipationFactory(network=network, person=anna, city=profile.city, role=Role.MEMBER,
                         motivation="Chcemy wdrożyć e-usługi.")  # fmt: skip
    result = result_services.result_draft(
        by=expert, network_id=network.pk, kind="recommendation", title="Rekomendacje e-usług",
        summary="Skrót", body="<p>Tekst</p>",
    )  # fmt: skip
    result_services.comment_add(result_id=result.pk, by=anna, body="Popieram drugą rekomendację.")
    notify(recipient=anna, kind=NotificationKind.MEETING_CHANGED, params={"topic": "Forum"})
    return {"network": network, "anna": anna, "result": result}


def test_a_person_reads_and_downloads_everything_held_about_them(client, world):
    client.force_login(world["anna"])
    page = client.get(reverse("accounts:personal_data")).content.decode()
    for fact in ("Zielińska", "MIASTO CYFROWE", "Chcemy wdrożyć e-usługi.", "Popieram drugą"):
        assert fact in page
    response = client.get(reverse("accounts:personal_data"), {"format": "json"})
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == world["anna"].email
    assert data["participations"][0]["motivation"] == "Chcemy wdrożyć e-usługi."
    assert data["comments"][0]["text"] == "Popieram drugą rekomendację."
    assert data["notifications"][0]["title"] == "Zmiana szczegółów spotkania: Forum"
    assert any(entry["object"] for entry in data["changes_made"]) or data["changes_made"] == []


def test_nobody_reads_another_persons_data(client, world):
    client.force_login(UserFactory())
    data = json.loads(client.get(reverse("accounts:personal_data"), {"format": "json"}).content)
    assert "Zielińska" not in json.dumps(data, ensure_ascii=False)
    assert Client().get(reverse("accounts:personal_data")).status_code == 302  # log in first


def test_erasing_needs_the_password_and_a_confirmation_and_keeps_what_was_typed(client, world):
    client.force_login(world["anna"])
    response = client.post(reverse("accounts:erase"), {"password": "zle-haslo", "confirm": "on"})
    assert response.status_code == 200 and "password" in response.context["form"].errors
    response = client.post(reverse("accounts:erase"), {"password": PASSWORD})
    assert response.status_code == 200 and "confirm" in response.context["form"].errors
    assert User.objects.get(pk=world["anna"].pk).is_active


def test_an_erased_account_leaves_anonymous_comments_and_a_nameless_history(client, world):
    anna = world["anna"]
    email = anna.email
    phone = Client()
    for device in (client, phone):  # logged in through the form, as allauth records sessions
        device.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert UserSession.objects.filter(user=anna).count() == 2
    response = client.post(reverse("accounts:erase"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not UserSession.objects.filter(user=anna).exists()  # every session ended
    assert phone.get(reverse("home")).wsgi_request.user.is_anonymous
    assert client.get(reverse("accounts:profile")).status_code == 302  # logged out
    anna.refresh_from_db()
    assert not anna.is_active and not anna.has_usable_password()
    assert (anna.first_name, anna.last_name) == ("", "") and email not in anna.email
    comment = Comment.objects.get(body="Popieram drugą rekomendację.")
    assert comment.author is None
    assert Participation.objects.filter(person=anna, network=world["network"]).exists()
    assert not Notification.objects.filter(recipient=anna).exists()
    assert not AuditEntry.objects.filter(actor_label=email).exists()
    logged = json.dumps(
        list(AuditEntry.objects.values("changes", "object_repr")), ensure_ascii=False
    )
    assert "Zielińska" not in logged and email not in logged
    # The discussion still reads, signed by "a former user".
    expert = world["result"].author
    reader = Client()
    reader.force_login(expert)
    page = reader.get(reverse("results:detail", args=[world["result"].pk])).content.decode()
    assert "Popieram drugą rekomendację." in page and "Zielińska" not in page
    assert (
        Client().post(reverse("account_login"), {"login": email, "password": PASSWORD}).status_code
        == 200
    )


def test_an_administrator_erases_an_account_on_request(client, world):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:accounts_user_changelist")
    asked = client.post(
        url, {"action": "erase_personal_data", "_selected_action": [world["anna"].pk]}
    )
    assert asked.status_code == 200 and "Zielińska" in asked.content.decode()  # confirm first
    assert User.objects.get(pk=world["anna"].pk).last_name == "Zielińska"
    done = client.post(
        url, {"action": "erase_personal_data", "_selected_action": [world["anna"].pk], "confirmed": "yes"}
    )  # fmt: skip
    assert done.status_code == 302
    assert User.objects.get(pk=world["anna"].pk).last_name == ""


def test_the_privacy_notice_is_public_and_linked_from_every_page(client):
    page = client.get(reverse("privacy_notice")).content.decode()
    assert "Prezes" in page and "Urzędu Ochrony Danych Osobowych" in page
    assert reverse("privacy_notice") in client.get(reverse("home")).content.decode()


def test_the_export_holds_ones_reports_and_why_ones_own_messages_were_hidden(client, world):
    from django.utils import timezone

    from partners.models import Conversation, Message, MessageReport

    anna, bob = world["anna"], ProfileFactory(user__first_name="Bogdan").user
    talk = Conversation.objects.create(starter=anna, recipient=bob, subject="Wspólny projekt")
    hidden = {"hidden_at": timezone.now()}
    mine = Message.objects.create(
        conversation=talk, author=anna, body="Kup u nas!", hidden_reason="Reklama.", **hidden
    )
    theirs = Message.objects.create(
        conversation=talk, author=bob, body="Obelga", hidden_reason="Obraźliwe słowa.", **hidden
    )
    MessageReport.objects.create(message=theirs, reporter=anna, reason="Obraża mnie.")
    MessageReport.objects.create(message=mine, reporter=bob, reason="To spam, zgłaszam.")
    client.force_login(anna)
    data = json.loads(client.get(reverse("accounts:personal_data"), {"format": "json"}).content)
    said = {m["text"]: m for m in data["conversations"][0]["messages"]}
    assert said["Kup u nas!"]["hidden_by_moderator"]
    assert said["Kup u nas!"]["hidden_reason"] == "Reklama."
    assert said["Obelga"]["hidden_reason"] is None
    assert [(r["conversation"], r["reason"]) for r in data["message_reports"]] == [
        ("Wspólny projekt", "Obraża mnie.")
    ]
    everything = json.dumps(data, ensure_ascii=False)
    assert "Obraźliwe słowa." not in everything  # the other side's reason
    assert "To spam, zgłaszam." not in everything  # a report about them is not theirs
    page = client.get(reverse("accounts:personal_data")).content.decode()
    assert "Reklama." in page and "Obraża mnie." in page
    assert "Obraźliwe słowa." not in page and "To spam, zgłaszam." not in page
