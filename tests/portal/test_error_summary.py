"""Every form of the portal answers a mistake the GOV.UK way: the title starts with "Błąd:",
a summary first in the page lists each error as a link to a field that is on the page, and
each field in error carries its message, tied to it by aria-describedby."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from networks.choices import Role
from results import services as result_services
from tests.factories import NetworkFactory, ParticipationFactory, ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    network = NetworkFactory()
    coordinator = ProfileFactory(city=None).user
    ParticipationFactory(network=network, person=coordinator, city=None, role=Role.COORDINATOR)
    expert = ProfileFactory()
    ParticipationFactory(network=network, person=expert.user, city=expert.city, role=Role.EXPERT)
    result = result_services.result_draft(
        by=expert.user, network_id=network.pk, kind="recommendation", title="Wnioski",
        summary="Skrót", body="<p>Tekst</p>",
    )  # fmt: skip
    return {
        "network": network,
        "coordinator": coordinator,
        "expert": expert.user,
        "clerk": ProfileFactory().user,
        "result": result,
    }


# (who, URL name, its arguments, what is sent: a mistake each form must name)
FORMS = {
    "login": (None, "account_login", lambda w: [], {"login": "", "password": ""}),
    "signup": (None, "account_signup", lambda w: [], {"email": "nie-adres"}),
    "password reset": (None, "account_reset_password", lambda w: [], {"email": ""}),
    "profile": ("clerk", "accounts:profile", lambda w: [], {"city": "", "email_mode": ""}),
    "account erase": ("clerk", "accounts:erase", lambda w: [], {"password": ""}),
    "network application": (
        "clerk", "networks:apply", lambda w: [w["network"].slug], {"motivation": ""},
    ),
    "meeting": ("coordinator", "meetings:schedule", lambda w: [w["network"].slug], {
        "topic": "", "agenda-TOTAL_FORMS": "1", "agenda-INITIAL_FORMS": "0",
        "agenda-0-starts_at": "o dziesiątej", "agenda-0-title": "",
    }),
    "practice": ("clerk", "practices:create", lambda w: [], {
        "title": "", "contacts-TOTAL_FORMS": "1", "contacts-INITIAL_FORMS": "0",
        "contacts-0-name": "", "contacts-0-email": "nie-adres",
    }),
    "result": ("expert", "results:create", lambda w: [w["network"].slug], {"title": ""}),
    "comment": ("expert", "results:detail", lambda w: [w["result"].pk], {"body": ""}),
    "comment reply": (
        "expert", "results:detail", lambda w: [w["result"].pk], {"body": "Tak", "parent": "x"},
    ),
}  # fmt: skip


def ids_in(page):
    return set(re.findall(r'\sid="([^"]+)"', page))


@pytest.mark.parametrize("name", FORMS)
def test_a_form_with_errors_opens_with_a_summary_linking_to_its_fields(client, world, name):
    who, url_name, arguments, data = FORMS[name]
    if who:
        client.force_login(world[who])
    response = client.post(reverse(url_name, args=arguments(world)), data)
    assert response.status_code == 200
    page = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()
    assert title.startswith("Błąd: ")
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    assert 'tabindex="-1"' in summary and "autofocus" in summary
    assert "Wystąpił problem" in summary
    # The summary comes first in main, before any message or heading.
    main = page[page.index('<main id="main"') :]
    assert main.index('class="error-summary"') < main.index("<h1")
    targets = re.findall(r'<a href="#([^"]+)">', summary)
    assert targets, "each error links to its field"
    assert set(targets) <= ids_in(page), "every link leads to a field on the page"
    for target in targets:
        field = re.search(rf'<(input|select|textarea)[^>]*\sid="{re.escape(target)}"[^>]*>', page)
        assert field, target
        described = re.search(r'aria-describedby="([^"]+)"', field.group(0))
        is_group_member = re.search(r'type="(radio|checkbox)"', field.group(0))
        if described and not is_group_member:
            assert all(part in ids_in(page) for part in described.group(1).split())


def announcements(page: str) -> int:
    """What a screen reader is made to read on load: the focused summary and any alert."""
    return page.count('class="error-summary"') + page.count('role="alert"')


@pytest.mark.parametrize("name", FORMS)
def test_each_error_is_announced_once_by_the_summary(client, world, name):
    who, url_name, arguments, data = FORMS[name]
    if who:
        client.force_login(world[who])
    page = client.post(reverse(url_name, args=arguments(world)), data).content.decode()
    assert announcements(page) == 1


def test_an_error_of_no_one_field_is_announced_once_and_shown_at_the_form(client, world):
    """A failed log-in is the form's error, not a field's: the summary says it (linking to the
    first field) and the form shows it too, as a field shows its own, without a second alert."""
    world["clerk"].set_password("dobre-haslo-2026")
    world["clerk"].save()
    page = client.post(
        reverse("account_login"), {"login": world["clerk"].email, "password": "złe-hasło"}
    ).content.decode()
    assert announcements(page) == 1
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    message = re.search(r'<ul class="errorlist nonfield">\s*<li>(.*?)</li>', page, re.S).group(1)
    assert message in summary
    form = page[page.index("<form", page.index("</div>", page.index('class="error-summary"'))) :]
    assert message in form[: form.index("</form>")]


def test_no_template_of_the_portal_raises_an_alert_of_its_own_for_form_errors():
    """The summary is the one announcement; a form's own box of errors is not an alert."""
    allowed = {"templates/allauth/elements/alert.html"}  # allauth's notes, not form errors
    root = Path(settings.BASE_DIR)
    alerts = [
        str(path.relative_to(root))
        for folder in (root / "templates", *root.glob("*/templates"))  # the project's, each app's
        for path in folder.rglob("*.html")
        if 'role="alert"' in path.read_text() and "/admin/" not in str(path)  # the admin's own
    ]
    assert set(alerts) <= allowed, alerts


def test_each_field_in_error_has_its_message_above_it_and_named_by_aria_describedby(client, world):
    client.force_login(world["coordinator"])
    url = reverse("meetings:schedule", args=[world["network"].slug])
    page = client.post(url, {"topic": ""}).content.decode()
    error = page.index('id="id_topic_error"')
    field = re.search(r'<input[^>]*name="topic"[^>]*>', page)
    assert error < field.start()
    assert "id_topic_error" in field.group(0) and 'aria-invalid="true"' in field.group(0)


def test_a_page_without_errors_has_no_summary_and_a_plain_title(client, world):
    client.force_login(world["clerk"])
    page = client.get(reverse("practices:create")).content.decode()
    assert "error-summary" not in page and "Błąd:" not in page


def test_the_english_interface_says_error_and_there_is_a_problem(client, world):
    page = client.post("/en" + reverse("account_login"), {"login": ""}).content.decode()
    assert "<title>Error: " in page and "There is a problem" in page


def test_lazy_values_of_a_page_are_not_worked_out_for_the_summary(client, world):
    """The archive hands its filter over lazily, for its cached copy; the summary leaves it
    lazy (a filter is a question, not a submitted form: its field says what is wrong)."""
    client.force_login(world["coordinator"])
    page = client.get(reverse("meetings:archive"), {"year": "dwa tysiące"}).content.decode()
    assert "Błąd:" not in page


def test_optional_fields_say_so_and_required_ones_do_not(client, world):
    client.force_login(world["coordinator"])
    page = client.get(reverse("meetings:schedule", args=[world["network"].slug])).content.decode()
    topic = re.search(r'<label for="id_topic">(.*?)</label>', page, re.S).group(1)
    capacity = re.search(r'<label for="id_capacity">(.*?)</label>', page, re.S).group(1)
    assert "opcjonalnie" not in topic and "(opcjonalnie)" in capacity
    # A filter's fields are all optional: none is marked.
    archive = client.get(reverse("meetings:archive")).content.decode()
    assert "opcjonalnie" not in archive


@pytest.mark.parametrize(
    ("who", "url_name", "arguments"),
    [
        ("coordinator", "meetings:schedule", lambda w: [w["network"].slug]),
        ("clerk", "practices:create", lambda w: []),
        ("clerk", "accounts:profile", lambda w: []),
        (None, "account_signup", lambda w: []),
    ],
)
def test_every_select_offers_a_meaningful_empty_choice(client, world, who, url_name, arguments):
    if who:
        client.force_login(world[who])
    page = client.get(reverse(url_name, args=arguments(world))).content.decode()
    assert "<select" in page
    assert "---------" not in page
    for select in re.findall(r"<select.*?</select>", page, re.S):
        first = re.search(r'<option value="">([^<]*)</option>', select)
        if first:
            assert first.group(1).startswith(("—", "–")), first.group(1)


def test_djangos_own_messages_in_the_summary_say_which_field_they_are_about(client, world):
    client.force_login(world["coordinator"])
    page = client.post(
        reverse("meetings:schedule", args=[world["network"].slug]),
        {"topic": "x" * 300, "description": "Opis\x00", "agenda-TOTAL_FORMS": "0",
         "agenda-INITIAL_FORMS": "0"},
    ).content.decode()  # fmt: skip
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    assert re.search(
        r"Temat przewodni: Upewnij się, że ta wartość ma co najwyżej \d+ znak", summary
    )
    assert "Opis: Znaki null są niedozwolone." in summary
