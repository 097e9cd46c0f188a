"""The agenda is rows of fields (time, topic, speaker) with "add another" and "remove", which
work without JavaScript; a meeting set in the past is scheduled only once confirmed."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.choices import MeetingFormat
from meetings.models import Meeting
from networks.choices import Role
from tests.factories import NetworkFactory, ParticipationFactory
from tests.meetings.test_scheduling import agenda_rows, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return NetworkFactory()


@pytest.fixture
def coordinator(network):
    return ParticipationFactory(network=network, role=Role.COORDINATOR, city=None).person


def test_a_new_meeting_offers_empty_agenda_rows_with_labelled_fields(client, network, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("meetings:schedule", args=[network.slug])).content.decode()
    assert 'name="agenda-TOTAL_FORMS" value="3"' in page
    assert '<legend class="row__title" data-row-title>Punkt programu 1</legend>' in page
    assert '<label for="id_agenda-0-starts_at">Godzina:</label>' in page
    assert 'type="time"' in page and "Prowadzący" in page
    assert "Dodaj kolejny punkt programu" in page and "Usuń ten wiersz" in page
    assert "|" not in re.search(r'<fieldset class="rows".*?</fieldset>', page, re.S).group(0)


def test_add_another_without_javascript_keeps_everything_typed_and_checks_nothing(
    client, network, coordinator
):
    client.force_login(coordinator)
    data = form_data(topic="", **agenda_rows(("10:00", "Powitanie", "Koordynator"), extra=0))
    data["add-row"] = "agenda"
    response = client.post(reverse("meetings:schedule", args=[network.slug]), data)
    page = response.content.decode()
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert 'name="agenda-TOTAL_FORMS" value="2"' in page
    assert 'value="Powitanie"' in page and 'value="Koordynator"' in page
    assert 'value="Rynek 1, Przemyśl"' in page
    # Nothing was checked yet: no summary, although the topic is still empty.
    assert "error-summary" not in page and "Błąd:" not in page
    # The new row's time takes the focus when the page comes back.
    new_row = re.search(r'<input[^>]*name="agenda-1-starts_at"[^>]*>', page).group(0)
    assert "autofocus" in new_row


def test_empty_rows_are_ignored_and_removed_rows_are_not_saved(client, network, coordinator):
    client.force_login(coordinator)
    data = form_data(
        **agenda_rows(
            ("10:00", "Powitanie", ""), ("", "", ""), ("11:00", "Do usunięcia", ""), extra=1
        )
    )
    data["agenda-2-DELETE"] = "on"
    response = client.post(reverse("meetings:schedule", args=[network.slug]), data)
    assert response.status_code == 302
    assert [i.title for i in Meeting.objects.get().agenda.all()] == ["Powitanie"]


def test_an_agenda_items_topic_is_one_line(client, network, coordinator):
    client.force_login(coordinator)
    data = form_data(**agenda_rows(("10:00", "Powitanie\r\ngości ", "Koordynator"), extra=0))
    assert client.post(reverse("meetings:schedule", args=[network.slug]), data).status_code == 302
    assert [i.title for i in Meeting.objects.get().agenda.all()] == ["Powitanie gości"]


def test_a_removed_row_with_mistakes_does_not_stop_the_save(client, network, coordinator):
    client.force_login(coordinator)
    data = form_data(**agenda_rows(("o dziesiątej", "", "ktoś"), extra=0))
    data["agenda-0-DELETE"] = "on"
    assert client.post(reverse("meetings:schedule", args=[network.slug]), data).status_code == 302
    assert not Meeting.objects.get().agenda.exists()


def test_each_row_says_its_own_mistake_and_keeps_its_text(client, network, coordinator):
    client.force_login(coordinator)
    data = form_data(**agenda_rows(("10:00", "Powitanie", ""), ("o dziesiątej", "", "Ewa")))
    response = client.post(reverse("meetings:schedule", args=[network.slug]), data)
    page = response.content.decode()
    assert response.status_code == 200 and not Meeting.objects.exists()
    rows = response.context["form"].agenda_rows
    assert rows.errors[0] == {}
    assert rows.errors[1] == {
        "starts_at": ["Podaj godzinę w postaci godzin i minut, np. 10:00."],
        "title": ["Podaj temat punktu."],
    }
    assert 'href="#id_agenda-1-starts_at">Punkt programu 2: Podaj godzinę' in page
    assert 'value="o dziesiątej"' in page and 'value="Ewa"' in page


def sent_back_unchanged(client, meeting):
    """The meeting's edit page's address and its form's fields as the page would send them
    back unchanged (the agenda rows apart)."""
    url = reverse("meetings:edit", args=[meeting.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields if name != "host_city"}
    data["starts_at"] = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M")
    data["ends_at"] = timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M")
    return url, data


def test_editing_shows_the_agenda_as_rows_and_saves_the_change(client, network, coordinator):
    meeting = services.meeting_schedule(
        network_id=network.pk, by=coordinator, topic="Spotkanie",
        starts_at=timezone.now() + dt.timedelta(days=30),
        ends_at=timezone.now() + dt.timedelta(days=30, hours=3),
        format=MeetingFormat.ONLINE, online_url="https://spotkanie.example.org/1",
        agenda=[{"starts_at": dt.time(9, 30), "title": "Kawa", "speaker": "Gospodarz"}],
    )  # fmt: skip
    client.force_login(coordinator)
    url, data = sent_back_unchanged(client, meeting)
    page = client.get(url).content.decode()
    assert 'name="agenda-TOTAL_FORMS" value="2"' in page
    assert 'name="agenda-0-starts_at" value="09:30"' in page and 'value="Gospodarz"' in page
    data |= agenda_rows(("09:30", "Kawa", "Gospodarz"), ("10:00", "Obrady", ""), extra=0)
    data["agenda-0-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert [(i.starts_at, i.title) for i in meeting.agenda.all()] == [(dt.time(10), "Obrady")]


def test_a_hand_made_row_count_is_refused_not_a_crash(client, network, coordinator):
    client.force_login(coordinator)
    for count in ["x", "-1", "100000"]:
        data = form_data(**{"agenda-TOTAL_FORMS": count}, **{"add-row": "agenda"})
        assert (
            client.post(reverse("meetings:schedule", args=[network.slug]), data).status_code < 500
        )
        data.pop("add-row")
        response = client.post(reverse("meetings:schedule", args=[network.slug]), data)
        assert response.status_code < 500
    assert not Meeting.objects.filter(agenda__isnull=False).exists()


def test_a_negative_row_count_never_empties_the_agenda(client, network, coordinator):
    """Read as no rows, a forged count of -1 would remove every agenda item (and tell the
    participants of the change): it is an error on the page instead."""
    meeting = services.meeting_schedule(
        network_id=network.pk, by=coordinator, topic="Spotkanie",
        starts_at=timezone.now() + dt.timedelta(days=30),
        ends_at=timezone.now() + dt.timedelta(days=30, hours=3),
        format=MeetingFormat.ONLINE, online_url="https://spotkanie.example.org/1",
        agenda=[{"starts_at": dt.time(9, 30), "title": "Kawa", "speaker": "Gospodarz"}],
    )  # fmt: skip
    client.force_login(coordinator)
    url, data = sent_back_unchanged(client, meeting)
    data |= agenda_rows(("09:30", "Kawa", "Gospodarz"), extra=0)
    data["agenda-TOTAL_FORMS"] = "-1"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Wiersze listy wróciły uszkodzone" in response.content.decode()
    assert [item.title for item in meeting.agenda.all()] == ["Kawa"]


def test_a_meeting_in_the_past_asks_for_confirmation_keeping_all_data(client, network, coordinator):
    client.force_login(coordinator)
    url = reverse("meetings:schedule", args=[network.slug])
    data = form_data(starts_at="2024-03-10T10:00", ends_at="2024-03-10T15:00")
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert "Tak, zaplanuj spotkanie w przeszłości" in page
    assert "Spotkanie zaczynałoby się w przeszłości, 10 marca 2024, 10:00." in page
    assert 'href="#id_past_confirmed"' in page
    assert 'value="Cyfrowy urząd"' in page and 'value="Powitanie"' in page
    assert 'value="2024-03-10T10:00"' in page
    assert client.post(url, {**data, "past_confirmed": "on"}).status_code == 302
    assert Meeting.objects.get().starts_at.year == 2024


def test_a_meeting_in_the_future_is_not_asked_about_the_past(client, network, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("meetings:schedule", args=[network.slug]), form_data())
    assert response.status_code == 302


def test_correcting_a_past_meeting_without_moving_it_is_not_asked_again(
    client, network, coordinator
):
    start = timezone.now() - dt.timedelta(days=10)
    meeting = services.meeting_schedule(
        network_id=network.pk, by=coordinator, topic="Było", starts_at=start,
        ends_at=start + dt.timedelta(hours=2), format=MeetingFormat.ONLINE,
        online_url="https://spotkanie.example.org/1",
    )  # fmt: skip
    client.force_login(coordinator)
    url, data = sent_back_unchanged(client, meeting)
    data |= agenda_rows(extra=1)
    data["topic"] = "Było i minęło"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert Meeting.objects.get().topic == "Było i minęło"
    # Moved to another past date: asked.
    data["starts_at"] = (timezone.localtime(start) - dt.timedelta(days=1)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    assert client.post(url, data).status_code == 200


def test_a_removed_row_stays_hidden_when_the_form_comes_back(client, network, coordinator):
    client.force_login(coordinator)
    data = form_data(topic="", **agenda_rows(("10:00", "Powitanie", ""), ("11:00", "Precz", "")))
    data["agenda-1-DELETE"] = "on"
    page = client.post(reverse("meetings:schedule", args=[network.slug]), data).content.decode()
    rows = re.findall(r"<li class=\"rows__row\" data-row( hidden)?>", page)
    assert rows == ["", " hidden", "", ""]  # the last is the script's template of a new row
    assert 'value="Precz"' in page  # still sent, so that it stays removed


def test_a_missing_venue_is_said_at_its_field_even_with_other_errors(client):
    from meetings.forms import MeetingForm
    from tests.factories import NetworkFactory

    form = MeetingForm({"format": "hybrid", "topic": ""}, network=NetworkFactory())
    assert not form.is_valid()
    assert "venue_address" in form.errors and "online_url" in form.errors
    assert not form.non_field_errors()


def test_after_a_removed_row_the_errors_number_the_rows_as_the_page_shows_them(
    client, network, coordinator
):
    """Row 1 removed, row 2 without its time: the error is about "Punkt programu 1", the
    only row the page still shows."""
    client.force_login(coordinator)
    data = form_data(**agenda_rows(("09:00", "Kawa", ""), ("", "Obrady", ""), extra=0))
    data["agenda-0-DELETE"] = "on"
    page = client.post(reverse("meetings:schedule", args=[network.slug]), data).content.decode()
    assert "Punkt programu 1: " in page and "Punkt programu 2" not in page
