"""Error reports to Sentry (SENTRY_DSN), for the web servers and the workers alike, with no
personal data: no user fields but the id, no cookies, no local variables (they hold people's
records), and e-mail addresses and the acting person's names taken out of every text of an
event (messages, exceptions, request data, breadcrumbs) before it leaves."""

import re
import warnings

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration

# Also as a URL's query writes it (%40).
EMAIL = re.compile(r"[\w.+'%-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
EMAIL_MARK = "[email]"
NAME_MARK = "[name]"
FILTERED = "[Filtered]"
# Keys whose values are about a person, wherever they are in an event (form fields, extra
# data, user): dropped whole.
PERSONAL_KEYS = frozenset(
    {
        "email", "emails", "e-mail", "login", "username", "name", "full_name", "first_name",
        "last_name", "display_name", "author", "person", "recipient", "recipients", "to", "cc",
        "bcc", "from", "from_email", "reply_to", "phone", "telephone", "ip_address", "cookies",
        "cookie", "sessionid", "remote_addr", "x-forwarded-for", "x-real-ip",
    }
)  # fmt: skip


def names_of_the_acting_person() -> list[str]:
    """The first and last names of whoever the request or task is served for (the audit
    context knows them), longest first; none outside a request."""
    from audit.context import current  # no models here: settings import this module

    actor = current.get()
    user = getattr(actor, "user", None)
    try:
        if user is None or not user.is_authenticated:
            return []
        parts = [user.get_full_name(), user.first_name, user.last_name]
    except Exception:  # noqa: BLE001 - a report is still sent when the person cannot be read
        return []
    names = {part.strip() for part in parts if part and len(part.strip()) > 1}
    return sorted(names, key=len, reverse=True)  # "Anna Nowak" before "Anna"


def scrubbed_text(text: str, names) -> str:
    text = EMAIL.sub(EMAIL_MARK, text)
    for name in names:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", NAME_MARK, text, flags=re.IGNORECASE)
    return text


def scrubbed(value, names, *, by_key=False):
    """Every text of `value` scrubbed; with `by_key` (data about people: a form's fields,
    extra data, a breadcrumb's data), the values of personal keys dropped whole too."""
    if isinstance(value, str):
        return scrubbed_text(value, names)
    if isinstance(value, dict):
        return {
            key: FILTERED
            if by_key and isinstance(key, str) and key.lower() in PERSONAL_KEYS
            else scrubbed(item, names, by_key=by_key)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [scrubbed(item, names, by_key=by_key) for item in value]
    return value


# Parts of an event that hold data about people by key: a form's fields and the headers,
# extra data and tags set by code, breadcrumbs' data.
BY_KEY = frozenset({"request", "extra", "tags", "breadcrumbs"})


def before_send(event, hint=None):
    names = names_of_the_acting_person()
    user_id = (event.get("user") or {}).get("id") or acting_person_id()
    event = {key: scrubbed(value, names, by_key=key in BY_KEY) for key, value in event.items()}
    # The id alone says whose request it was without saying who they are.
    event["user"] = {"id": user_id} if user_id is not None else {}
    if isinstance(request := event.get("request"), dict):
        request.pop("cookies", None)
    from .logs import current_request_id

    if request_id := current_request_id.get():
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def acting_person_id():
    from audit.context import current

    user = getattr(current.get(), "user", None)
    try:
        return user.pk if user is not None and user.is_authenticated else None
    except Exception:  # noqa: BLE001 - as above
        return None


def before_breadcrumb(crumb, hint=None):
    return scrubbed(crumb, names_of_the_acting_person(), by_key=True)


def init(dsn, **options):
    """sentry_sdk.init with the portal's integrations and the scrubbing; `options` (a test's
    transport, the environment's name, a sample rate) go to sentry_sdk.init as they are."""
    with warnings.catch_warnings():
        # Said outright although it is the default. Its successor (data_collection), once
        # given, would also turn off the SDK's own scrubber of passwords, tokens and sessions.
        warnings.filterwarnings("ignore", "The send_default_pii option", DeprecationWarning)
        return _init(dsn, **options)


def _init(dsn, **options):
    return sentry_sdk.init(
        dsn=dsn,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="small",
        before_send=before_send,
        before_send_transaction=before_send,
        before_breadcrumb=before_breadcrumb,
        integrations=[
            DjangoIntegration(),
            CeleryIntegration(monitor_beat_tasks=False),
            LoggingIntegration(),
        ],
        **options,
    )
