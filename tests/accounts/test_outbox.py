"""The outbox keeps password-reset and confirmation links only as long as it must: sent
e-mails go after 7 days; one that keeps failing is tried again with a doubling wait
(next_attempt_at), given up after EMAIL_MAX_ATTEMPTS tries and goes 30 days later, shown
meanwhile to administrators without its body, who may send it again (audited); an erased
account's e-mails go at once. Failures are real: Django's SMTP backend against a loopback
server that refuses with 554."""

import datetime as dt
import smtplib
import socket
import threading

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.mail.backends import smtp
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services, tasks
from accounts.choices import EmailMode, NotificationKind
from accounts.models import OutgoingEmail
from accounts.personal_data import account_erase
from audit.models import AuditEntry
from empirie.celery import app as celery_app
from tests.factories import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db
RESET_LINK = "http://127.0.0.1:8000/konto/password/reset/key/1a-sekret/"


class RefusingSMTPServer:
    """A mail server on loopback that answers every connection with 554 (no service) and
    hangs up, as a server refusing the portal does; it counts the connections it refused."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.refused = 0
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                connection, _address = self.socket.accept()
            except OSError:  # closed at the end of the test
                return
            # Counted before it answers: the portal may read the answer and the test the
            # count before this thread runs again.
            self.refused += 1
            with connection:
                connection.sendall(b"554 5.3.2 No service for you\r\n")

    def close(self):
        self.socket.close()


class RefusingSMTPBackend(smtp.EmailBackend):
    """Django's own SMTP backend, pointed at the refusing server: every send raises the
    SMTPException smtplib raises for it (SMTPConnectError)."""

    server: RefusingSMTPServer | None = None

    def __init__(self, **kwargs):
        super().__init__(host="127.0.0.1", port=self.server.port, timeout=5, **kwargs)


@pytest.fixture
def refusing_mail_server(settings):
    server = RefusingSMTPServer()
    RefusingSMTPBackend.server = server
    settings.EMAIL_BACKEND = f"{__name__}.RefusingSMTPBackend"
    yield server
    server.close()


def outbox_email(to=("anna@example.org",), ago=dt.timedelta(0), **fields):
    email = OutgoingEmail.objects.create(
        subject="[EMPIRIE] Zmiana hasła", body=f"Link: {RESET_LINK}",
        from_email="empirie@miasta.pl", to=list(to), **fields,
    )  # fmt: skip
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - ago)
    email.refresh_from_db()
    return email


def test_sent_e_mails_go_after_7_days_and_given_up_ones_after_30():
    now = timezone.now()
    kept = {
        outbox_email(sent_at=now - dt.timedelta(days=6)).pk,
        outbox_email(failed_at=now - dt.timedelta(days=29)).pk,
        outbox_email().pk,  # not yet sent
    }
    outbox_email(sent_at=now - dt.timedelta(days=8))
    outbox_email(failed_at=now - dt.timedelta(days=31))

    tasks.purge_outbox.apply()
    assert set(OutgoingEmail.objects.values_list("pk", flat=True)) == kept


def test_the_purge_runs_daily_from_beat():
    entry = next(
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == tasks.purge_outbox.name
    )
    assert isinstance(entry["schedule"], crontab)
    assert len(entry["schedule"].hour) == 1 and len(entry["schedule"].minute) == 1
    assert tasks.purge_outbox.name in celery_app.tasks


def test_a_real_smtp_refusal_raises_smtp_exception(refusing_mail_server):
    """The test double is a real failure: Django's SMTP backend raises it."""
    with pytest.raises(smtplib.SMTPException):
        mail.EmailMessage("s", "b", to=["anna@example.org"]).send()
    assert refusing_mail_server.refused == 1


def assert_waits(email, tried_at, seconds):
    assert tried_at + dt.timedelta(seconds=seconds) <= email.next_attempt_at
    assert email.next_attempt_at <= timezone.now() + dt.timedelta(seconds=seconds)


def test_each_failed_try_waits_twice_as_long_then_the_e_mail_is_given_up(
    refusing_mail_server, settings
):
    settings.EMAIL_MAX_ATTEMPTS = 4
    settings.EMAIL_RETRY_BACKOFF = 60
    email = outbox_email()
    for attempt, wait in enumerate([60, 120, 240], start=1):
        tried_at = timezone.now()
        assert services.email_send(email.pk) is False  # recorded, not raised
        email.refresh_from_db()
        assert email.attempts == attempt and refusing_mail_server.refused == attempt
        assert "SMTPConnectError" in email.last_error and "No service for you" in email.last_error
        assert email.sent_at is None and email.failed_at is None
        assert_waits(email, tried_at, wait)
        # Not before its time: neither the task nor the sweeper tries it again.
        assert services.email_send(email.pk) is False
        assert services.relay_unsent(dt.timedelta(0)) == 0
        assert refusing_mail_server.refused == attempt
        # Its time comes: the sweeper hands it over again.
        OutgoingEmail.objects.filter(pk=email.pk).update(
            next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
        )
        assert services.relay_unsent(dt.timedelta(0)) == 1

    assert services.email_send(email.pk) is False  # the 4th failed try: given up
    email.refresh_from_db()
    assert email.attempts == 4 and refusing_mail_server.refused == 4
    assert email.failed_at is not None and email.next_attempt_at is None and email.sent_at is None
    assert services.relay_unsent(dt.timedelta(0)) == 0  # the sweeper leaves it alone
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.email_send(email.pk) is False  # even once the server would take it
    assert not mail.outbox


def test_five_tries_by_default_and_a_quarter_of_an_hour_first():
    assert settings.EMAIL_MAX_ATTEMPTS == 5
    assert services.email_retry_wait(1) == dt.timedelta(minutes=15)
    assert services.email_retry_wait(4) == dt.timedelta(hours=2)


def test_the_send_task_does_not_retry_on_its_own(refusing_mail_server):
    """The row's backoff decides the next try, not Celery's: the task ends quietly."""
    email = outbox_email()
    result = tasks.send_email.apply(args=[email.pk])
    assert result.successful()
    email.refresh_from_db()
    assert email.attempts == 1 and refusing_mail_server.refused == 1


def test_an_e_mail_that_goes_at_a_later_try_is_sent_once(refusing_mail_server, settings):
    email = outbox_email()
    assert services.email_send(email.pk) is False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    assert services.email_send(email.pk) is True
    assert services.email_send(email.pk) is False
    email.refresh_from_db()
    assert email.attempts == 2 and email.sent_at and email.next_attempt_at is None
    assert len(mail.outbox) == 1 and mail.outbox[0].extra_headers["Auto-Submitted"] == (
        "auto-generated"
    )


def admin_client():
    administrator = Client()
    user = UserFactory(is_staff=True, is_superuser=True)
    administrator.force_login(user)
    return administrator, user


def test_administrators_see_the_outbox_by_state_and_recipient_without_bodies():
    given_up = outbox_email(
        to=["zly-adres@example.org"], attempts=5, last_error="SMTPRecipientsRefused: 550",
        failed_at=timezone.now(),
    )  # fmt: skip
    outbox_email(
        to=["w-drodze@example.org"], attempts=2, last_error="SMTPConnectError: 421",
        next_attempt_at=timezone.now() + dt.timedelta(minutes=30),
    )  # fmt: skip
    outbox_email(to=["wyslany@example.org"], sent_at=timezone.now(), attempts=1)
    administrator, _user = admin_client()
    changelist = reverse("admin:accounts_outgoingemail_changelist")

    page = administrator.get(changelist).content.decode()
    for address in ("zly-adres@example.org", "w-drodze@example.org", "wyslany@example.org"):
        assert address in page
    assert RESET_LINK not in page and "sekret" not in page
    failed = administrator.get(changelist, {"state": "failed"}).content.decode()
    assert "zly-adres@example.org" in failed and "SMTPRecipientsRefused: 550" in failed
    assert "w-drodze@example.org" not in failed and "wyslany@example.org" not in failed
    retrying = administrator.get(changelist, {"state": "retrying"}).content.decode()
    assert "w-drodze@example.org" in retrying and "zly-adres@example.org" not in retrying
    found = administrator.get(changelist, {"q": "zly-adres"}).content.decode()
    assert "zly-adres@example.org" in found and "w-drodze@example.org" not in found

    detail = administrator.get(
        reverse("admin:accounts_outgoingemail_change", args=[given_up.pk])
    ).content.decode()
    assert "zly-adres@example.org" in detail and "sekret" not in detail
    assert administrator.get(f"{changelist}add/").status_code != 200  # no add page
    assert (
        administrator.post(
            reverse("admin:accounts_outgoingemail_delete", args=[given_up.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    member = Client()
    member.force_login(ProfileFactory().user)
    assert member.get(changelist).status_code == 302  # to the log-in: not staff


def test_resending_a_given_up_e_mail_asks_first_then_starts_its_tries_anew_and_is_audited(
    django_capture_on_commit_callbacks,
):
    given_up = outbox_email(
        to=["poprawiony@example.org"], attempts=5, last_error="SMTPConnectError: 554",
        failed_at=timezone.now(),
    )  # fmt: skip
    sent = outbox_email(to=["wyslany@example.org"], sent_at=timezone.now(), attempts=1)
    administrator, user = admin_client()
    changelist = reverse("admin:accounts_outgoingemail_changelist")
    chosen = {"action": "resend", "_selected_action": [given_up.pk, sent.pk]}

    asked = administrator.post(changelist, chosen)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert 'name="confirmed" value="yes"' in page and given_up.subject in page
    given_up.refresh_from_db()
    assert given_up.failed_at is not None and given_up.attempts == 5  # nothing done yet
    # Only e-mails already sent chosen: said so, and nothing offered to confirm.
    only_sent = administrator.post(
        changelist, {"action": "resend", "_selected_action": [sent.pk]}
    ).content.decode()
    assert "Żadna z wybranych pozycji" in only_sent and "Tak, wyślij ponownie" not in only_sent

    with django_capture_on_commit_callbacks() as queued:
        done = administrator.post(changelist, {**chosen, "confirmed": "yes"})
    assert done.status_code == 302
    assert len(queued) == 1  # the given-up one handed to the queue; the sent one left alone
    given_up.refresh_from_db()
    sent.refresh_from_db()
    assert given_up.attempts == 0 and given_up.failed_at is None
    assert given_up.next_attempt_at is None and given_up.sent_at is None
    assert sent.attempts == 1 and sent.sent_at is not None
    entry = AuditEntry.objects.get(object_type="accounts.outgoingemail", object_id=str(given_up.pk))
    assert entry.actor == user and entry.actor_label == user.email
    assert entry.changes["resent"] == [None, True] and entry.changes["attempts"] == [5, 0]
    assert not AuditEntry.objects.filter(
        object_id=str(sent.pk), object_type="accounts.outgoingemail"
    )

    assert services.email_send(given_up.pk) is True  # the mail server takes it now
    assert mail.outbox[0].to == ["poprawiony@example.org"]


def test_resending_needs_the_right_to_change_the_outbox():
    email = outbox_email(attempts=5, failed_at=timezone.now())
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_outgoingemail"))
    client = Client()
    client.force_login(staff)
    changelist = reverse("admin:accounts_outgoingemail_changelist")
    assert client.get(changelist).status_code == 200
    client.post(changelist, {"action": "resend", "_selected_action": [email.pk],
                             "confirmed": "yes"})  # fmt: skip
    email.refresh_from_db()
    assert email.failed_at is not None and email.attempts == 5


def test_erasing_an_account_deletes_its_outbox_e_mails():
    person = ProfileFactory(user__email="anna.nowak@example.org").user
    person.emailaddress_set.create(email="a.nowak@gmina.pl", verified=True, primary=False)
    theirs = [
        outbox_email(to=["Anna.Nowak@Example.org"]),  # the address, in another case
        outbox_email(to=["a.nowak@gmina.pl"]),  # a second address of theirs
        outbox_email(to=["kto-inny@example.org", "anna.nowak@example.org"]),
    ]
    others = [
        outbox_email(to=["joanna.nowak@example.org"]),  # contains theirs, is not theirs
        outbox_email(to=["kto-inny@example.org"]),
    ]
    account_erase(person=person)
    assert not OutgoingEmail.objects.filter(pk__in=[e.pk for e in theirs]).exists()
    assert OutgoingEmail.objects.filter(pk__in=[e.pk for e in others]).count() == 2


def test_administrators_find_notifications_by_state_and_recipient_and_e_mail_them_again(
    django_capture_on_commit_callbacks,
):
    anna = ProfileFactory(user__email="anna.kowalska@example.org").user
    quiet = ProfileFactory(user__email="bez-emaili@example.org", email_mode=EmailMode.NONE).user

    def told(person, network):
        return services.notify(
            recipient=person, kind=NotificationKind.APPLICATION_ACCEPTED,
            params={"network": network}, url="/",
        )  # fmt: skip

    delivered = told(anna, "Sieć dostarczona")
    assert services.notification_email_deliver(delivered.pk)
    waiting = told(anna, "Sieć czekająca")
    settled = told(quiet, "Sieć cicha")  # settled at once: the person wants no e-mails
    administrator, user = admin_client()
    changelist = reverse("admin:accounts_notification_changelist")

    unsent = administrator.get(changelist, {"emailed": "no"})
    assert unsent.status_code == 200
    assert [n.pk for n in unsent.context["cl"].result_list] == [waiting.pk]
    found = administrator.get(changelist, {"q": "anna.kowalska"})
    assert {n.pk for n in found.context["cl"].result_list} == {delivered.pk, waiting.pk}
    assert administrator.get(f"{changelist}add/").status_code != 200  # the portal writes them

    chosen = {"action": "resend", "_selected_action": [delivered.pk, settled.pk]}
    asked = administrator.post(changelist, chosen)
    assert asked.status_code == 200 and 'name="confirmed" value="yes"' in asked.content.decode()
    delivered.refresh_from_db()
    assert delivered.emailed_at is not None  # nothing done before the confirmation

    with django_capture_on_commit_callbacks() as queued:
        assert administrator.post(changelist, {**chosen, "confirmed": "yes"}).status_code == 302
    # One delivery task for the one resent (besides the cache's own callback).
    assert len([c for c in queued if "notifications_resend" in c.__qualname__]) == 1
    delivered.refresh_from_db()
    settled.refresh_from_db()
    assert delivered.emailed_at is None
    assert settled.emailed_at is not None  # wants no e-mails: left out
    entry = AuditEntry.objects.get(object_type="accounts.notification", object_id=str(delivered.pk))
    assert entry.actor == user and entry.changes["resent"] == [None, True]
    assert not AuditEntry.objects.filter(
        object_type="accounts.notification", object_id=str(settled.pk)
    ).exists()

    assert services.notification_email_deliver(delivered.pk) is True  # e-mailed again
    assert [m.to for m in mail.outbox] == [[anna.email], [anna.email]]


def test_a_notification_or_digest_the_server_refuses_goes_to_the_outbox_to_be_tried_again(
    refusing_mail_server, settings
):
    """Their first try is direct; a failed one leaves the whole e-mail (both parts, headers,
    the unsubscribe link) to the outbox's limited tries, and the sweeper does not send the
    notification a second way."""
    settings.EMAIL_RETRY_BACKOFF = 60
    anna = ProfileFactory(user__email="anna.kowalska@example.org").user
    digest_person = ProfileFactory(email_mode=EmailMode.DIGEST).user
    notification = services.notify(
        recipient=anna, kind=NotificationKind.APPLICATION_ACCEPTED,
        params={"network": "Sieć"}, url="/",
    )  # fmt: skip
    services.notify(
        recipient=digest_person, kind=NotificationKind.APPLICATION_ACCEPTED,
        params={"network": "Sieć"}, url="/",
    )  # fmt: skip
    tried_at = timezone.now()
    assert services.notification_email_deliver(notification.pk) is True  # handed on
    assert services.digest_send(digest_person.pk) == 1
    assert refusing_mail_server.refused == 2
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert services.relay_unsent(dt.timedelta(0)) == 0  # nothing due yet, either way
    left = OutgoingEmail.objects.get(to=[anna.email])
    assert left.attempts == 1 and "SMTPConnectError" in left.last_error
    assert_waits(left, tried_at, 60)
    assert left.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert [kind for _content, kind in left.alternatives] == ["text/html"]
    digest = OutgoingEmail.objects.get(to=[digest_person.email])
    assert digest.attempts == 1 and "List-Unsubscribe" in digest.headers

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    assert services.relay_unsent(dt.timedelta(0)) == 2
    assert services.email_send(left.pk) is True
    (sent,) = mail.outbox
    assert sent.extra_headers["List-Unsubscribe"].startswith("<http")
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"
    assert [kind for _content, kind in sent.alternatives] == ["text/html"]


def test_news_left_to_the_outbox_is_not_sent_once_its_recipient_left_the_network(
    refusing_mail_server, settings, django_capture_on_commit_callbacks
):
    from networks.choices import ParticipationStatus
    from tests.factories import NetworkFactory, ParticipationFactory

    person = ProfileFactory().user
    network = NetworkFactory()
    with django_capture_on_commit_callbacks(execute=True):
        membership = ParticipationFactory(network=network, person=person)
        news = services.notify(
            recipient=person, kind=NotificationKind.MEETING_CHANGED,
            params={"topic": "Tylko dla sieci"}, network=network,
        )  # fmt: skip
    assert services.notification_email_deliver(news.pk) is True  # refused: left to the outbox
    left = OutgoingEmail.objects.get(to=[person.email])
    assert left.notifications == [news.pk] and left.failed_at is None

    with django_capture_on_commit_callbacks(execute=True):
        membership.status, membership.left_at = ParticipationStatus.LEFT, membership.decided_at
        membership.save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    assert services.email_send(left.pk) is False
    left.refresh_from_db()
    assert left.failed_at is not None and "may no longer read" in left.last_error
    assert not mail.outbox
