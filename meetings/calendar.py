"""Meetings as iCalendar (RFC 5545) for people's calendar programs: a file per meeting, the
personal feed, and the files attached to the e-mails that confirm, change or cancel."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

WARSAW = ZoneInfo("Europe/Warsaw")


def calendar_of(meetings, *, name: str, participant_of=frozenset(), method: str = "") -> bytes:
    """`participant_of`: the ids of the meetings whose online link the reader may have (those
    they registered for); `method`: PUBLISH for a file sent by e-mail, CANCEL for a
    cancellation (RFC 5546), none for a download or a feed."""
    calendar = Calendar()
    calendar.add("prodid", "-//Związek Miast Polskich//EMPIRIE//PL")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", " ".join(name.split()))  # one line, whatever the topic holds
    calendar.add("x-wr-timezone", "Europe/Warsaw")
    for meeting in meetings:
        calendar.add_component(event_of(meeting, participant=meeting.pk in participant_of))
    calendar.add_component(warsaw_timezone())
    return calendar.to_ical()


def warsaw_timezone() -> Timezone:
    """Europe/Warsaw as the rule in force since 1996 (summer time from the last Sunday of
    March to the last Sunday of October), the form calendar programs read best: a list of
    dates (icalendar's own) ends in 2038, and vobject read it an hour off in summer."""
    zone = Timezone()
    zone.add("tzid", "Europe/Warsaw")
    for part, month, day, hour, before, after, name in [
        (TimezoneDaylight(), 3, 31, 2, 1, 2, "CEST"),
        (TimezoneStandard(), 10, 27, 3, 2, 1, "CET"),
    ]:
        part.add("tzname", name)
        part.add("dtstart", dt.datetime(1996, month, day, hour))  # last Sundays of 1996
        part.add("tzoffsetfrom", dt.timedelta(hours=before))
        part.add("tzoffsetto", dt.timedelta(hours=after))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def event_of(meeting, *, participant: bool = False) -> Event:
    event = Event()
    # Stable across every copy, with SEQUENCE raised on each change: a calendar program
    # updates the entry it has instead of adding another.
    event.add("uid", f"meeting-{meeting.pk}@empirie.miasta.pl")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())  # when this copy of the event was made (RFC 5545)
    event.add("dtstart", timezone.localtime(meeting.starts_at, WARSAW))
    event.add("dtend", timezone.localtime(meeting.ends_at, WARSAW))
    event.add("summary", f"{meeting.network.name}: {meeting.topic}")
    city = str(meeting.host_city or "")
    # The venue's address usually names the city already.
    place = ", ".join(filter(None, [meeting.venue_address,
                                    "" if city in meeting.venue_address else city]))  # fmt: skip
    online = meeting.online_url if participant and meeting.has_online_part else ""
    location = " · ".join(filter(None, [place, online]))
    if location:
        event.add("location", location)
    url = settings.PORTAL_URL + reverse("meetings:detail", args=[meeting.pk])
    event.add("url", url)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    described = [meeting.description, f"Online: {online}" if online else "", url]
    event.add("description", "\n\n".join(filter(None, described)))
    return event


def attachment_of(meeting, *, participant: bool) -> tuple[str, str, str]:
    """The meeting's .ics as an e-mail attachment: (file name, text, content type)."""
    method = "CANCEL" if meeting.is_cancelled else "PUBLISH"
    text = calendar_of(
        [meeting], name=meeting.topic, participant_of={meeting.pk} if participant else set(),
        method=method,
    ).decode()  # fmt: skip
    return f"spotkanie-{meeting.pk}.ics", text, f"text/calendar; method={method}"
