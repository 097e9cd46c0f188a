"""Meetings as iCalendar (RFC 5545) for people's calendar programs."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event


def calendar_of(meetings, *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Związek Miast Polskich//EMPIRIE//PL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(event_of(meeting))
    return calendar.to_ical()


def event_of(meeting) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@empirie.miasta.pl")
    event.add("dtstamp", timezone.now())  # when this copy of the event was made (RFC 5545)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", f"{meeting.network.name}: {meeting.topic}")
    location = ", ".join(filter(None, [meeting.venue_address, str(meeting.host_city or "")]))
    if location:
        event.add("location", location)
    event.add("url", settings.PORTAL_URL + reverse("meetings:detail", args=[meeting.pk]))
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    if meeting.description:
        event.add("description", meeting.description)
    return event
