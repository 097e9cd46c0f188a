"""The client's address (empirie.addresses): the connection's without proxies, whatever the
client sends; the N-th entry from the right of X-Forwarded-For behind N proxies; the
connection's for a header our proxies cannot have written. And every user of the address
reads it there: the audit log, allauth (failed log-ins, the sessions list), the API's limit."""

import os
import subprocess
import sys

import pytest
from allauth.account.adapter import get_adapter
from allauth.usersessions.models import UserSession
from django.conf import settings as django_settings
from django.test import Client, RequestFactory
from django.urls import reverse

from audit.models import AuditEntry
from empirie.addresses import address_from, client_address
from tests.factories import PASSWORD, ProfileFactory

PROXY = "10.0.0.5"  # the nearest proxy, as the connection's address


def address(proxies, forwarded=None, remote=PROXY, settings=None):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


def test_without_proxies_a_forwarded_for_the_client_sent_is_ignored(settings):
    assert address(0, None, "203.0.113.9", settings) == "203.0.113.9"
    assert address(0, "198.51.100.1", "203.0.113.9", settings) == "203.0.113.9"
    assert address(0, "198.51.100.1, 192.0.2.2", "203.0.113.9", settings) == "203.0.113.9"


def test_behind_one_proxy_the_last_entry_is_the_client(settings):
    assert address(1, "203.0.113.9", settings=settings) == "203.0.113.9"
    # Whatever the client put before it, the proxy appended the address it came from.
    assert address(1, "198.51.100.1, 203.0.113.9", settings=settings) == "203.0.113.9"
    assert address(1, "evil, 1.2.3.4,,203.0.113.9", settings=settings) == "203.0.113.9"


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(settings):
    # The load balancer wrote the client; nginx wrote the load balancer.
    assert address(2, "203.0.113.9, 10.0.0.2", settings=settings) == "203.0.113.9"
    assert address(2, "198.51.100.1, 203.0.113.9, 10.0.0.2", settings=settings) == "203.0.113.9"


def test_a_header_shorter_than_the_proxies_falls_back_to_the_connection(settings):
    """One entry behind two proxies: a request that came past the load balancer, and the
    entry may be the client's own; the connection's address is all that can be trusted."""
    assert address(2, "203.0.113.9", settings=settings) == PROXY
    assert address(1, None, settings=settings) == PROXY
    assert address(1, "", settings=settings) == PROXY
    assert address(3, "203.0.113.9, 10.0.0.2", settings=settings) == PROXY


@pytest.mark.parametrize(
    "garbage",
    ["unknown", "203.0.113.999", "<script>", "203.0.113.9 198.51.100.1", "x" * 500,
     "1.2.3.4:port", "[2001:db8::1", "2001:db8::g", "٢٠٣.0.113.9", "1.2.3.4%eth0", " , "],
)  # fmt: skip
def test_a_value_that_is_no_address_falls_back_to_the_connection(settings, garbage):
    assert address(1, garbage, settings=settings) == PROXY
    assert address(2, f"{garbage}, 10.0.0.2", settings=settings) == PROXY


def test_ipv6_clients_and_addresses_with_ports(settings):
    assert address(1, "2001:DB8:0:0::1", settings=settings) == "2001:db8::1"
    assert address(1, "[2001:db8::1]:443", settings=settings) == "2001:db8::1"
    assert address(1, "fe80::1%eth0", settings=settings) == "fe80::1"
    assert address(1, "203.0.113.9:51234", settings=settings) == "203.0.113.9"
    assert address(1, "::ffff:203.0.113.9", settings=settings) == "203.0.113.9"
    assert address(2, "2001:db8::7, 2001:db8::1", settings=settings) == "2001:db8::7"
    assert address(0, "203.0.113.9", "2001:db8::5", settings) == "2001:db8::5"
    assert address(1, "2001:db8::7", "::ffff:10.0.0.5", settings) == "2001:db8::7"


def test_no_connection_address_and_nothing_trusted_is_none(settings):
    assert address(0, "203.0.113.9", "", settings) is None
    assert address(1, "garbage", "", settings) is None
    assert address_from("") is None


def test_the_setting_is_a_number_of_proxies_or_the_portal_does_not_start():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "empirie.settings.test"}
    code = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"

    def start(value):
        return subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=django_settings.BASE_DIR, capture_output=True, text=True,
            env={**environment, "TRUSTED_PROXY_COUNT": value},
        )  # fmt: skip

    assert start("2").stdout.strip() == "2"  # allauth counts the same proxies
    for wrong in ("-1", "one", "1.5"):
        refused = start(wrong)
        assert refused.returncode != 0
        assert "TRUSTED_PROXY_COUNT must be the number of proxies" in refused.stderr


def test_the_audit_log_records_the_client_behind_the_proxy_and_never_a_forged_one(
    client, settings, db
):
    person = ProfileFactory(city=None).user
    client.force_login(person)

    def save_profile(email_mode, **headers):
        saved = client.post(
            reverse("accounts:profile"),
            {"function": person.profile.function, "email_mode": email_mode, "language": "pl"},
            **headers,
        )
        assert saved.status_code == 302
        return AuditEntry.objects.filter(
            object_type="accounts.profile", action=AuditEntry.Action.CHANGED
        ).latest("pk")

    settings.TRUSTED_PROXY_COUNT = 0
    entry = save_profile("digest", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.66")
    assert entry.ip == "203.0.113.9" and entry.changes["email_mode"][1] == "digest"
    settings.TRUSTED_PROXY_COUNT = 1
    entry = save_profile("none", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.66, 2001:db8::9")
    assert entry.ip == "2001:db8::9"


def test_allauth_counts_and_records_the_same_address(settings, db):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert get_adapter(request).get_client_ip(request) == "203.0.113.9"

    person = ProfileFactory(city=None).user
    browser = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.66, 198.51.100.4")
    answer = browser.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert answer.status_code == 302
    assert UserSession.objects.get(user=person).ip == "198.51.100.4"


def test_a_header_our_proxies_cannot_have_written_is_no_server_error(settings, db):
    """allauth's own reading raises ImproperlyConfigured (a 500) for a header shorter than
    the proxies; ours counts the connection's address."""
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    person = ProfileFactory(city=None).user
    browser = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-address")
    answer = browser.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert answer.status_code == 302
    assert UserSession.objects.get(user=person).ip == PROXY


def test_a_visitor_forging_a_new_forwarded_for_each_time_is_still_limited_by_the_api(settings, db):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": None, "person": None, "address": "2/minute"},
    }
    settings.TRUSTED_PROXY_COUNT = 0
    visitor = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [
        visitor.get("/api/v1/networks/", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert Client(REMOTE_ADDR="203.0.113.10").get("/api/v1/networks/").status_code == 200
