"""Mail that behaves: every e-mail has a plain-text and an HTML part (the same text, links
clickable, lang and a heading) and `Auto-Submitted: auto-generated`; notifications and digests
carry a one-click unsubscribe link (RFC 8058) that stops that kind of mail without logging in,
while transactional mail (a password reset) carries none."""

import email
import email.policy
import html
import re

import pytest
from django.conf import settings
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from accounts import mail as portal_mail
from accounts import services
from accounts.choices import EmailMode, Language, NotificationKind
from accounts.models import Notification, OutgoingEmail, Profile
from tests.factories import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def notify(person, network="Sieć e-usług <i>"):
    return services.notify(
        recipient=person,
        kind=NotificationKind.APPLICATION_ACCEPTED,
        params={"network": network},
        url="/sieci/",
    )


def parts(message):
    """(plain text, HTML) of a sent message, read back from the MIME it was sent as."""
    parsed = sent(message)
    alternative = next(p for p in parsed.walk() if p.get_content_type() == "multipart/alternative")
    kinds = [part.get_content_type() for part in alternative.get_payload()]
    assert kinds == ["text/plain", "text/html"]
    text, markup = (part.get_content() for part in alternative.get_payload())
    return parsed, text, markup


def sent(message):
    """The message as it went over the wire, parsed back (long headers unfolded)."""
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def unsubscribe_link(parsed) -> str:
    # Folded over two lines, as a long header is: unfolded, the value starts after a space.
    header = str(parsed["List-Unsubscribe"] or "").strip()
    assert header and header.startswith("<") and header.endswith(">")
    return header[1:-1]


def assert_html_is_the_text(text, markup, language="pl"):
    assert f'<html lang="{language}">' in markup
    assert re.search(r"<h1[^>]*>[^<]+</h1>", markup)
    assert "<img" not in markup
    # Every link of the text is clickable, and every line of the text is there, escaped.
    for url in re.findall(r"https?://\S+", text):
        assert f'href="{html.escape(url)}"' in markup
    shown = re.sub(r"<[^>]+>", "", markup)  # the text as read: a bare domain becomes a link
    for line in filter(None, (line.strip() for line in text.splitlines())):
        for word in line.split():
            if not word.startswith("http"):
                assert html.escape(word) in shown, word


def test_a_notification_e_mail_has_both_parts_and_the_one_click_headers():
    person = ProfileFactory().user
    notification = notify(person)
    assert services.notification_email_deliver(notification.pk) is True
    (message,) = mail.outbox
    parsed, text, markup = parts(message)
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = unsubscribe_link(parsed)
    assert link.startswith(f"{settings.PORTAL_URL}/konto/wypisz/")
    assert link in text  # the plain part offers it too, and so the HTML one
    assert_html_is_the_text(text, markup)
    assert "Sieć e-usług &lt;i&gt;" in markup and "<i>" not in markup  # escaped
    assert f'<a href="{settings.PORTAL_URL}/sieci/"' in markup
    assert portal_mail.unsubscribe_of(link.rsplit("/", 2)[1]) == (
        person.pk,
        portal_mail.NOTIFICATION,
    )


def test_an_english_e_mail_is_marked_english_and_links_to_english_pages():
    person = ProfileFactory(language=Language.EN).user
    assert services.notification_email_deliver(notify(person).pk)
    parsed, text, markup = parts(mail.outbox[0])
    assert_html_is_the_text(text, markup, language="en")
    assert unsubscribe_link(parsed).startswith(f"{settings.PORTAL_URL}/en/konto/wypisz/")


def test_a_digest_has_both_parts_and_its_own_unsubscribe_link():
    person = ProfileFactory(email_mode=EmailMode.DIGEST).user
    notify(person, "Pierwsza")
    notify(person, "Druga")
    assert services.digest_send(person.pk) == 2
    parsed, text, markup = parts(mail.outbox[0])
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = unsubscribe_link(parsed)
    assert portal_mail.unsubscribe_of(link.rsplit("/", 2)[1]) == (person.pk, portal_mail.DIGEST)
    assert_html_is_the_text(text, markup)
    assert "Pierwsza" in markup and "Druga" in markup


def test_a_password_reset_is_automatic_but_has_no_unsubscribe_link(client):
    profile = ProfileFactory()
    client.post(reverse("account_reset_password"), {"email": profile.user.email})
    queued = OutgoingEmail.objects.get(to=[profile.user.email])
    assert services.email_send(queued.pk)
    parsed, text, markup = parts(mail.outbox[0])
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["List-Unsubscribe"] is None and parsed["List-Unsubscribe-Post"] is None
    assert "/konto/password/reset/key/" in text
    assert_html_is_the_text(text, markup)


def path_of(link: str) -> str:
    return link.removeprefix(settings.PORTAL_URL)


def delivered_link(person) -> str:
    notification = notify(person)
    assert services.notification_email_deliver(notification.pk)
    return unsubscribe_link(sent(mail.outbox[-1]))


def test_the_one_click_post_stops_the_e_mails_without_a_session():
    profile = ProfileFactory()
    link = delivered_link(profile.user)
    waiting = notify(profile.user)  # not yet e-mailed: settled, never sent later
    mail_program = Client(enforce_csrf_checks=True)  # as a mail program: no session, no CSRF
    response = mail_program.post(
        path_of(link),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    profile.refresh_from_db()
    assert profile.email_mode == EmailMode.NONE
    waiting.refresh_from_db()
    assert waiting.emailed_at is not None
    assert "Nie będziesz już otrzymywać e-maili o powiadomieniach." in response.content.decode()
    # Again: nothing more to do, the same answer.
    assert mail_program.post(path_of(link)).status_code == 200


def test_a_get_only_asks_with_a_button():
    """Mail scanners follow links: a GET changes nothing."""
    profile = ProfileFactory()
    link = delivered_link(profile.user)
    response = Client().get(path_of(link))
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r'<form[^>]*method="post"', page) and 'type="submit"' in page
    assert "Wyłącz e-maile o powiadomieniach" in page
    profile.refresh_from_db()
    assert profile.email_mode == EmailMode.IMMEDIATE


def test_the_digest_link_stops_the_digest_and_leaves_another_choice_alone():
    profile = ProfileFactory(email_mode=EmailMode.DIGEST)
    token = portal_mail.unsubscribe_token(profile.user.pk, portal_mail.DIGEST)
    url = reverse("accounts:unsubscribe", args=[token])
    assert "dzienne podsumowanie" in Client().get(url).content.decode()
    # Meanwhile the person chose an e-mail for each notification: the old digest's link
    # stops nothing more.
    Profile.objects.filter(pk=profile.pk).update(email_mode=EmailMode.IMMEDIATE)
    assert Client().post(url).status_code == 200
    profile.refresh_from_db()
    assert profile.email_mode == EmailMode.IMMEDIATE
    Profile.objects.filter(pk=profile.pk).update(email_mode=EmailMode.DIGEST)
    Client().post(url)
    profile.refresh_from_db()
    assert profile.email_mode == EmailMode.NONE


def test_a_person_without_a_profile_can_stop_them_too():
    person = UserFactory()
    token = portal_mail.unsubscribe_token(person.pk, portal_mail.NOTIFICATION)
    assert Client().post(reverse("accounts:unsubscribe", args=[token])).status_code == 200
    assert Profile.objects.get(user=person).email_mode == EmailMode.NONE


# Tokens are made inside the test: a signed one carries the time, and the test
# workers must collect the same ids.
TAMPERED_TOKENS = {
    "tampered": lambda: "tampered",
    "not-a-token": lambda: "to-nie-jest-token:abc",
    # Signed by the portal, but for something else (another salt).
    "another-salt": lambda: signing.dumps(
        {"p": 1, "k": "notification"}, salt="accounts.something-else"
    ),
    # The right salt, but a kind of mail nobody can stop.
    "mail-nobody-can-stop": lambda: signing.dumps(
        {"p": 1, "k": "password_reset"}, salt=portal_mail.UNSUBSCRIBE_SALT
    ),
}


@pytest.mark.parametrize("kind", sorted(TAMPERED_TOKENS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_is_a_clear_page_in_polish(kind, method):
    token = TAMPERED_TOKENS[kind]()
    profile = ProfileFactory()
    response = getattr(Client(), method)(reverse("accounts:unsubscribe", args=[token]))
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="pl"' in page
    assert "Ten link jest nieprawidłowy" in page
    profile.refresh_from_db()
    assert profile.email_mode == EmailMode.IMMEDIATE


def test_a_token_changed_by_one_character_is_refused():
    profile = ProfileFactory()
    token = portal_mail.unsubscribe_token(profile.user.pk, portal_mail.NOTIFICATION)
    # Another person's id, with the signature of the first.
    other = ProfileFactory().user
    _value, rest = token.split(":", 1)
    forged = signing.dumps({"p": other.pk, "k": "notification"}, salt="x").split(":", 1)[0]
    for bad in (f"{forged}:{rest}", token[:-1] + ("A" if token[-1] != "A" else "B")):
        response = Client().post(reverse("accounts:unsubscribe", args=[bad]))
        assert response.status_code == 400
    assert Profile.objects.get(user=other).email_mode == EmailMode.IMMEDIATE
    assert Notification.objects.count() == 0


def test_a_staff_member_without_a_second_factor_may_still_stop_e_mails(settings):
    settings.MFA_REQUIRED = True
    profile = ProfileFactory(user__is_staff=True)
    token = portal_mail.unsubscribe_token(profile.user.pk, portal_mail.NOTIFICATION)
    client = Client()
    client.force_login(profile.user)
    assert client.get(reverse("desk:home")).status_code == 302  # to set up the factor
    assert client.get(reverse("accounts:unsubscribe", args=[token])).status_code == 200
    assert client.post(reverse("accounts:unsubscribe", args=[token])).status_code == 200
    profile.refresh_from_db()
    assert profile.email_mode == EmailMode.NONE
