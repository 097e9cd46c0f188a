"""The outbox keeps password-reset and confirmation links only as long as it must: sent
e-mails go after 7 days; one that keeps failing is given up (attempts, last error, when) and
goes 30 days later, shown meanwhile to administrators without its body; an erased account's
e-mails go at once."""

import datetime as dt
import smtplib

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services, tasks
from accounts.models import OutgoingEmail
from accounts.personal_data import account_erase
from empirie.celery import app as celery_app
from tests.factories import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db
RESET_LINK = "http://127.0.0.1:8000/konto/password/reset/key/1a-sekret/"


class RefusingEmailBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"anna@example.org": (550, b"No such user")})


@pytest.fixture
def refusing_mail_server(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingEmailBackend"


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


def test_a_failed_try_is_recorded_and_raised_for_the_task_to_retry(refusing_mail_server):
    email = outbox_email()
    for _try in range(2):
        # An OSError, as every SMTP error is: the task's autoretry_for catches it.
        with pytest.raises(OSError):
            services.email_send(email.pk)
    email.refresh_from_db()
    assert email.attempts == 2
    assert "SMTPRecipientsRefused" in email.last_error and "No such user" in email.last_error
    assert email.sent_at is None and email.failed_at is None  # the sweeper tries again later


def test_an_e_mail_failing_for_a_day_is_given_up_and_no_longer_tried(refusing_mail_server):
    young = outbox_email(attempts=20)  # many tries, but within its first day: tried again
    with pytest.raises(smtplib.SMTPException):
        services.email_send(young.pk)
    young.refresh_from_db()
    assert young.failed_at is None

    old = outbox_email(ago=dt.timedelta(days=2), attempts=services.EMAIL_MAX_ATTEMPTS - 1)
    assert services.email_send(old.pk) is False  # given up: not raised, so no more retries
    old.refresh_from_db()
    assert old.failed_at is not None and old.attempts == services.EMAIL_MAX_ATTEMPTS
    assert old.sent_at is None

    OutgoingEmail.objects.filter(pk=young.pk).delete()
    assert services.relay_unsent(dt.timedelta(0)) == 0  # the sweeper leaves it alone
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.email_send(old.pk) is False  # even once the server would take it
    assert not mail.outbox


def test_administrators_see_given_up_e_mails_without_their_body():
    given_up = outbox_email(
        to=["zly-adres@example.org"], attempts=12, last_error="SMTPRecipientsRefused: 550",
        failed_at=timezone.now(),
    )  # fmt: skip
    outbox_email(to=["w-drodze@example.org"])  # still being tried: not listed
    administrator = Client()
    administrator.force_login(UserFactory(is_staff=True, is_superuser=True))
    changelist = reverse("admin:accounts_outgoingemail_changelist")
    page = administrator.get(changelist).content.decode()
    assert "zly-adres@example.org" in page and "SMTPRecipientsRefused: 550" in page
    assert "w-drodze@example.org" not in page
    assert RESET_LINK not in page and "sekret" not in page
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
