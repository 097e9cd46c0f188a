"""Calendar files that calendar programs accept, read by two independent parsers (icalendar
and vobject): a stable UID with SEQUENCE raised on every change, DTSTAMP, the meeting's URL,
Europe/Warsaw times with their VTIMEZONE, the online link for registered participants only,
and the .ics attached to the registration's confirmation and to change and cancellation
e-mails (METHOD:CANCEL)."""

import datetime as dt
import email
import email.policy
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.choices import NotificationKind
from accounts.models import Notification, OutgoingEmail
from meetings import services
from meetings.choices import MeetingFormat
from tests.factories import CityFactory
from tests.meetings.test_scheduling import make_meeting
from tests.meetings.test_waiting_list import member

pytestmark = pytest.mark.django_db


def parsed(text: bytes | str):
    """The one event, as both parsers read it: (icalendar's, vobject's)."""
    text = text.decode() if isinstance(text, bytes) else text
    by_icalendar = icalendar.Calendar.from_ical(text)
    by_vobject = vobject.readOne(text)
    (event,) = by_icalendar.walk("VEVENT")
    return by_icalendar, event, by_vobject, by_vobject.vevent


def ics_of(client, meeting):
    return client.get(reverse("meetings:ics", args=[meeting.pk])).content


def test_the_file_has_a_stable_uid_a_raised_sequence_warsaw_times_and_a_link_back(
    client, network, coordinator
):
    meeting = make_meeting(network, coordinator, format=MeetingFormat.HYBRID)
    person = member(network)
    client.force_login(person)
    calendar, event, v_calendar, v_event = parsed(ics_of(client, meeting))
    uid = str(event["uid"])
    assert uid == v_event.uid.value == f"meeting-{meeting.pk}@empirie.miasta.pl"
    assert int(event["sequence"]) == int(v_event.sequence.value) == 0
    assert abs(event.decoded("dtstamp") - timezone.now()) < dt.timedelta(minutes=1)
    assert v_event.url.value.endswith(reverse("meetings:detail", args=[meeting.pk]))
    assert str(event["dtstart"].params["TZID"]) == "Europe/Warsaw"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Warsaw"]
    to_the_second = meeting.starts_at.replace(microsecond=0)
    assert v_event.dtstart.value == event.decoded("dtstart") == to_the_second
    assert meeting.online_url not in str(event.get("location", ""))  # not registered

    fields = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    moved = meeting.starts_at + dt.timedelta(hours=1)
    services.meeting_update(
        meeting_id=meeting.pk, by=coordinator,
        **{**fields, "starts_at": moved, "ends_at": moved + dt.timedelta(hours=2)},
    )  # fmt: skip
    _calendar, event, _v, v_event = parsed(ics_of(client, meeting))
    assert str(event["uid"]) == uid and int(v_event.sequence.value) == 1
    assert v_event.dtstart.value == moved.replace(microsecond=0)


def test_the_online_link_is_in_the_files_of_registered_participants_only(
    client, network, coordinator
):
    meeting = make_meeting(network, coordinator, format=MeetingFormat.HYBRID)
    registered, other = member(network), member(network)
    services.registration_register(meeting_id=meeting.pk, person=registered, mode="online")
    client.force_login(other)
    assert meeting.online_url not in ics_of(client, meeting).decode()
    client.force_login(registered)
    _c, event, _v, v_event = parsed(ics_of(client, meeting))
    assert meeting.online_url in str(event["location"]) and meeting.venue_address in str(
        v_event.location.value
    )
    feed = services.calendar_feed_renew(person=registered)
    body = client.get(reverse("meetings:calendar_feed", args=[feed.token])).content.decode()
    assert meeting.online_url in body
    vobject.readOne(body)  # the feed, too, is read by the second parser
    client.force_login(coordinator)  # who runs the meeting has its link too
    assert meeting.online_url in ics_of(client, meeting).decode()
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert f'href="{meeting.online_url}"' in page


def test_registering_is_confirmed_by_e_mail_with_the_calendar_file(network, coordinator):
    meeting = make_meeting(network, coordinator, format=MeetingFormat.ONLINE, venue_address="")
    person = member(network)
    services.registration_register(meeting_id=meeting.pk, person=person, mode="online")
    email = OutgoingEmail.objects.get(to=[person.email])
    assert meeting.topic in email.subject
    assert account_services.email_send(email.pk)
    (sent,) = mail.outbox
    ((name, text, kind),) = sent.attachments
    assert name.endswith(".ics") and kind.startswith("text/calendar") and "PUBLISH" in kind
    calendar, event, v_calendar, _v_event = parsed(text)
    assert str(calendar["method"]) == v_calendar.method.value == "PUBLISH"
    assert meeting.online_url in str(event["location"])


def test_the_registration_e_mail_is_transactional_with_both_parts_and_the_file(
    network, coordinator
):
    """Automatic, so no out-of-office replies; asked for, so no unsubscribe link; the .ics
    still attached next to the plain and HTML parts."""
    meeting = make_meeting(network, coordinator, format=MeetingFormat.ONLINE, venue_address="")
    person = member(network)
    services.registration_register(meeting_id=meeting.pk, person=person, mode="online")
    assert account_services.email_send(OutgoingEmail.objects.get(to=[person.email]).pk)
    wire = email.message_from_bytes(
        mail.outbox[0].message().as_bytes(), policy=email.policy.default
    )
    assert wire.get_content_type() == "multipart/mixed"
    assert wire["Auto-Submitted"] == "auto-generated"
    assert wire["List-Unsubscribe"] is None and wire["List-Unsubscribe-Post"] is None
    body, calendar_file = wire.get_payload()
    assert body.get_content_type() == "multipart/alternative"
    text, markup = (part.get_content() for part in body.get_payload())
    assert meeting.online_url in text and f'href="{meeting.online_url}"' in markup
    assert '<html lang="pl">' in markup
    assert calendar_file.get_content_type() == "text/calendar"
    assert calendar_file.get_filename().endswith(".ics")
    assert "BEGIN:VEVENT" in calendar_file.get_content()


def test_a_cancellation_e_mail_carries_a_cancel_file(network, coordinator):
    meeting = make_meeting(network, coordinator)
    person = member(network)
    services.registration_register(meeting_id=meeting.pk, person=person, mode="in_person")
    services.meeting_cancel(meeting_id=meeting.pk, by=coordinator, reason="Choroba prelegenta")
    notification = Notification.objects.get(
        recipient=person, kind=NotificationKind.MEETING_CANCELLED
    )
    mail.outbox.clear()
    assert account_services.notification_email_deliver(notification.pk)
    (sent,) = mail.outbox
    ((_name, text, kind),) = sent.attachments
    assert "method=CANCEL" in kind
    calendar, event, v_calendar, v_event = parsed(text)
    assert str(calendar["method"]) == v_calendar.method.value == "CANCEL"
    assert str(event["status"]) == v_event.status.value == "CANCELLED"
    assert int(v_event.sequence.value) == 1


def test_summer_time_holds_past_2038_and_the_city_is_named_once(client, network, coordinator):
    starts = dt.datetime(2040, 7, 15, 10, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
    meeting = make_meeting(
        network, coordinator, starts_at=starts, ends_at=starts + dt.timedelta(hours=3),
        venue_address="Rynek 1, 37-700 Przemyśl", host_city=CityFactory(name="Przemyśl"),
        format=MeetingFormat.IN_PERSON, online_url="",
    )  # fmt: skip
    client.force_login(member(network))
    _c, event, _v, v_event = parsed(ics_of(client, meeting))
    assert v_event.dtstart.value.utcoffset() == dt.timedelta(hours=2)  # CEST, read by vobject
    assert event.decoded("dtstart") == starts
    assert str(event["location"]) == "Rynek 1, 37-700 Przemyśl"


def test_a_topic_with_line_breaks_is_one_line_and_its_file_still_parses(
    client, network, coordinator
):
    """A hand-made request (or the admin) could store a topic with a line break: the form
    makes it one line, and the file names the calendar on one line whatever is stored."""
    from tests.meetings.test_scheduling import agenda_rows, form_data

    starts_at = (timezone.now() + dt.timedelta(days=20)).replace(second=0, microsecond=0)
    meeting = make_meeting(network, coordinator, starts_at=starts_at,
                           ends_at=starts_at + dt.timedelta(hours=4))  # fmt: skip
    local = timezone.localtime(meeting.starts_at)
    edit = form_data(
        topic="Temat\nDruga linia\r\n  trzecia", venue_address="ul. Długa 1\nBochnia",
        online_url=meeting.online_url, starts_at=local.strftime("%Y-%m-%dT%H:%M"),
        ends_at=(local + dt.timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"), **agenda_rows(extra=0),
    )  # fmt: skip
    client.force_login(coordinator)
    client.post(reverse("meetings:edit", args=[meeting.pk]), edit)
    meeting.refresh_from_db()
    assert meeting.topic == "Temat Druga linia trzecia"
    assert meeting.venue_address == "ul. Długa 1 Bochnia"
    type(meeting).objects.filter(pk=meeting.pk).update(topic="Stary\ntemat")  # stored before
    person = member(network)
    client.force_login(person)
    _calendar, event, _v_calendar, _v_event = parsed(ics_of(client, meeting))
    assert "Stary\ntemat" in str(event["summary"])
    services.registration_register(meeting_id=meeting.pk, person=person, mode="online")
    email = OutgoingEmail.objects.get(to=[person.email])
    assert account_services.email_send(email.pk)
    ((_name, text, _kind),) = mail.outbox[-1].attachments  # the confirmation carries its file
    _calendar, event, _v_calendar, _v_event = parsed(text)
    assert str(event["summary"]).endswith("Stary\ntemat")
