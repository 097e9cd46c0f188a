"""Errors reported: to Sentry with no personal data when SENTRY_DSN is set (proved through
sentry-sdk itself, with a transport that keeps the envelopes here), else e-mailed to ADMINS."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sentry_sdk
from django.test import Client
from django.urls import path
from sentry_sdk.transport import Transport

from empirie import sentry
from empirie.urls import urlpatterns as portal_urlpatterns
from tests.factories import ProfileFactory

ROOT = Path(__file__).resolve().parent.parent.parent

# The person logged in, someone else named in the form, and an address in the query.
FIRST, LAST, EMAIL = "Grażyna", "Przybylska", "grazyna.przybylska@gmina.example.pl"
OTHER = "jan.nowak@urzad.example.pl"


def failing_view(request):
    email = request.POST.get("email", "")
    logging.getLogger("tests.errors").warning("Szukam konta %s dla %s", email, FIRST)
    raise ValueError(f"Nie ma konta {email} ({request.user.get_full_name()}, {EMAIL})")


# The portal's own, for the error page's links, and the failing page.
urlpatterns = [path("blad/", failing_view), *portal_urlpatterns]
handler500 = "empirie.views.server_error"


class KeptEnvelopes(Transport):
    """A Sentry transport that sends nothing anywhere: it keeps what would have been sent."""

    envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)


@pytest.fixture
def sentry_on():
    KeptEnvelopes.envelopes = []
    sentry.init("https://public@sentry.invalid/1", transport=KeptEnvelopes)
    try:
        yield KeptEnvelopes.envelopes
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.get_global_scope().set_client(None)


def events(envelopes):
    return [item.get_event() for e in envelopes for item in e.items if item.get_event()]


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_an_error_reaches_sentry_without_emails_or_names(sentry_on, mailoutbox, caplog):
    person = ProfileFactory(user__first_name=FIRST, user__last_name=LAST, user__email=EMAIL).user
    client = Client(raise_request_exception=False)
    client.force_login(person)
    response = client.post(
        f"/blad/?kontakt={OTHER}&strona=2",
        {"email": OTHER, "first_name": "Jan", "last_name": "Nowak", "comment": f"Od {EMAIL}"},
    )
    assert response.status_code == 500
    sentry_sdk.flush()
    [event] = events(sentry_on)
    [exception] = event["exception"]["values"]
    assert exception["type"] == "ValueError"
    assert exception["value"] == "Nie ma konta [email] ([name], [email])"
    everything = json.dumps(event, ensure_ascii=False).lower()
    for personal in (EMAIL, OTHER, "%40", FIRST, LAST, "grazyna", "przybylska", "nowak"):
        assert personal.lower() not in everything, personal
    assert event["user"] == {"id": person.pk}
    data = event["request"]["data"]
    assert data["first_name"] == data["last_name"] == data["email"] == "[Filtered]"
    assert data["comment"] == "Od [email]"
    assert "cookies" not in event["request"]
    crumbs = [c.get("message") for c in event["breadcrumbs"]["values"]]
    assert "Szukam konta [email] dla [name]" in crumbs
    assert event["tags"]["request_id"] == response["X-Request-ID"]
    assert mailoutbox == []  # with Sentry, no e-mail to the administrators
    [line] = [r for r in caplog.records if r.name == "empirie.requests"]
    assert (line.status, line.user_id) == (500, person.pk)


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_without_sentry_an_error_is_emailed_to_the_admins(settings, mailoutbox):
    settings.ADMINS = [("Dyżurny", "dyzurny@miasta.example.pl")]
    client = Client(raise_request_exception=False)
    assert client.post("/blad/", {"email": OTHER}).status_code == 500
    [mail] = mailoutbox
    assert mail.to == ["dyzurny@miasta.example.pl"]
    assert "ValueError" in mail.subject + mail.body


def settings_seen_with(**environment):
    """The settings a process started with these variables gets (ADMINS, whether Sentry is
    on, who handles Django's errors)."""
    code = (
        "import django, json, logging, sentry_sdk; django.setup();"
        "from django.conf import settings;"
        "print(json.dumps({'admins': settings.ADMINS, 'sentry': sentry_sdk.get_client().is_active(),"
        "'handlers': [type(h).__name__ for h in logging.getLogger('django').handlers],"
        "'pii': sentry_sdk.get_client().options.get('send_default_pii')}))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "empirie.settings.test", **environment}
    env = {k: v for k, v in env.items() if v is not None}
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.splitlines()[-1])


def test_the_environment_chooses_sentry_or_mail():
    with_mail = settings_seen_with(
        SENTRY_DSN=None, ADMINS="Anna Dyżurna <anna@miasta.example.pl>, ops@miasta.example.pl"
    )
    assert with_mail["admins"] == [
        ["Anna Dyżurna", "anna@miasta.example.pl"],
        ["ops@miasta.example.pl", "ops@miasta.example.pl"],
    ]
    assert with_mail["sentry"] is False
    assert "AdminEmailHandler" in with_mail["handlers"]
    with_sentry = settings_seen_with(SENTRY_DSN="https://public@sentry.invalid/1", ADMINS=None)
    assert with_sentry["sentry"] is True
    assert with_sentry["pii"] is False
    assert "AdminEmailHandler" not in with_sentry["handlers"]
