import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, JSONField, Q, TextField
from django.db.models.functions import Cast, Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cities.models import City
from empirie.cache import changed_now_and_on_commit
from empirie.sanitise import visible

from . import mail, rules
from .choices import (
    LEADER_FUNCTIONS,
    EmailMode,
    FunctionStatus,
    Language,
    NetworkAudience,
    NotificationKind,
)
from .models import Notification, OutgoingEmail, PartnerCard, Profile, User, readable_q
from .notification_texts import neutral_path

log = logging.getLogger(__name__)


@transaction.atomic
def person_complete_signup(
    *,
    user: User,
    first_name: str,
    last_name: str,
    city: City,
    function: str,
    language: str | None = None,
) -> Profile:
    """Record the name, city and declared function a person gave when signing up; their
    e-mails come in the language they signed up in."""
    user.first_name = first_name
    user.last_name = last_name
    user.save(update_fields=["first_name", "last_name"])
    return Profile.objects.create(
        user=user, city=city, function=function, language=known_language(language)
    )


def known_language(language: str | None) -> str:
    """One of the portal's languages: the given one (en-gb counts as en), else Polish."""
    code = (language or "").split("-")[0].lower()
    return code if code in Language.values else settings.LANGUAGE_CODE


def language_of(person: User) -> str:
    """The language the person's e-mails are written in."""
    profile = rules.profile_of(person)
    return profile.language if profile else settings.LANGUAGE_CODE


@transaction.atomic
def profile_update(
    *,
    profile_id: int,
    city: City | None,
    function: str,
    email_mode: str,
    language: str | None = None,
) -> Profile:
    """A person changes their details; a new function or city must be verified anew. Only
    these fields are written, on the locked row: a verification decided meanwhile is never
    put back by a form loaded before it. No language given: the language stays. A new city
    ends the old city's roles (networks.successions); the returned profile's `roles_ended`
    names them, for the page to say so."""
    profile = Profile.objects.select_for_update().get(pk=profile_id)
    fields = ["city", "function", "email_mode"]
    if language is not None:
        profile.language = known_language(language)
        fields.append("language")
    if (profile.function, profile.city_id) != (function, city.pk if city else None):
        profile.function_status = FunctionStatus.DECLARED
        profile.function_declared_at = timezone.now()
        profile.function_verified_by = None
        profile.function_verified_at = None
        profile.function_decision_reason = ""
        fields += [
            "function_status",
            "function_declared_at",
            "function_verified_by",
            "function_verified_at",
            "function_decision_reason",
        ]
    if email_mode == EmailMode.NONE and profile.email_mode != EmailMode.NONE:
        # What waits for an e-mail is settled now: choosing e-mails again later sends none of it.
        Notification.objects.filter(recipient_id=profile.user_id, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
    moved = profile.city_id is not None and profile.city_id != (city.pk if city else None)
    profile.city = city
    profile.function = function
    profile.email_mode = email_mode
    profile.save(update_fields=fields)
    if moved:
        from networks.successions import roles_end_on_moving  # networks build on accounts

        profile.roles_ended = roles_end_on_moving(person_id=profile.user_id)
    if "function_status" in fields:
        _registrations_follow_access(profile.user_id)
    return profile


def account_open_for(
    *, email: str, first_name: str, last_name: str, city: City, function: str, language=None
) -> User:
    """An account opened by someone else for a person (a coordinator naming a city's new
    mayor as successor): no password, and an e-mail to the address with a link to set one,
    allauth's own password-reset link, so there is no second way in. The address counts as
    confirmed: the account opens only through the link sent to it."""
    from allauth.account.models import EmailAddress  # allauth's models load after ours

    person = User.objects.create_user(
        email=email.strip().lower(), first_name=first_name.strip(), last_name=last_name.strip()
    )
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=True)
    Profile.objects.create(
        user=person, city=city, function=function, language=known_language(language)
    )
    account_setup_link_send(person)
    return person


def account_setup_link_send(person: User) -> OutgoingEmail:
    """The e-mail that lets a person whose account someone else opened set their password
    (allauth's reset link, valid PASSWORD_RESET_TIMEOUT), through the outbox."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    with translation.override(language_of(person)):
        path = reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(person), "key": default_token_generator.make_token(person)},
        )  # fmt: skip
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 3600))
    message = EmailMultiAlternatives(
        **email_to(
            person, lambda: _("An account on EMPIRIE awaits you"), "accounts/email/account_opened",
            {"link": f"{settings.PORTAL_URL}{path}", "days": days},
        )
    )  # fmt: skip
    return email_queue(message)


@transaction.atomic
def function_declare_for_seat(*, person_id: int, function: str) -> bool:
    """A successor taking over a seat in the leaders' network: their function is to be
    verified as anyone's is. Unless already verified as a leader, the seat's function is
    declared on their profile, awaiting verification, so the verifiers' list shows it at once.
    True when a verification is now awaited."""
    profile = Profile.objects.select_for_update().get(user_id=person_id)
    if profile.function in LEADER_FUNCTIONS and profile.function_status == FunctionStatus.VERIFIED:
        return False
    if profile.function == function and profile.function_status == FunctionStatus.DECLARED:
        return True  # already awaiting
    profile.function = function
    profile.function_status = FunctionStatus.DECLARED
    profile.function_declared_at = timezone.now()
    profile.function_verified_by = None
    profile.function_verified_at = None
    profile.function_decision_reason = ""
    profile.save(
        update_fields=[
            "function", "function_status", "function_declared_at", "function_verified_by",
            "function_verified_at", "function_decision_reason",
        ]
    )  # fmt: skip
    return True


# The e-mail mode a kind of unsubscribable mail comes with (accounts.mail).
MODE_OF_MAIL = {mail.NOTIFICATION: EmailMode.IMMEDIATE, mail.DIGEST: EmailMode.DIGEST}


def email_unsubscribe(*, person_id: int, kind: str) -> bool:
    """The one-click link of a notification's or digest's e-mail (RFC 8058), without logging
    in: that kind of mail stops (the person's e-mail mode becomes "none", and what waited for
    an e-mail is settled, as in profile_update). A person who meanwhile chose another mode
    keeps it: the mail the link came with has already stopped. True when the mode changed."""
    person = User.objects.filter(pk=person_id, is_active=True).first()
    if person is None:  # erased or deactivated: they get no mail anyway
        return False
    with transaction.atomic():
        Profile.objects.get_or_create(user=person, defaults={"language": known_language(None)})
        profile = Profile.objects.select_for_update().get(user=person)
        if profile.email_mode != MODE_OF_MAIL[kind]:
            return False
        Notification.objects.filter(recipient_id=person.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        profile.email_mode = EmailMode.NONE
        profile.save(update_fields=["email_mode"])
    return True


def _registrations_follow_access(person_id) -> int:
    from meetings.services import registrations_end_where_unseen  # meetings build on accounts

    return registrations_end_where_unseen(person_id=person_id)


class FunctionChanged(ValidationError):
    """The person changed their function or city after the decider opened the page."""


@transaction.atomic
def function_decide(
    *,
    profile_id: int,
    by: User,
    verified: bool,
    reason: str = "",
    seen_function: str,
    seen_city_id: int | None,
    seen_status: str | None = None,
) -> Profile:
    """A coordinator or administrator confirms a person's function, or refuses or withdraws it:
    the function and city they saw, and no other."""
    if not rules.can_verify_functions(by):
        raise PermissionDenied
    profile = Profile.objects.select_for_update().select_related("user").get(pk=profile_id)
    if profile.user_id == by.pk:
        raise PermissionDenied(_("Nobody may verify their own function."))
    if profile.function_status != FunctionStatus.DECLARED and not rules.vouches_for_leaders(by):
        # A decided function (a verified leader's above all) is for those who run the leaders'
        # network to change; nobody else may even learn it was decided.
        raise PermissionDenied
    if (profile.function, profile.city_id) != (seen_function, seen_city_id):
        raise FunctionChanged(
            _(
                "The person changed their function or city after you opened this page. Look at "
                "what they declare now, then decide again."
            )
        )
    if seen_status and profile.function_status != seen_status:
        raise FunctionChanged(
            _(
                "Someone decided on this function after you opened this page. Look at the "
                "decision now in force, then decide again if it must change."
            )
        )
    if profile.function not in LEADER_FUNCTIONS:
        raise ValidationError(
            _("Only the functions of mayors, city presidents and their deputies are verified.")
        )
    if not verified and not reason.strip():
        raise ValidationError(_("Give the reason, so the person knows what to correct."))
    withdrawn = not verified and profile.function_status == FunctionStatus.VERIFIED
    profile.function_status = FunctionStatus.VERIFIED if verified else FunctionStatus.REJECTED
    profile.function_verified_by = by
    profile.function_verified_at = timezone.now()
    profile.function_decision_reason = reason.strip()
    profile.save(
        update_fields=[
            "function_status",
            "function_verified_by",
            "function_verified_at",
            "function_decision_reason",
        ]
    )
    given_back = 0 if verified else _registrations_follow_access(profile.user_id)
    _tell_function_decision(profile, withdrawn=withdrawn, places_given_back=given_back)
    return profile


def _tell_function_decision(profile: Profile, *, withdrawn=False, places_given_back=0) -> None:
    verified = profile.function_status == FunctionStatus.VERIFIED
    params = {"function": profile.function, "reason": profile.function_decision_reason}
    if not verified:  # a withdrawal says so, and which places went with it
        params |= {"withdrawn": withdrawn, "places_given_back": places_given_back}
    notify(
        recipient=profile.user,
        kind=NotificationKind.FUNCTION_VERIFIED if verified else NotificationKind.FUNCTION_REJECTED,
        params=params,
        url=reverse("accounts:profile"),
    )


def profile_saved_in_admin(*, profile_id: int, function_status_changed: bool) -> None:
    """A profile an administrator changed in the admin has the portal's consequences: places
    at meetings the person may no longer see are given back, and a decision on their function
    is told to them, as function_decide does."""
    profile = Profile.objects.select_related("user").get(pk=profile_id)
    given_back = _registrations_follow_access(profile.user_id)
    if function_status_changed and profile.function_status != FunctionStatus.DECLARED:
        _tell_function_decision(profile, places_given_back=given_back)


def notify(
    *,
    recipient: User,
    kind: str,
    params: dict,
    url: str = "",
    network=None,
    network_audience: str = NetworkAudience.INSIDE,
) -> Notification | None:
    """Tell a person something: in the portal at once, by e-mail as they chose, after commit.
    A deactivated account is told nothing: None, and no notification is made.

    `params` are the plain values the kind's wording needs (accounts.notification_texts): it
    is worded when read, in the reader's language. `url` is a path; a language prefix on it is
    dropped, and the reader's added when it is shown.

    `network` marks news from a network: it reaches the person only while they may still read
    it there, as its inside or, with `network_audience` OBSERVERS, as its observer too (see
    Notification.objects.visible_to).
    """
    made = notify_all(
        [recipient], kind=kind, params=params, url=url, network=network,
        network_audience=network_audience,
    )  # fmt: skip
    return made[0] if made else None


def notify_all(
    recipients,
    *,
    kind: str,
    params: dict,
    url: str = "",
    network=None,
    network_audience: str = NetworkAudience.INSIDE,
) -> list[Notification]:
    """notify() for many people at once, as a network's news reaches all its members: one
    INSERT, one round trip to make their lists stale, and their e-mails queued in batches
    after commit, so starting a thread in a network of a thousand people stays quick. The
    recipients come with their profiles (networks.access.people_of reads them so).
    Deactivated accounts are told nothing."""
    from .selectors import notifications_family
    from .tasks import EMAILS_PER_TASK, deliver_notification_emails  # tasks import this module

    people = [person for person in recipients if person.is_active]
    if not people:
        return []
    modes = {person.pk: email_mode_of(person) for person in people}
    now = timezone.now()
    path = neutral_path(url)
    made = Notification.objects.bulk_create(
        [
            Notification(
                recipient=person,
                kind=kind,
                params=params,
                url=path,
                network=network,
                network_audience=network_audience,
                # Settled at once for those who want no e-mails, so that choosing e-mails
                # later sends nothing old.
                emailed_at=now if modes[person.pk] == EmailMode.NONE else None,
            )  # fmt: skip
            for person in people
        ]
    )
    # bulk_create sends no post_save: the lists and counts go stale here.
    changed_now_and_on_commit(*(notifications_family(person.pk) for person in people))
    immediate = [n.pk for n in made if modes[n.recipient_id] == EmailMode.IMMEDIATE]
    # robust: a broker that is down must not fail the person's request; the sweeper
    # (send_unsent_notifications) sends them later.
    for start in range(0, len(immediate), EMAILS_PER_TASK):
        batch = immediate[start : start + EMAILS_PER_TASK]
        transaction.on_commit(
            lambda batch=batch: deliver_notification_emails.delay(batch), robust=True
        )
    return made


def notifications_mark_read(*, person: User, which: Q | None = None) -> int:
    """The person's notifications read: all of them, or `which` (what another app has seen
    the person read: a thread's, a network's discussions)."""
    from .selectors import notifications_family, notifications_of

    unread = notifications_of(person).filter(read_at__isnull=True)
    marked = (unread.filter(which) if which is not None else unread).update(read_at=timezone.now())
    if marked or which is None:
        # An update() sends no signal: the list and the count go stale here.
        changed_now_and_on_commit(notifications_family(person.pk))
    return marked


def email_mode_of(person: User) -> str:
    profile = rules.profile_of(person)
    return profile.email_mode if profile else EmailMode.IMMEDIATE


def notification_email_deliver(notification_id: int) -> bool:
    """E-mail one notification unless it already was; True when this call sent it (or, the
    mail server failing, left it to the outbox to try again)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or email_mode_of(notification.recipient) != EmailMode.IMMEDIATE:
            return False
        if (
            not notification.recipient.is_active
            or not Notification.objects.visible_to(notification.recipient)
            .filter(pk=notification.pk)
            .exists()
        ):
            # A deactivated account, or no longer theirs to read: settled unsent, so no sweep
            # picks it up again.
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
            return False
        attach = ATTACHED_TO_NOTIFICATIONS.get(notification.kind)
        _send(
            notification.recipient,
            lambda: notification.title,
            "accounts/email/notification",
            {"notification": notification},
            attachments=attach(notification) if attach else (),
            unsubscribe=mail.NOTIFICATION,
            about=[notification.pk],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def digest_send(person_id: int) -> int:
    """E-mail one person's not yet e-mailed notifications as one digest; return how many."""
    with transaction.atomic():
        person = User.objects.select_related("profile").get(pk=person_id)
        if not person.is_active or email_mode_of(person) != EmailMode.DIGEST:
            return 0
        unsent = list(
            Notification.objects.filter(recipient=person, emailed_at__isnull=True)
            .select_for_update(skip_locked=True)
            .annotate(readable=ExpressionWrapper(readable_q(person), BooleanField()))
            .order_by("created_at", "pk")
        )
        # What the person may no longer read is settled unsent with the rest, so no later
        # digest finds it; only the readable go into the e-mail.
        notifications = [n for n in unsent if n.readable]
        settle = [n.pk for n in unsent]
        if not notifications:
            Notification.objects.filter(pk__in=settle).update(emailed_at=timezone.now())
            return 0
        _send(
            person,
            lambda: (
                ngettext(
                    "Your EMPIRIE digest: %(count)d new notification",
                    "Your EMPIRIE digest: %(count)d new notifications",
                    len(notifications),
                )
                % {"count": len(notifications)}
            ),
            "accounts/email/digest",
            {"notifications": [n for n in notifications if n.kind not in DISCUSSION_KINDS],
             "discussions": discussion_news(notifications)},
            unsubscribe=mail.DIGEST,
            about=[n.pk for n in notifications],
        )  # fmt: skip
        Notification.objects.filter(pk__in=settle).update(emailed_at=timezone.now())
    return len(notifications)


DISCUSSION_KINDS = frozenset(
    {NotificationKind.DISCUSSION_THREAD, NotificationKind.DISCUSSION_REPLY,
     NotificationKind.DISCUSSION_MENTION, NotificationKind.DISCUSSION_SOLVED,
     NotificationKind.DISCUSSION_DEADLINE}
)  # fmt: skip


def discussion_news(notifications) -> list[tuple[str, list[tuple[str, list]]]]:
    """The discussions' news of a digest by network, then by thread, in the order they came:
    [(network, [(thread's title, [notification, ...]), ...]), ...]."""
    networks: dict[str, dict[str, list]] = {}
    for notification in notifications:
        if notification.kind in DISCUSSION_KINDS and notification.params:
            params = notification.params
            threads = networks.setdefault(params.get("network", ""), {})
            threads.setdefault(params.get("title", ""), []).append(notification)
    return [(network, list(threads.items())) for network, threads in networks.items()]


def digest_recipients():
    """Ids of the people due a digest, streamed so memory stays flat however many there are."""
    return (
        User.objects.filter(
            profile__email_mode=EmailMode.DIGEST,
            notifications__emailed_at__isnull=True,
            is_active=True,
        )
        .values_list("pk", flat=True)
        .distinct()
        .iterator(chunk_size=2000)
    )


def unsent_immediate_notifications(older_than):
    """Immediate e-mails still unsent, e.g. queued while the broker was down."""
    return (
        Notification.objects.filter(
            emailed_at__isnull=True,
            created_at__lt=timezone.now() - older_than,
            recipient__profile__email_mode=EmailMode.IMMEDIATE,
        )
        .values_list("pk", flat=True)
        .iterator(chunk_size=2000)
    )


def _send(
    person: User,
    subject: Callable[[], str],
    template: str,
    context: dict,
    attachments=(),
    unsubscribe: str | None = None,
    about=(),
) -> None:
    """E-mail the person in their language: `subject` is worded (called) in it too. Tried at
    once; if the mail server fails, the e-mail goes to the outbox as a failed first try, which
    the sweeper tries again with backoff up to EMAIL_MAX_ATTEMPTS, and where administrators
    see it if it is given up. `about`: the notifications it tells of, checked again then."""
    message = EmailMultiAlternatives(
        **email_to(person, subject, template, context, unsubscribe=unsubscribe),
        attachments=list(attachments),
    )
    try:
        message.send()
    except Exception as error:  # recorded in the outbox, with its next try
        email_queue(message, failed=error, about=about)


def email_to(
    person: User,
    subject: Callable[[], str],
    template: str,
    context: dict,
    *,
    unsubscribe: str | None = None,
) -> dict:
    """Subject, plain and HTML bodies, headers and address of an e-mail to the person, worded
    in their language. `unsubscribe` (accounts.mail.NOTIFICATION or DIGEST) names the kind of
    mail the person may stop with one click: its link goes in the text and the headers;
    transactional mail has none."""
    with translation.override(language_of(person)):
        link = mail.unsubscribe_url(person.pk, unsubscribe) if unsubscribe else None
        context = {
            **context, "person": person, "portal_url": settings.PORTAL_URL,
            "unsubscribe_url": link,
        }  # fmt: skip
        # One line: a subject quotes titles and topics, and a header holds no line break.
        subject = " ".join(f"{settings.EMAIL_SUBJECT_PREFIX}{subject()}".split())
        body = render_to_string(f"{template}.txt", context)
        html = mail.html_of(subject, body)
    return {
        "subject": subject,
        "body": body,
        "to": [person.email],
        "alternatives": [(html, "text/html")],
        "headers": mail.headers(link),
    }


# Files an app attaches to the e-mail of its kinds of notification (meetings: the .ics of a
# changed or cancelled meeting): kind -> callable(notification) -> [(name, text, type)].
ATTACHED_TO_NOTIFICATIONS: dict[str, Callable] = {}


def email_queue(message, *, failed: Exception | None = None, about=()) -> OutgoingEmail:
    """Put an e-mail message in the outbox, and hand it to the queue once the current
    transaction commits; a broker that is down must not fail the request (the sweeper,
    relay_unsent, hands it over later). `failed`: the error of a first try made elsewhere
    (_send); the e-mail then waits for the sweeper's next try, as after a failed one here."""
    from .tasks import send_email  # tasks import this module

    if failed is not None:
        now, attempts = timezone.now(), 1
        tried = {
            "attempts": attempts,
            "last_error": f"{type(failed).__name__}: {failed}"[:2000],
            "failed_at": now if attempts >= email_max_attempts() else None,
            "next_attempt_at": (
                None if attempts >= email_max_attempts() else now + email_retry_wait(attempts)
            ),
        }
        log.info("E-mail to %s failed, left to the outbox: %s", message.to, tried["last_error"])
    else:
        tried = {}
    email = OutgoingEmail.objects.create(
        subject=message.subject,
        body=message.body,
        from_email=message.from_email,
        to=list(message.to),
        alternatives=[list(alternative) for alternative in getattr(message, "alternatives", [])],
        attachments=[list(attachment) for attachment in message.attachments],
        headers={**mail.AUTO_SUBMITTED, **(message.extra_headers or {})},
        notifications=list(about),
        **tried,
    )
    if failed is None:
        transaction.on_commit(lambda: send_email.delay(email.pk), robust=True)
    return email


# A failing outbox e-mail is tried again by the sweeper (every 10 minutes) once its
# next_attempt_at has come, the wait doubling with each try (EMAIL_RETRY_BACKOFF, then twice,
# four times it...), and given up (failed_at) at its EMAIL_MAX_ATTEMPTS-th failed try: with
# the defaults (5 tries, 15 minutes) a mail server down for almost four hours loses nothing,
# while a message no server takes (a refused address, a wrong setting) is not tried for ever.
# Administrators see those given up in the admin, and may send them again from there.
# Sent e-mails hold reset and confirmation links: kept a week (to answer "did it go?"); those
# given up stay a month for administrators to see in the admin.
OUTBOX_KEEP_SENT = dt.timedelta(days=7)
OUTBOX_KEEP_FAILED = dt.timedelta(days=30)


def email_max_attempts() -> int:
    return max(1, int(settings.EMAIL_MAX_ATTEMPTS))


def email_retry_wait(attempts: int) -> dt.timedelta:
    """How long after its `attempts`-th failed try an e-mail waits for the next."""
    return dt.timedelta(seconds=settings.EMAIL_RETRY_BACKOFF * 2 ** max(0, attempts - 1))


def email_send(email_id: int) -> bool:
    """Send one outbox e-mail unless it already was, was given up, or waits for its next
    try; True when this call sent it. A failed try is recorded (attempts, last error, when to
    try again) and False returned: the sweeper tries again when it is due, until the e-mail
    is given up (failed_at)."""
    now = timezone.now()
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, sent_at__isnull=True, failed_at__isnull=True)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .first()
        )
        if email is None:
            return False
        if email.notifications and not _still_readable(email.notifications):
            # The recipient left the network meanwhile (or the news is gone): its news no
            # longer goes to them. Given up, so administrators see why.
            email.failed_at, email.next_attempt_at = timezone.now(), None
            email.last_error = "Not sent: its recipient may no longer read what it tells."
            email.save(update_fields=["failed_at", "next_attempt_at", "last_error"])
            return False
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body,
            from_email=email.from_email,
            to=email.to,
            # Rows written before headers were kept are automatic mail too.
            headers={**mail.AUTO_SUBMITTED, **(email.headers or {})},
        )
        for content, mimetype in email.alternatives:
            message.attach_alternative(content, mimetype)
        for filename, content, mimetype in email.attachments:
            message.attach(filename, content, mimetype)
        email.attempts += 1
        try:
            message.send()
        except Exception as error:  # any failure is recorded; the sweeper tries again
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if email.attempts >= email_max_attempts():
                email.failed_at, email.next_attempt_at = timezone.now(), None
            else:
                email.next_attempt_at = timezone.now() + email_retry_wait(email.attempts)
            email.save(update_fields=["attempts", "last_error", "failed_at", "next_attempt_at"])
        else:
            email.sent_at, email.next_attempt_at = timezone.now(), None
            email.save(update_fields=["attempts", "sent_at", "next_attempt_at"])
            return True
    if email.failed_at is None:
        log.info("Outbox e-mail %s failed (try %s), next at %s: %s", email.pk, email.attempts,
                 email.next_attempt_at, email.last_error)  # fmt: skip
    else:
        log.warning("Outbox e-mail %s given up after %s attempts: %s", email.pk,
                    email.attempts, email.last_error)  # fmt: skip
    return False


def _still_readable(notification_ids) -> bool:
    """Whether the recipient of these notifications (one person's) may still read them all."""
    recipient = User.objects.filter(notifications__pk__in=notification_ids).distinct().first()
    return recipient is not None and Notification.objects.visible_to(recipient).filter(
        pk__in=notification_ids
    ).count() == len(set(notification_ids))


def outbox_resend(email_ids) -> int:
    """An administrator sends given-up (or still failing) outbox e-mails again: their tries
    start anew, each is handed to the queue after the commit, and the audit log says who did
    it. Those already sent are left alone. Returns how many go again."""
    from audit.registry import record

    from .tasks import send_email  # tasks import this module

    resent = 0
    with transaction.atomic():
        for email in (
            OutgoingEmail.objects.select_for_update()
            .filter(pk__in=list(email_ids), sent_at__isnull=True)
            .order_by("pk")
        ):
            changes = {
                "attempts": [email.attempts, 0],
                "failed_at": [email.failed_at and email.failed_at.isoformat(), None],
                "next_attempt_at": [
                    email.next_attempt_at and email.next_attempt_at.isoformat(),
                    None,
                ],
            }
            email.attempts, email.failed_at, email.next_attempt_at = 0, None, None
            email.save(update_fields=["attempts", "failed_at", "next_attempt_at"])
            record(email, {**changes, "resent": [None, True]})
            transaction.on_commit(lambda pk=email.pk: send_email.delay(pk), robust=True)
            resent += 1
    return resent


def notifications_resend(notification_ids) -> int:
    """An administrator has notifications e-mailed again (one that failed, or went to an
    address since corrected): each is unsent again, so its recipient's next e-mail (at once,
    or their digest) carries it, as they chose; the audit log says who did it. Recipients who
    want no e-mails are skipped. Returns how many go again."""
    from audit.registry import record

    from .tasks import deliver_notification_emails  # tasks import this module

    immediate, resent = [], 0
    with transaction.atomic():
        for notification in (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient__profile")
            .filter(pk__in=list(notification_ids), recipient__is_active=True)
            .order_by("pk")
        ):
            mode = email_mode_of(notification.recipient)
            if mode == EmailMode.NONE:
                continue
            before = notification.emailed_at and notification.emailed_at.isoformat()
            notification.emailed_at = None
            notification.save(update_fields=["emailed_at"])
            record(notification, {"emailed_at": [before, None], "resent": [None, True]})
            resent += 1
            if mode == EmailMode.IMMEDIATE:
                immediate.append(notification.pk)
    if immediate:
        # Outside the atomic block above: queued once the caller's transaction commits.
        transaction.on_commit(lambda: deliver_notification_emails.delay(immediate), robust=True)
    return resent


def outbox_purge() -> int:
    """Delete outbox e-mails sent more than 7 days ago and those given up more than 30 days
    ago; return how many went."""
    now = timezone.now()
    deleted, _by_model = OutgoingEmail.objects.filter(
        Q(sent_at__lt=now - OUTBOX_KEEP_SENT) | Q(failed_at__lt=now - OUTBOX_KEEP_FAILED)
    ).delete()
    return deleted


def outbox_forget(*, addresses) -> int:
    """Delete every outbox e-mail to any of these addresses (an erased account's), whatever
    its case; return how many went."""
    addresses = sorted({address.lower() for address in addresses if address})
    if not addresses:
        return 0
    deleted, _by_model = (
        OutgoingEmail.objects.annotate(to_lower=Cast(Lower(Cast("to", TextField())), JSONField()))
        .filter(to_lower__has_any_keys=addresses)  # on a list: any of its strings
        .delete()
    )
    return deleted


def relay_unsent(older_than: dt.timedelta) -> int:
    """Hand the queue everything still unsent after `older_than`: immediate notifications and
    outbox e-mails left behind while the broker was down, and outbox e-mails whose next try
    after a failure is due. Sending skips what went meanwhile,
    so overlapping with the first try is harmless. Returns how many were handed over."""
    from .tasks import deliver_notification_email, send_email

    handed = 0
    for notification_id in unsent_immediate_notifications(older_than):
        deliver_notification_email.delay(notification_id)
        handed += 1
    now = timezone.now()
    for email_id in (
        OutgoingEmail.objects.filter(sent_at__isnull=True, failed_at__isnull=True)
        # Never tried (the broker missed it), or failed and due for its next try.
        .filter(
            Q(next_attempt_at__isnull=True, created_at__lt=now - older_than)
            | Q(next_attempt_at__lte=now)
        )
        .values_list("pk", flat=True)
        .iterator(chunk_size=2000)
    ):
        send_email.delay(email_id)
        handed += 1
    return handed


@transaction.atomic
def partner_card_save(
    *, person_id: int, shown: bool, expertise: list[str], projects: str
) -> PartnerCard:
    """The person's card as they wrote it. Consent given now is recorded with its time (kept
    while it lasts); withdrawn, the card is hidden on the very next request."""
    card, _created = PartnerCard.objects.select_for_update().get_or_create(user_id=person_id)
    if shown and card.shown_since is None:
        card.shown_since = timezone.now()
    elif not shown:
        card.shown_since = None
    card.expertise = [tag for tag in (visible(tag) for tag in expertise) if tag]
    card.projects = visible(projects)
    card.save(update_fields=["shown_since", "expertise", "projects", "updated_at"])
    return card
