"""What every e-mail of the portal carries: a plain-text part and the same text as simple HTML
(one shared template), `Auto-Submitted: auto-generated` (RFC 3834: no out-of-office replies to
it), and, on notifications and digests, a one-click unsubscribe link (RFC 8058)."""

import re

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

# The kinds of mail a person may stop with the link in it; transactional mail (password
# reset, address verification, a registration's confirmation) has no such link.
NOTIFICATION = "notification"
DIGEST = "digest"
UNSUBSCRIBABLE = (NOTIFICATION, DIGEST)

# Its own salt: no other signed value of the portal (a session, a reset link) passes for it.
UNSUBSCRIBE_SALT = "accounts.mail.unsubscribe"
# Long enough for an old e-mail found in an inbox; an expired link says so and sends the
# person to their profile.
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 365

AUTO_SUBMITTED = {"Auto-Submitted": "auto-generated"}


def unsubscribe_token(person_id: int, kind: str) -> str:
    """A signed token naming the person and the kind of mail they may stop with it."""
    return signing.dumps({"p": person_id, "k": kind}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_of(token: str) -> tuple[int, str]:
    """(person id, kind of mail) of a token; signing.BadSignature (or SignatureExpired) for
    one tampered with, made elsewhere or too old."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("p"), int)
        or value.get("k") not in UNSUBSCRIBABLE
    ):
        raise signing.BadSignature("Not an unsubscribe token.")
    return value["p"], value["k"]


def unsubscribe_url(person_id: int, kind: str) -> str:
    """The absolute one-click link, in the active language (the e-mail's)."""
    path = reverse("accounts:unsubscribe", kwargs={"token": unsubscribe_token(person_id, kind)})
    return f"{settings.PORTAL_URL}{path}"


def headers(unsubscribe: str | None = None) -> dict:
    """The headers of a portal e-mail; with the unsubscribe link for notifications and
    digests (RFC 8058: a POST to it, with no session, stops that kind of mail)."""
    found = dict(AUTO_SUBMITTED)
    if unsubscribe:
        found["List-Unsubscribe"] = f"<{unsubscribe}>"
        found["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return found


def html_of(subject: str, text: str) -> str:
    """The HTML part: the plain text, with its paragraphs and its links made clickable, under
    the subject as a heading; in the active language (the e-mail's)."""
    heading = subject.removeprefix(settings.EMAIL_SUBJECT_PREFIX).strip() or subject
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    # Paragraphs of the plain text; the lines of each are kept as they were written.
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return render_to_string(
        "email/base.html",
        {"subject": subject, "heading": heading, "language": language, "paragraphs": paragraphs},
    )


def finish(message, *, unsubscribe: str | None = None):
    """Give a message made elsewhere (allauth's) what every portal e-mail has: the HTML part,
    unless it has one, and the headers. Worded in the active language."""
    alternatives = getattr(message, "alternatives", None)
    if alternatives is not None and not any(kind == "text/html" for _c, kind in alternatives):
        message.attach_alternative(html_of(message.subject, message.body), "text/html")
    message.extra_headers = {**headers(unsubscribe), **(message.extra_headers or {})}
    return message
