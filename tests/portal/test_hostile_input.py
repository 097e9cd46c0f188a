"""Hostile input to every URL and form the portal has: script tags, SQL fragments, overlong,
malformed and wrongly typed values, other networks' ids. Never a 500, never a script echoed
unescaped, never another network's object changed by someone outside it.

The URLs come from the permission matrix (tests/networks/test_permission_matrix.py), which
itself fails when a URL has no row, so a new page is in this barrage from its first day."""

import hashlib
import json

import pytest
from django.urls import reverse

from accounts.models import Profile
from meetings.models import Meeting, Registration
from networks.models import Participation
from practices.models import Practice
from results.models import Comment, Result
from tests.networks.test_permission_matrix import CA, CT, MATRIX, OB, S, V, world  # noqa: F401

SCRIPT = "<script>alert('empirie')</script>"
HOSTILE = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "1; DROP TABLE accounts_user; --",
    "\x00",
    # Beyond every limit it could meet (a form field's length, PostgreSQL's 2,047-byte word
    # and 2,704-byte index row: 8,000 bytes), in each of the parameters at once.
    "ą" * 4_000,
    "-1",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "../../../../etc/passwd",
    "２０２６",
    "   ",
    "%",
    "2026-02-30T25:61",
    "[]",
]
# Every query parameter any page reads, and every form field any form has.
PARAMETERS = [
    "page", "q", "network", "year", "quarter", "city", "format", "voivodeship", "population",
    "category", "unit_type", "osoby", "miasta", "opinie", "next", "kind", "stage", "size",
    "strona", "state", "wpis", "cytat", "odbiorcy", "when", "is_zmp_member", "programme_status",
]  # fmt: skip
FIELDS = [
    "title", "summary", "body", "presentation", "motivation", "reason", "decision", "topic",
    "description", "starts_at", "ends_at", "format", "host_city", "venue_address", "online_url",
    "capacity", "registration_deadline", "agenda", "mode", "caption", "city", "function",
    "email_mode", "category", "networks", "tags", "parent", "stage", "kind", "level", "password",
    "confirm", "language", "next", "minutes", "file", "photo", "website", "postal_code",
    "inhabitants", "implementing_unit", "restricted_to_networks", "same_quarter_confirmed",
    "to_stage", "attended", "recipient_city", "note", "contacts", "login", "email",
    "audience", "feedback_until", "pinned_until", "quoted", "post", "watching", "locked", "until",
    "new_threads", "name", "code",
]  # fmt: skip
ROLES_TRIED = [V, S, CA]


def urls(arguments):
    for name, samples in MATRIX.items():
        for sample, _expected in samples:
            yield name, reverse(name, kwargs=arguments[sample])


def assert_safe(response, url):
    if response.status_code == 503 and url.startswith(reverse("healthz_ready")):
        return  # the ready check's answer while no Celery worker runs, not a server error
    assert response.status_code < 500, f"{url}: {response.status_code}"
    if response.get("Content-Type", "").startswith("text/html"):
        assert SCRIPT not in response.content.decode(errors="replace"), f"{url} echoes a script"


def state_of_the_networks():
    """A fingerprint of everything a decision, a cancellation, a moderation or an edit
    changes; equal before and after means nothing was changed."""
    rows = [
        list(
            Participation.objects.order_by("pk").values_list("pk", "status", "role", "motivation")
        ),
        list(
            Meeting.objects.order_by("pk").values_list("pk", "topic", "starts_at", "cancelled_at")
        ),
        list(Registration.objects.order_by("pk").values_list("pk", "person_id", "attended")),
        list(Result.objects.order_by("pk").values_list("pk", "title", "stage", "body")),
        list(Comment.objects.order_by("pk").values_list("pk", "body", "hidden_at", "deleted_at")),
        list(Practice.objects.order_by("pk").values_list("pk", "title", "status")),
        list(Profile.objects.order_by("pk").values_list("pk", "function", "function_status")),
    ]
    return hashlib.sha256(json.dumps(rows, default=str).encode()).hexdigest()


@pytest.mark.parametrize("role", ROLES_TRIED)
def test_hostile_query_parameters_never_break_a_page(client, world, role):  # noqa: F811
    people, arguments = world
    if role != V:
        client.force_login(people[role])
    for _name, url in urls(arguments):
        for value in HOSTILE[:11]:
            response = client.get(url, dict.fromkeys(PARAMETERS, value))
            assert_safe(response, url)
        # The same parameter many times, and a query string that is not one.
        assert_safe(client.get(url, {"page": ["1", "2", SCRIPT]}), url)
        assert_safe(client.get(f"{url}?%E0%A4%A=&&==;page=%FF"), url)


@pytest.mark.parametrize("role", [S, OB, CA])
def test_hostile_forms_never_break_and_outsiders_change_nothing(client, world, role):  # noqa: F811
    """Everyone outside the thematic network's running (staff member, observer, another
    network's coordinator) posts hostile and plausible data to every URL: no 500, and the
    networks' state is exactly as before."""
    people, arguments = world
    client.force_login(people[role])
    before = state_of_the_networks()
    for name, url in urls(arguments):
        if name in {"account_logout", "accounts:erase", "set_language"}:
            continue  # they act on the poster's own session or account, tested elsewhere
        for value in (*HOSTILE[:4], "1", str(people[CT].pk)):
            assert_safe(client.post(url, dict.fromkeys(FIELDS, value)), url)
        # Wrong types: JSON where a form is expected, a file where text is, a list of values.
        assert_safe(client.post(url, '{"title": [1, 2]}', content_type="application/json"), url)
        assert_safe(client.post(url, {"title": ["a", "b"], "file": "not a file"}), url)
    if role == CA:
        assert state_of_the_networks() == before
    else:
        # Staff and observers may do their own things (register, comment); never decide.
        assert Participation.objects.filter(status="applied").count() == 2
        assert not Meeting.objects.filter(cancelled_at__isnull=False).exists()
        assert not Comment.objects.filter(hidden_at__isnull=False).exists()


def test_the_coordinator_posting_hostile_data_gets_reasons_not_errors(client, world):  # noqa: F811
    """The coordinator of the network may change things; hostile values must be refused with
    the form again (200) or accepted as plain text, never a 500 or a script on the page."""
    people, arguments = world
    client.force_login(people[CT])
    for name, url in urls(arguments):
        if name in {"account_logout", "accounts:erase", "set_language"}:
            continue
        for value in HOSTILE[:4]:
            assert_safe(client.post(url, dict.fromkeys(FIELDS, value)), url)
            assert_safe(client.get(url), url)
