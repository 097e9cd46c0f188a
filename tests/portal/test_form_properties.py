"""Property-based tests (hypothesis) of the forms' validation: whatever is typed, a form
answers valid or invalid, never raises, and what it lets through keeps the domain's rules."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.forms import AccountEraseForm
from meetings.choices import MeetingFormat
from meetings.forms import MeetingForm
from networks.forms import ApplicationForm, DecisionForm
from results import services as result_services
from results.forms import CommentForm
from results.models import Result
from tests.factories import NetworkFactory, ParticipationFactory, UserFactory

pytestmark = pytest.mark.django_db
# Function-scoped fixtures (the database) stay the same across examples, as intended here.
EXAMPLES = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
any_text = st.text(max_size=3000)
local_moments = st.datetimes(
    min_value=dt.datetime(1999, 1, 1), max_value=dt.datetime(2100, 12, 31)
).map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M"))
form_values = st.one_of(any_text, local_moments, st.integers().map(str))


@EXAMPLES
@given(motivation=any_text)
def test_an_application_needs_20_to_2000_characters_of_motivation(motivation):
    form = ApplicationForm({"motivation": motivation})
    length = len(motivation.strip())
    if "\x00" in motivation:
        assert not form.is_valid()
    else:
        assert form.is_valid() == (20 <= length <= 2000)


@EXAMPLES
@given(decision=st.sampled_from(["accept", "refuse", "", "maybe"]) | any_text, reason=any_text)
def test_a_refusal_always_has_a_reason(decision, reason):
    form = DecisionForm({"decision": decision, "reason": reason})
    if form.is_valid():
        assert decision in ("accept", "refuse")
        assert decision == "accept" or form.cleaned_data["reason"].strip()
        assert len(form.cleaned_data["reason"]) <= 2000


@pytest.fixture
def network():
    return NetworkFactory()


@EXAMPLES
@given(
    data=st.fixed_dictionaries(
        {
            "topic": any_text,
            "description": any_text,
            "starts_at": form_values,
            "ends_at": form_values,
            "registration_deadline": st.one_of(st.just(""), form_values),
            "format": st.sampled_from([*MeetingFormat.values, "", "teleport"]),
            "host_city": st.one_of(st.just(""), st.integers().map(str)),
            "venue_address": any_text,
            "online_url": st.one_of(any_text, st.just("https://spotkanie.example.org/1")),
            "capacity": st.one_of(st.just(""), st.integers().map(str), any_text),
            "agenda-TOTAL_FORMS": st.sampled_from(["1", "2", "x"]),
            "agenda-INITIAL_FORMS": st.just("0"),
            "agenda-0-starts_at": st.one_of(form_values, st.just("10:00")),
            "agenda-0-title": any_text,
            "agenda-1-starts_at": form_values,
            "agenda-1-DELETE": st.sampled_from(["", "on"]),
            "same_quarter_confirmed": st.sampled_from(["", "on"]),
        }
    )
)
def test_a_valid_meeting_keeps_the_meeting_rules(network, data):
    form = MeetingForm(data, network=network)
    if not form.is_valid():
        # A reason, shown on the form or at one of its agenda rows.
        assert form.errors or any(
            formset.non_form_errors() or any(formset.errors) for formset in form.formsets
        )
        return
    meeting = form.cleaned_data
    assert meeting["ends_at"] > meeting["starts_at"]
    assert timezone.is_aware(meeting["starts_at"])
    if meeting["registration_deadline"]:
        assert meeting["registration_deadline"] <= meeting["starts_at"]
    if meeting["format"] != MeetingFormat.IN_PERSON:
        assert meeting["online_url"]
    if meeting["format"] != MeetingFormat.ONLINE:
        assert meeting["venue_address"].strip()
    assert meeting["capacity"] is None or meeting["capacity"] >= 1
    assert all(item["title"].strip() and item["starts_at"] for item in form.agenda())


@pytest.fixture
def result(network):
    expert = ParticipationFactory(network=network, role="expert").person
    return Result.objects.create(
        network=network, author=expert, kind="recommendation", title="Wnioski", summary="Skrót"
    )


MARKUP = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:alert(1)'>x</a>",
    "<svg onload=alert(1)>", "<iframe src=//zly.example>", "<style>*{}</style>", "<b>ważne</b>",
    "\n\n", "zażółć gęślą jaźń", "https://miasta.pl/", "<p onclick='x()'>", "&lt;script&gt;",
])  # fmt: skip
hostile_text = st.lists(st.one_of(MARKUP, st.text(max_size=40)), max_size=30).map("".join)


@EXAMPLES
@given(body=hostile_text)
def test_a_comment_is_never_empty_and_never_carries_a_script(result, body):
    form = CommentForm({"body": body}, result=result)
    if not form.is_valid():
        return
    assert form.cleaned_data["body"].strip() and len(form.cleaned_data["body"]) <= 5000
    comment = result_services.comment_add(result_id=result.pk, by=result.author, body=body)
    # Only the tags a comment may have (paragraphs, line breaks, web links), none with a
    # handler or a script address; everything else is shown as text.
    for tag, attributes in re.findall(r"<\s*/?\s*([a-zA-Z0-9]+)([^>]*)>", comment.body_html):
        assert tag.lower() in {"p", "br", "a"}, comment.body_html
        assert not re.search(r"\bon[a-z]+\s*=", attributes, re.IGNORECASE)
        for href in re.findall(r'href="([^"]*)"', attributes):
            assert href.startswith(("https://", "http://", "mailto:")), href


@EXAMPLES
@given(password=any_text, confirm=st.sampled_from(["", "on", "true", "off"]))
def test_erasing_an_account_needs_its_password_and_the_confirmation(password, confirm):
    person = UserFactory.build()
    person.set_password("Rynek-Główny-2026!")
    form = AccountEraseForm({"password": password, "confirm": confirm}, person=person)
    assert not form.is_valid() or (password == "Rynek-Główny-2026!" and confirm)
