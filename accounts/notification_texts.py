"""How each kind of notification reads. A notification keeps its kind and parameters (plain
values: names and titles as they were when it happened, dates as ISO strings, codes), and is
worded here when someone reads it: on a page in the page's language, in an e-mail in the
language the person chose. Notifications stored before this (params NULL) keep their text.

Each wording takes the parameters and returns (title, body); it runs under the reader's
language, so its gettext calls answer in that language. On a page (worded_html) the text is
escaped, and on pages in another language than Polish what people wrote (names, titles,
reasons) is marked lang="pl", as the portal marks all their writing (WCAG 3.1.2).
"""

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .choices import Function, NotificationKind

log = logging.getLogger(__name__)


def _person(params) -> str:
    # Someone without a name (ZMP staff) is called what the reader's language calls them.
    return params.get("person") or _("a member of ZMP staff")


def _function(code) -> str:
    try:
        return Function(code).label
    except ValueError:
        return str(code)


def _reason(params) -> str:
    return _("Reason: %(reason)s") % {"reason": params["reason"]} if params.get("reason") else ""


def _when(iso: str) -> str:
    """A moment in the portal's time zone, as "2 grudnia 2026, 10:00" / "2 December 2026, 10:00"."""
    moment = dt.datetime.fromisoformat(iso)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "j E Y, H:i")


def _day(iso: str) -> str:
    return date_format(dt.date.fromisoformat(iso), "j E Y")


def application_received(p):
    title = _("New application to %(network)s: %(person)s (%(city)s)") % {
        "network": p["network"], "person": _person(p), "city": p["city"],
    }  # fmt: skip
    return title, p.get("motivation", "")


def application_accepted(p):
    title = _("Welcome to %(network)s: your application was accepted") % {"network": p["network"]}
    return title, p.get("note", "")


def application_refused(p):
    title = _("Your application to %(network)s was refused") % {"network": p["network"]}
    return title, _reason(p)


def function_verified(p):
    title = _("Your function has been verified: %(function)s") % {
        "function": _function(p["function"])
    }
    return title, _("You may now take part in the leaders' network.")


def function_rejected(p):
    words = (
        _("The verification of your function was withdrawn: %(function)s")
        if p.get("withdrawn")
        else _("Your function was not confirmed: %(function)s")
    )
    given_back = p.get("places_given_back", 0)
    places = (
        ngettext(
            "Your place at %(count)s coming meeting of the leaders' network has been given back.",
            "Your places at %(count)s coming meetings of the leaders' network have been given back.",
            given_back,
        )
        % {"count": given_back}
        if given_back
        else ""
    )
    return words % {"function": _function(p["function"])}, " ".join(
        filter(None, [_reason(p), places])
    )


def meeting_changed(p):
    if p.get("rescheduled"):
        title = _("Meeting rescheduled: %(topic)s, now %(start)s") % {
            "topic": p["topic"], "start": _when(p["start"]),
        }  # fmt: skip
    else:
        title = _("Meeting details changed: %(topic)s") % {"topic": p["topic"]}
    return title, ""


def meeting_cancelled(p):
    return _("Meeting cancelled: %(topic)s") % {"topic": p["topic"]}, p.get("reason", "")


def meeting_reminder(p):
    """When the meeting is, in days as the calendar on the wall counted them when it was sent."""
    days = int(p["days"])
    names = {"topic": p["topic"], "start": _when(p["start"]), "days": days}
    if days <= 0:
        title = _("Today: %(topic)s, %(start)s") % names
    elif days == 1:
        title = _("Tomorrow: %(topic)s, %(start)s") % names
    else:
        title = (
            ngettext(
                "In %(days)d day: %(topic)s, %(start)s",
                "In %(days)d days: %(topic)s, %(start)s",
                days,
            )
            % names
        )
    return title, p.get("venue", "")


def meeting_survey(p):
    title = _("How was %(topic)s? Rate the meeting by %(until)s") % {
        "topic": p["topic"], "until": _when(p["until"]),
    }  # fmt: skip
    if p.get("anonymous", True):
        return title, _("Four short questions. The survey is anonymous: your answers are not "
                        "linked to your name.")  # fmt: skip
    return title, _("Four short questions. The survey is not anonymous: the coordinator sees "
                    "who gave each answer.")  # fmt: skip


def waiting_place_offered(p):
    title = _("A place at %(topic)s is yours if you confirm it by %(until)s") % {
        "topic": p["topic"], "until": _when(p["until"]),
    }  # fmt: skip
    return title, _(
        "You were first on the waiting list. Confirm or decline on the meeting's page (it "
        "starts %(start)s); unconfirmed, the place goes to the next person."
    ) % {"start": _when(p["start"])}


def waiting_offer_expired(p):
    title = _("The place offered to you at %(topic)s has gone to the next person") % {
        "topic": p["topic"]
    }
    if p.get("closed"):
        title = _("The place offered to you at %(topic)s was not confirmed in time") % {
            "topic": p["topic"]
        }
        return title, _("It was not confirmed by %(until)s, and registration has closed.") % {
            "until": _when(p["until"])
        }
    return title, _(
        "It was not confirmed by %(until)s. You may join the waiting list again on the "
        "meeting's page."
    ) % {"until": _when(p["until"])}


def practice_reviewed(p):
    wording = (
        _("Your practice is published: %(title)s")
        if p.get("published")
        else _("Changes requested in your practice: %(title)s")
    )
    return wording % {"title": p["title"]}, p.get("comment", "")


def result_news(p):
    """New results and results opened further share their wordings, one per step (variant)."""
    names = {"network": p.get("network", ""), "title": p["title"]}
    variant = p["variant"]
    if variant == "draft":
        title = _("New draft result in %(network)s: %(title)s") % names
    elif variant == "awaits_opinion" and p.get("date"):
        title = _("A result awaits your opinion by %(date)s: %(title)s (%(network)s)") % {
            **names, "date": _day(p["date"]),
        }  # fmt: skip
    elif variant == "awaits_opinion":
        title = _("A result awaits your opinion: %(title)s (%(network)s)") % names
    elif variant == "opened_to_observers":
        title = _("Opened to observers: %(title)s") % names
    elif variant == "public_new":
        title = _("New public result in %(network)s: %(title)s") % names
    elif variant == "published":
        title = _("Published: %(title)s") % names
    else:
        raise ValueError(f"unknown variant {variant!r}")
    return title, p.get("summary", "")


def comment_reply(p):
    # The reply's text stays out: a moderator may hide it before the digest goes.
    title = _("%(person)s replied to your comment on %(title)s") % {
        "person": _person(p), "title": p["title"],
    }  # fmt: skip
    return title, ""


def discussion_thread(p):
    title = _("New thread in %(network)s: %(title)s") % {
        "network": p["network"], "title": p["title"],
    }  # fmt: skip
    return title, _("Started by %(person)s.") % {"person": _person(p)}


def discussion_reply(p):
    # The reply's text stays out, as for comments: a moderator may hide it before the digest.
    title = _("%(person)s replied in %(title)s") % {"person": _person(p), "title": p["title"]}
    return title, p["network"]


def discussion_mention(p):
    title = _("%(person)s mentioned you in %(title)s") % {
        "person": _person(p), "title": p["title"],
    }  # fmt: skip
    return title, p["network"]


def discussion_solved(p):
    title = _("Question solved: %(title)s") % {"title": p["title"]}
    return title, _("%(person)s marked the reply that solved it.") % {"person": _person(p)}


def discussion_deadline(p):
    title = _("Feedback on %(title)s is asked by %(day)s") % {
        "title": p["title"], "day": _day(p["day"]),
    }  # fmt: skip
    return title, _("Your consultation in %(network)s: read the feedback and thank those who "
                    "gave it.") % {"network": p["network"]}  # fmt: skip


def discussion_draft(p):
    title = _("A draft practice awaits you: %(title)s") % {"title": p["title"]}
    return title, _("%(person)s turned your thread in %(network)s into a draft practice of your "
                    "city: complete it and send it for review.") % {
        "person": _person(p), "network": p["network"],
    }  # fmt: skip


def message(p):
    if p.get("city"):
        title = _("A message from %(person)s (%(city)s): %(title)s") % {
            "person": _person(p), "city": p["city"], "title": p["title"],
        }  # fmt: skip
    else:
        title = _("A message from %(person)s: %(title)s") % {
            "person": _person(p),
            "title": p["title"],
        }
    note = _("Reply on the portal; neither of you sees the other's e-mail address.")
    return title, f"{p['text']}\n\n{note}"


def seat_handed_over(p):
    """One city's seat passed to a successor, told to the predecessor, the successor and the
    networks' coordinators (variant); `networks` names the networks, as their names are public."""
    names = {key: p.get(key, "") for key in ("networks", "predecessor", "successor", "city", "by")}
    variant = p["variant"]
    if variant == "predecessor":
        title = _("Your seat in %(networks)s has passed to %(successor)s") % names
        body = _("You no longer represent %(city)s in these networks. What you did there stays: "
                 "your attendance, practices and comments.") % names  # fmt: skip
    elif variant == "successor":
        title = _("You take over the seat of %(predecessor)s in %(networks)s") % names
        body = _("You represent %(city)s in these networks from now on; the places your "
                 "predecessor held at their coming meetings are yours.") % names  # fmt: skip
        if p.get("awaits_verification"):
            body += " " + _("In the leaders' network you take part, and hold places at its "
                            "meetings, once a coordinator or an administrator has verified your "
                            "function.")  # fmt: skip
    elif variant == "coordinator":
        title = _("Seat handed over in %(networks)s: %(predecessor)s to %(successor)s "
                  "(%(city)s)") % names  # fmt: skip
        body = _("Handed over by %(by)s.") % {"by": names["by"] or _person({})}
    else:
        raise ValueError(f"unknown variant {variant!r}")
    return title, body


def roles_ended_city(p):
    title = _("Your roles ended as you changed city: %(networks)s") % {"networks": p["networks"]}
    return title, _("You took part in these networks for %(city)s. You may apply again for the "
                    "city you work for now.") % {"city": p.get("city", "")}  # fmt: skip


def edition_continue(p):
    title = _("%(network)s begins its edition %(edition)s: confirm you continue") % {
        "network": p["network"], "edition": p["edition"],
    }  # fmt: skip
    body = _(
        "Members who do not confirm by %(day)s leave the network with the reason "
        '"did not continue".'
    ) % {"day": _day(p["until"])}
    return title, body


def edition_lapsed(p):
    title = _("Your membership of %(network)s has ended: you did not continue") % {
        "network": p["network"],
    }  # fmt: skip
    body = _(
        "You did not confirm within 30 days that you continue in the edition %(edition)s, so "
        'your membership ended with the reason "did not continue". To take part again, apply '
        "to the network."
    ) % {"edition": p["edition"]}
    return title, body


WORDINGS = {
    NotificationKind.APPLICATION_RECEIVED: application_received,
    NotificationKind.APPLICATION_ACCEPTED: application_accepted,
    NotificationKind.APPLICATION_REFUSED: application_refused,
    NotificationKind.FUNCTION_VERIFIED: function_verified,
    NotificationKind.FUNCTION_REJECTED: function_rejected,
    NotificationKind.MEETING_CHANGED: meeting_changed,
    NotificationKind.MEETING_CANCELLED: meeting_cancelled,
    NotificationKind.MEETING_REMINDER: meeting_reminder,
    NotificationKind.MEETING_SURVEY: meeting_survey,
    NotificationKind.WAITING_PLACE_OFFERED: waiting_place_offered,
    NotificationKind.WAITING_OFFER_EXPIRED: waiting_offer_expired,
    NotificationKind.PRACTICE_REVIEWED: practice_reviewed,
    NotificationKind.RESULT_NEW: result_news,
    NotificationKind.RESULT_STAGE: result_news,
    NotificationKind.COMMENT_REPLY: comment_reply,
    NotificationKind.DISCUSSION_THREAD: discussion_thread,
    NotificationKind.DISCUSSION_REPLY: discussion_reply,
    NotificationKind.DISCUSSION_MENTION: discussion_mention,
    NotificationKind.DISCUSSION_SOLVED: discussion_solved,
    NotificationKind.DISCUSSION_DEADLINE: discussion_deadline,
    NotificationKind.DISCUSSION_DRAFT: discussion_draft,
    NotificationKind.MESSAGE: message,
    NotificationKind.SEAT_HANDED_OVER: seat_handed_over,
    NotificationKind.ROLES_ENDED_CITY: roles_ended_city,
    NotificationKind.EDITION_CONTINUE: edition_continue,
    NotificationKind.EDITION_LAPSED: edition_lapsed,
}


def _worded(notification, language: str, params) -> tuple[str, str]:
    with translation.override(language):
        try:
            return WORDINGS[notification.kind](params)
        except (KeyError, ValueError, TypeError, AttributeError):
            # A page or a digest must not fail for one bad row: say what kind of news it is.
            log.warning("notification %s: parameters do not fit its kind", notification.pk)
            label = (
                str(NotificationKind(notification.kind).label)
                if (notification.kind in NotificationKind.values)
                else ""
            )
            return notification.legacy_title or label.capitalize(), notification.legacy_body


def worded(notification, language: str) -> tuple[str, str]:
    """(title, body) of a notification in the language; never fails on odd parameters."""
    if notification.params is None:
        return notification.legacy_title, notification.legacy_body
    return _worded(notification, language, notification.params)


# The parameters people wrote: names of people, cities and networks, titles, topics, reasons,
# notes. (Dates, counts and codes are worded in the reader's language.)
WRITTEN = {"network", "person", "city", "topic", "title", "motivation", "note", "reason",
           "comment", "summary", "venue", "text", "networks", "predecessor", "successor",
           "by"}  # fmt: skip
# Around each written value while the wording runs, turned into the span once the whole text
# is escaped. Private-use characters, taken out of every value first, so the marks always pair.
START, END = "\ue000", "\ue001"


def _unmarked(value):
    return value.replace(START, "").replace(END, "") if isinstance(value, str) else value


def _bracketed(value):
    if not isinstance(value, str) or not value.strip():
        return value  # nothing to mark (and an empty value must stay falsy for the wordings)
    return START + _unmarked(value) + END


def _html(text: str, marked: bool) -> SafeString:
    # Escaped whole, user values included; only our marks become markup.
    escaped = escape(text)
    if marked:
        escaped = escaped.replace(START, '<span lang="pl">').replace(END, "</span>")
    return mark_safe(escaped)  # noqa: S308  # escaped above; the span is ours  # nosec B308 B703


def worded_html(notification, language: str) -> tuple[SafeString, SafeString]:
    """(title, body) for a page in the language: escaped, with what people wrote marked
    lang="pl" when the page is not Polish."""
    foreign = language.split("-")[0] != settings.LANGUAGE_CODE
    if notification.params is None:  # stored as Polish text
        texts = (notification.legacy_title, notification.legacy_body)
        return tuple(_html(_bracketed(text) if foreign else text, foreign) for text in texts)
    params = notification.params
    if foreign and isinstance(params, dict):
        params = {
            key: _bracketed(value) if key in WRITTEN else _unmarked(value)
            for key, value in params.items()
        }
    return tuple(_html(text, foreign) for text in _worded(notification, language, params))


def neutral_path(path: str) -> str:
    """The path without a language prefix (/en/wyniki/1/ → /wyniki/1/); what is stored."""
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return path[len(prefix) - 1 :]
        if path == prefix[:-1]:
            return "/"
    return path


def localized_path(path: str, language: str | None) -> str:
    """A stored path for a reader of the language: Polish at the root, others prefixed."""
    path = neutral_path(path)
    if not path.startswith("/") or not language or language == settings.LANGUAGE_CODE:
        return path
    if language not in {code for code, _name in settings.LANGUAGES}:
        return path
    return f"/{language}{path}"
