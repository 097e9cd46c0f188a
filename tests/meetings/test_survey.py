"""The evaluation survey after a meeting: once per person, within 14 days of its end, for
those who took part; anonymous by default (no person, no time on the answer, nothing in the
audit log); its results for the network's coordinators only, and only from five answers."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _

from accounts.choices import Function, NotificationKind
from accounts.models import Notification
from audit.models import AuditEntry
from meetings import rules, selectors, services, tasks
from meetings.choices import ReminderKind
from meetings.models import Meeting, Registration, Reminder, SurveyAnswer, SurveyTaken
from networks import services as network_services
from networks.choices import NetworkKind, Role
from tests.factories import NetworkFactory, ParticipationFactory, ProfileFactory
from tests.meetings.test_scheduling import form_data, make_meeting
from tests.meetings.test_waiting_list import member, run_at_once

pytestmark = pytest.mark.django_db


def held(network, coordinator, *, ended=dt.timedelta(days=1), **fields):
    """A meeting that ended `ended` ago (four hours long)."""
    meeting = make_meeting(network, coordinator, **fields)
    end = timezone.now() - ended
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=end - dt.timedelta(hours=4), ends_at=end)
    meeting.refresh_from_db()
    return meeting


def took_part(meeting, attended=None, person=None):
    person = person or member(meeting.network)
    Registration.objects.create(meeting=meeting, person=person, mode="in_person", attended=attended)
    return person


def answer(meeting, person, overall=4, usefulness=3, to_change="", topic_wishes=""):
    services.survey_answer(
        meeting_id=meeting.pk, person=person, overall=overall, usefulness=usefulness,
        to_change=to_change, topic_wishes=topic_wishes,
    )  # fmt: skip


def survey_url(meeting):
    return reverse("meetings:survey", args=[meeting.pk])


def results_url(meeting):
    return reverse("meetings:survey_results", args=[meeting.pk])


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# The rule


def test_who_may_answer_and_when(network, coordinator):
    meeting = held(network, coordinator)
    present, unrecorded, absent = (took_part(meeting, a) for a in (True, None, False))
    stranger = member(network)
    assert rules.can_answer_survey(present, meeting)
    assert rules.can_answer_survey(unrecorded, meeting)
    assert not rules.can_answer_survey(absent, meeting)
    assert not rules.can_answer_survey(stranger, meeting)  # a member, never registered
    assert not rules.can_answer_survey(coordinator, meeting)  # runs it, is not registered
    outsider = took_part(meeting, person=ProfileFactory().user)  # registered, not a member
    assert not rules.can_answer_survey(outsider, meeting)

    answer(meeting, present)
    refused = rules.can_answer_survey(present, meeting)
    assert not refused and refused.reason == _("You have already answered – thank you.")

    coming = make_meeting(network, coordinator)
    assert not rules.can_answer_survey(took_part(coming), coming)  # not yet held
    during = held(network, coordinator, ended=-dt.timedelta(hours=1))  # ends in an hour
    assert not rules.can_answer_survey(took_part(during), during)
    cancelled = held(network, coordinator)
    Meeting.objects.filter(pk=cancelled.pk).update(cancelled_at=timezone.now())
    cancelled.refresh_from_db()
    assert not rules.can_answer_survey(took_part(cancelled), cancelled)
    draft = held(network, coordinator)
    Meeting.objects.filter(pk=draft.pk).update(draft=True)
    draft.refresh_from_db()
    assert not rules.can_answer_survey(took_part(draft), draft)


def test_the_survey_is_open_for_14_days_after_the_end(network, coordinator):
    recent = held(network, coordinator, ended=dt.timedelta(days=13, hours=23))
    old = held(network, coordinator, ended=dt.timedelta(days=14, minutes=1))
    person = took_part(recent)
    took_part(old, person=person)
    assert rules.can_answer_survey(person, recent)
    assert not rules.can_answer_survey(person, old)
    with pytest.raises(ValidationError):
        answer(old, person)
    assert rules.survey_closes_at(recent) == recent.ends_at + dt.timedelta(days=14)


def test_someone_who_left_the_network_no_longer_answers(network, coordinator):
    meeting = held(network, coordinator)
    person = took_part(meeting)
    network_services.participation_end(participation_id=person.participations.get().pk, by=person)
    assert not rules.can_answer_survey(person, meeting)
    beat_fires()
    assert not invitations(person).exists()


# Answering: once, and anonymously by default


def test_an_anonymous_answer_keeps_no_link_to_the_person_and_no_trace_in_the_log(
    network, coordinator
):
    meeting = held(network, coordinator)
    assert meeting.survey_anonymous  # the default
    person = took_part(meeting)
    logged = AuditEntry.objects.count()
    answer(meeting, person, 5, 4, "Więcej przerw", "Budżet obywatelski")
    saved = SurveyAnswer.objects.get()
    assert saved.person is None
    assert (saved.overall, saved.usefulness, saved.to_change, saved.topic_wishes) == (
        5, 4, "Więcej przerw", "Budżet obywatelski",
    )  # fmt: skip
    assert SurveyTaken.objects.filter(meeting=meeting, person=person).count() == 1
    assert AuditEntry.objects.count() == logged
    # Nothing on the answer could tie it to the "has answered" record: no time, a random key.
    kinds = {type(field) for field in SurveyAnswer._meta.concrete_fields}
    assert not kinds & {models.DateTimeField, models.DateField, models.TimeField}
    assert isinstance(SurveyAnswer._meta.pk, models.UUIDField)

    with pytest.raises(
        ValidationError, match=re.escape(_("You have already answered – thank you."))
    ):
        answer(meeting, person, 1, 1)
    assert SurveyAnswer.objects.count() == 1


def test_a_survey_announced_as_not_anonymous_keeps_the_person(client, network, coordinator):
    meeting = held(network, coordinator)
    Meeting.objects.filter(pk=meeting.pk).update(survey_anonymous=False)
    person = took_part(meeting)
    answer(meeting, person)
    assert SurveyAnswer.objects.get().person == person


def test_whether_it_is_anonymous_changes_only_until_the_first_answer(client, network, coordinator):
    meeting = held(network, coordinator)
    client.force_login(coordinator)
    edit = reverse("meetings:edit", args=[meeting.pk])
    assert 'name="survey_anonymous"' in page(client, edit)
    local = {
        "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M"),
    }
    # A form sent without the box at all (an older page) leaves the survey as it is.
    response = client.post(edit, form_data(**local, past_confirmed="on"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.survey_anonymous
    # Unticked on the page: not anonymous.
    client.post(edit, form_data(**local, **{"survey_anonymous-shown": "1"}))
    meeting.refresh_from_db()
    assert not meeting.survey_anonymous
    client.post(edit, form_data(**local, survey_anonymous="on", **{"survey_anonymous-shown": "1"}))
    meeting.refresh_from_db()
    assert meeting.survey_anonymous

    answer(meeting, took_part(meeting))
    assert 'name="survey_anonymous"' not in page(client, edit)
    fields = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    with pytest.raises(ValidationError):
        services.meeting_update(
            meeting_id=meeting.pk, by=coordinator, **fields, survey_anonymous=False
        )
    meeting.refresh_from_db()
    assert meeting.survey_anonymous


@pytest.mark.django_db(transaction=True)
def test_two_answers_sent_at_once_by_one_person_make_one():
    network = NetworkFactory()
    coordinator = ParticipationFactory(network=network, role=Role.COORDINATOR, city=None).person
    meeting = held(network, coordinator)
    person = took_part(meeting)
    outcomes = run_at_once(*[lambda rating=rating: answer(meeting, person, rating, rating)
                             for rating in (1, 5)])  # fmt: skip
    assert sorted(type(outcome).__name__ for outcome in outcomes) == [
        "NoneType", "ValidationError",
    ]  # fmt: skip
    assert SurveyTaken.objects.filter(meeting=meeting, person=person).count() == 1
    assert SurveyAnswer.objects.filter(meeting=meeting).count() == 1


# The survey page


def test_a_participant_answers_on_the_page_once(client, network, coordinator):
    meeting = held(network, coordinator)
    person = took_part(meeting, attended=True)
    client.force_login(person)
    detail = page(client, reverse("meetings:detail", args=[meeting.pk]))
    assert f'href="{survey_url(meeting)}"' in detail
    form = page(client, survey_url(meeting))
    assert form.count("<fieldset") == 2 and form.count('type="radio"') == 10
    assert "<legend>" in form
    response = client.post(
        survey_url(meeting),
        {"overall": "4", "usefulness": "5", "to_change": "Nic", "topic_wishes": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert SurveyAnswer.objects.filter(meeting=meeting).count() == 1
    again = page(client, survey_url(meeting))
    assert escape(_("You have already answered – thank you.")) in again
    assert 'type="radio"' not in again
    detail = page(client, reverse("meetings:detail", args=[meeting.pk]))
    assert f'href="{survey_url(meeting)}"' not in detail
    response = client.post(survey_url(meeting), {"overall": "1", "usefulness": "1"})
    assert response.status_code == 302
    assert SurveyAnswer.objects.filter(meeting=meeting).count() == 1


@pytest.mark.parametrize(
    "sent",
    [
        {"overall": "0", "usefulness": "3"},
        {"overall": "6", "usefulness": "3"},
        {"overall": "abc", "usefulness": "3"},
        {"overall": "3"},
        {},
        {"overall": "3", "usefulness": "3", "to_change": "x" * 5000},
        {"overall": "3", "usefulness": "3", "topic_wishes": "y" * 100_000},
        {"overall": "\x00", "usefulness": "3"},
        {"overall": ["3", "4"], "usefulness": "3.5"},
    ],
)
def test_hostile_answers_get_clear_errors_and_are_not_saved(client, network, coordinator, sent):
    meeting = held(network, coordinator)
    client.force_login(took_part(meeting))
    response = client.post(survey_url(meeting), sent)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="error-summary"' in body and "field--error" in body
    assert not SurveyTaken.objects.exists() and not SurveyAnswer.objects.exists()


def test_a_nul_in_the_text_is_taken_out(client, network, coordinator):
    meeting = held(network, coordinator)
    client.force_login(took_part(meeting))
    response = client.post(
        survey_url(meeting), {"overall": "3", "usefulness": "2", "to_change": "a\x00b"}
    )
    assert response.status_code == 302
    assert SurveyAnswer.objects.get().to_change == "ab"


def test_those_who_may_not_answer_read_why(client, network, coordinator):
    meeting = held(network, coordinator)
    absent = took_part(meeting, attended=False)
    client.force_login(absent)
    body = page(client, survey_url(meeting))
    assert 'type="radio"' not in body
    assert escape(_("You were marked absent: the survey is for those who took part.")) in body
    response = client.post(survey_url(meeting), {"overall": "3", "usefulness": "3"})
    assert response.status_code == 302 and not SurveyAnswer.objects.exists()


# Results: coordinators only, from five answers


def test_results_stay_hidden_until_five_people_answered(client, network, coordinator):
    meeting = held(network, coordinator)
    people = [took_part(meeting) for _number in range(5)]
    ratings = [(5, 4, "Zmienić salę", ""), (4, 4, "", "Cyfryzacja"), (1, 2, "aaa krótsze", ""),
               (3, 5, "", "Budżet"), (4, 3, "łatwiej dojechać", "")]  # fmt: skip
    client.force_login(coordinator)
    for person, (overall, usefulness, change, wish) in zip(people[:4], ratings, strict=False):
        answer(meeting, person, overall, usefulness, change, wish)
    hidden = page(client, results_url(meeting))
    assert (
        escape(
            _("The results will appear once at least %(least)s people have answered; now: %(now)s.")
            % {"least": 5, "now": 4}
        )
        in hidden
    )
    assert "Zmienić salę" not in hidden and "Cyfryzacja" not in hidden
    assert "<table" not in hidden

    answer(meeting, people[4], *ratings[4])
    shown = page(client, results_url(meeting))
    assert "3,4" in shown  # overall (5+4+1+3+4)/5, Polish decimal comma
    assert "3,6" in shown  # usefulness (4+4+2+5+3)/5
    assert shown.count("<table") == 2 and shown.count('scope="row"') == 10
    assert "40%" in shown  # two of five gave 4 overall
    # Comments in Polish alphabetical order whatever their case, never as they came; no names.
    assert (
        shown.index("aaa krótsze") < shown.index("łatwiej dojechać") < shown.index("Zmienić salę")
    )
    assert shown.index("Budżet") < shown.index("Cyfryzacja")
    for person in people:
        assert person.get_full_name() not in shown


def test_a_named_survey_shows_who_wrote_each_comment(client, network, coordinator):
    meeting = held(network, coordinator)
    Meeting.objects.filter(pk=meeting.pk).update(survey_anonymous=False)
    people = [took_part(meeting) for _number in range(5)]
    for number, person in enumerate(people):
        answer(meeting, person, to_change=f"Uwaga {number}")
    client.force_login(coordinator)
    shown = page(client, results_url(meeting))
    assert people[0].get_full_name() in shown


def test_who_sees_the_results(client, network, coordinator):
    meeting = held(network, coordinator)
    participant = took_part(meeting)
    observer = ParticipationFactory(network=network, role=Role.OBSERVER).person
    other = ParticipationFactory(role=Role.COORDINATOR, city=None)
    administrator = ProfileFactory(user__is_superuser=True, user__is_staff=True).user
    network_url = reverse("meetings:network_surveys", args=[network.slug])
    for person, expected in [
        (coordinator, 200), (administrator, 200), (participant, 404), (observer, 404),
        (other.person, 404),
    ]:  # fmt: skip
        client.force_login(person)
        assert client.get(results_url(meeting)).status_code == expected, person
        assert client.get(network_url).status_code == expected, person
    client.force_login(other.person)
    assert (
        client.get(reverse("meetings:network_surveys", args=[other.network.slug])).status_code
        == 200
    )
    client.force_login(observer)
    assert client.get(survey_url(meeting)).status_code == 404
    client.logout()
    assert client.get(results_url(meeting)).status_code == 302


def test_a_leaders_meeting_survey_is_the_leaders_own(client):
    leaders = NetworkFactory(kind=NetworkKind.LEADERS)
    coordinator = ParticipationFactory(network=leaders, role=Role.COORDINATOR, city=None).person
    meeting = held(leaders, coordinator)
    leader = ProfileFactory(function=Function.PRESIDENT, verified=True)
    ParticipationFactory(network=leaders, person=leader.user, city=leader.city)
    took_part(meeting, person=leader.user)
    deputy = ProfileFactory(function=Function.DEPUTY_MAYOR)  # declared, not verified
    ParticipationFactory(network=leaders, person=deputy.user, city=deputy.city)
    took_part(meeting, person=deputy.user)
    staff = member(NetworkFactory())
    for person in (deputy.user, staff):
        client.force_login(person)
        for url in (survey_url(meeting), results_url(meeting),
                    reverse("meetings:network_surveys", args=[leaders.slug])):  # fmt: skip
            assert client.get(url).status_code == 404, (person, url)
    assert not rules.can_answer_survey(deputy.user, meeting)
    client.force_login(leader.user)
    assert client.get(survey_url(meeting)).status_code == 200
    for registration_id, starts_at in services.survey_invitations_due():
        tasks.send_survey_invitation.apply(args=[registration_id, starts_at])
    invited = Notification.objects.filter(kind=NotificationKind.MEETING_SURVEY)
    assert list(invited.values_list("recipient", flat=True)) == [leader.user.pk]


# Invitations


def beat_fires():
    """What the beat task queues, run here (the worker's path is the reminders')."""
    for registration_id, starts_at in services.survey_invitations_due():
        tasks.send_survey_invitation.apply(args=[registration_id, starts_at])


def invitations(person):
    return Notification.objects.filter(recipient=person, kind=NotificationKind.MEETING_SURVEY)


def test_each_participant_is_invited_once(network, coordinator):
    meeting = held(network, coordinator)
    present, unrecorded, absent = (took_part(meeting, a) for a in (True, None, False))
    stranger = member(network)
    answered = took_part(meeting)
    answer(meeting, answered)
    too_old = held(network, coordinator, ended=dt.timedelta(days=15))
    late = took_part(too_old)
    coming = make_meeting(network, coordinator)
    early = took_part(coming)
    beat_fires()
    beat_fires()
    assert [invitations(p).count() for p in (present, unrecorded, absent, stranger)] == [1, 1, 0, 0]
    assert [invitations(p).count() for p in (answered, late, early)] == [0, 0, 0]
    assert list(services.survey_invitations_due()) == []
    sent = Reminder.objects.filter(kind=ReminderKind.SURVEY)
    assert sorted(sent.values_list("person", flat=True)) == sorted([present.pk, unrecorded.pk])
    assert set(sent.values_list("starts_at", flat=True)) == {meeting.starts_at}
    notification = invitations(present).get()
    assert notification.url == survey_url(meeting)
    assert notification.params["anonymous"] is True
    # A task queued twice still sends once.
    registration = meeting.registrations.get(person=present)
    assert not services.survey_invite(
        registration_id=registration.pk, starts_at=meeting.starts_at.isoformat()
    )
    assert invitations(present).count() == 1


def test_the_beat_task_is_scheduled(settings):
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks.send_survey_invitations.name in names


# The meeting's page, and a fixed number of queries


def test_the_meeting_page_invites_participants_and_leads_coordinators_to_the_results(
    client, network, coordinator
):
    meeting = held(network, coordinator)
    person = took_part(meeting)
    client.force_login(person)
    detail = page(client, reverse("meetings:detail", args=[meeting.pk]))
    closes = rules.survey_closes_at(meeting)
    assert f'href="{survey_url(meeting)}"' in detail
    assert results_url(meeting) not in detail
    assert date_format(timezone.localtime(closes), "j E Y") in detail
    client.force_login(coordinator)
    detail = page(client, reverse("meetings:detail", args=[meeting.pk]))
    assert f'href="{results_url(meeting)}"' in detail
    assert reverse("meetings:network_surveys", args=[network.slug]) in detail


def test_results_pages_read_a_fixed_number_of_queries(
    client, network, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    meeting = held(network, coordinator)
    for number in range(5):
        answer(meeting, took_part(meeting), to_change=f"Uwaga {number}", topic_wishes="Temat")
    network_url = reverse("meetings:network_surveys", args=[network.slug])
    with django_assert_max_num_queries(30) as few:
        client.get(results_url(meeting))
    with django_assert_max_num_queries(30) as few_rows:
        client.get(network_url)
    for number in range(10):
        answer(meeting, took_part(meeting), to_change=f"Więcej {number}", topic_wishes="Inny")
    for days in (30, 60, 90):
        other = held(network, coordinator, ended=dt.timedelta(days=days))
        for _number in range(5):
            SurveyAnswer.objects.create(meeting=other, overall=3, usefulness=3, to_change="x")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(results_url(meeting))
    with django_assert_max_num_queries(len(few_rows.captured_queries)):
        body = page(client, network_url)
    assert body.count(f'href="{reverse("meetings:survey_results", args=[meeting.pk])}"') == 1


def test_the_network_means_count_only_meetings_shown(client, network, coordinator):
    shown = held(network, coordinator)
    for _number in range(5):
        SurveyAnswer.objects.create(meeting=shown, overall=4, usefulness=2)
    hidden = held(network, coordinator, ended=dt.timedelta(days=100))
    for _number in range(4):
        SurveyAnswer.objects.create(meeting=hidden, overall=1, usefulness=1)
    surveys = selectors.network_surveys(coordinator, network)
    assert (surveys.answers, surveys.overall, surveys.usefulness) == (5, 4, 2)
    rows = {m.pk: m for m in surveys.meetings}
    assert rows[shown.pk].shown and not rows[hidden.pk].shown
    assert rows[hidden.pk].overall is None
    client.force_login(coordinator)
    body = page(client, reverse("meetings:network_surveys", args=[network.slug]))
    assert "4,0" in body and "2,0" in body and "1,0" not in body
