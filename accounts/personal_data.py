"""RODO: everything the portal holds about a person, for them to read and download, and the
erasure of their account that keeps the networks' history whole.

Erasure anonymises rather than deletes the account row: memberships, attendance and
discussions stay part of the networks' history, with nobody's name on them."""

from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.utils import timezone

from empirie.converters import whole_number

from .models import Notification, PartnerCard, Profile, User, public_name


def _when(moment):
    """The moment itself: the page shows it as a date, the JSON as ISO 8601 (DjangoJSONEncoder)."""
    return moment


def personal_data(person: User) -> dict:
    """The person's data, section by section, in plain values (the JSON export and the page)."""
    from allauth.account.models import EmailAddress

    from api.models import ApiToken
    from audit.models import AuditEntry
    from discussions.models import Post
    from invitations.models import Invitation
    from meetings.models import CalendarFeed, Registration
    from networks.selectors import person_participations
    from partners.models import Block, Conversation, MessageReport
    from practices.models import Practice
    from results.models import Comment, Result

    profile = Profile.objects.filter(user=person).select_related("city").first()
    meetings_seen = set(
        Registration.objects.visible_to(person)
        .filter(person=person)
        .values_list("meeting_id", flat=True)
    )
    results_seen = set(
        Comment.objects.visible_to(person).filter(author=person).values_list("result_id", flat=True)
    )
    results_read = set(
        Result.objects.visible_to(person).filter(author=person).values_list("pk", flat=True)
    )
    practices_read = set(
        Practice.objects.visible_to(person).filter(author=person).values_list("pk", flat=True)
    )
    posts_readable = set(
        Post.objects.visible_to(person).filter(author=person).values_list("pk", flat=True)
    )
    card = PartnerCard.objects.filter(user=person).first()  # visible: the person's own
    conversations = (
        Conversation.objects.visible_to(person)
        .select_related("starter", "recipient")
        .prefetch_related("messages__author")
        .order_by("created_at", "pk")
    )
    conversations_seen = {c.pk for c in conversations}
    changes = list(AuditEntry.objects.filter(actor=person).order_by("-at")[:1000])
    seen, kinds = _named_objects(person, changes)
    return {
        "account": {
            "email": person.email,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "joined": _when(person.date_joined),
            "last_login": _when(person.last_login),
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=person)
            ],
        },
        "profile": profile
        and {
            "city": str(profile.city) if profile.city else None,
            "function": profile.get_function_display(),
            "function_status": profile.get_function_status_display(),
            "function_verified_at": _when(profile.function_verified_at),
            "function_decision_reason": profile.function_decision_reason,
            "email_mode": profile.get_email_mode_display(),
        },
        "participations": [
            {
                "network": p.network.name,
                "role": p.get_role_display(),
                "status": p.status_shown(p.last_action, p.last_actor),
                "city": str(p.city) if p.city else None,
                "motivation": p.motivation,
                "applied_at": _when(p.applied_at),
                "decided_at": _when(p.decided_at),
            }
            for p in person_participations(person)
        ],
        # A meeting the person may no longer see is named by its network and date only.
        "meeting_registrations": [
            {
                "meeting": r.meeting.topic if r.meeting_id in meetings_seen else None,
                "network": r.meeting.network.name,
                # Even a closed network's meeting dates stay inside it.
                "starts_at": _when(r.meeting.starts_at) if r.meeting_id in meetings_seen else None,
                "mode": r.get_mode_display(),
                "registered_at": _when(r.registered_at),
                "attended": r.attended,
            }
            # visible: the person's own; a hidden meeting's topic is left out above
            for r in Registration.objects.filter(person=person).select_related("meeting__network")
        ],
        # Invitations sent to the person's addresses: what the network's coordinator knew of
        # them (a network's name and its coordinator are public).
        "invitations": [
            {
                "network": i.network.name,
                "role": i.get_role_display(),
                "state": i.get_state_display(),
                "name": i.name,
                "city": str(i.city) if i.city else None,
                "function": i.get_function_display(),
                "invited_at": _when(i.created_at),
                "invited_by": i.invited_by.public_name if i.invited_by else None,
            }
            # visible: addressed to the person (their own addresses)
            for i in Invitation.objects.filter(
                email__in=[
                    person.email.lower(),
                    *(a.email.lower() for a in EmailAddress.objects.filter(user=person)),
                ]
            ).select_related("network", "city", "invited_by")
        ],
        "calendar_feed": CalendarFeed.objects.filter(person=person).exists(),
        "api_tokens": [
            {
                "name": t.name,
                "created_at": _when(t.created_at),
                "last_used_at": _when(t.last_used_at),
                "revoked_at": _when(t.revoked_at),
            }
            for t in ApiToken.objects.visible_to(person).order_by("created_at", "pk")
        ],  # fmt: skip
        # The person's own words always; the result they were about only while they may
        # read it (its network is named, as its membership is public).
        "comments": [
            {
                "result": c.result.title if c.result_id in results_seen else None,
                "network": c.result.network.name,
                "written_at": _when(c.created_at),
                "text": c.body,
                "deleted": c.deleted_at is not None,
                "hidden_by_moderator": c.hidden_at is not None,
            }
            # visible: the person's own words; a hidden result's title is left out above
            for c in Comment.objects.filter(author=person).select_related("result__network")
        ],
        # Their posts in the networks' discussions, the same way: their words always, the
        # thread's title only while they may still read it.
        "posts": [
            {
                "thread": p.thread.title if p.pk in posts_readable else None,
                "network": p.thread.network.name,
                "written_at": _when(p.created_at),
                "text": p.body,
                "deleted": p.deleted_at is not None,
                "hidden_by_moderator": p.hidden_at is not None,
                # The files they sent with it, by the title and caption they gave them.
                "documents": [a.title for a in p.attachments.all()],
                "photos": [photo.caption for photo in p.photos.all()],
            }
            # visible: the person's own words; a closed thread's title is left out above
            for p in Post.objects.filter(author=person)
            .select_related("thread__network")
            .prefetch_related("attachments", "photos")
        ],
        # Everything they wrote is counted; a title only while they may still read the text.
        "results_written": [
            {
                "title": r.title if r.pk in results_read else None,
                "network": r.network.name,
                "stage": r.get_stage_display() if r.pk in results_read else None,
            }
            # visible: the person's own; a hidden result's title and stage are left out
            for r in Result.objects.filter(author=person).select_related("network")
        ],
        "practices_written": [
            {
                "title": p.title if p.pk in practices_read else None,
                "status": p.get_status_display(),
                "city": str(p.city),
            }
            # visible: the person's own; a hidden practice's title is left out
            for p in Practice.objects.filter(author=person).select_related("city")
        ],
        # Their card in the directory of trusted partners, and whether and since when it is
        # shown (the consent).
        "partner_card": card
        and {
            "shown_since": _when(card.shown_since),
            "expertise": card.expertise,
            "projects": card.project_list,
        },
        # Their conversations: every message, theirs and the other side's, by name.
        "conversations": [
            {
                "subject": c.subject,
                "with": _named(c.other_side(person)),
                "started_at": _when(c.created_at),
                "messages": [
                    {
                        "from": _named(m.author),
                        "at": _when(m.created_at),
                        "text": m.body,
                        "hidden_by_moderator": m.hidden_at is not None,
                        # Why ZMP's staff hid it: told to its author, never the other side's.
                        "hidden_reason": m.hidden_reason
                        if m.author_id == person.pk and m.hidden_at is not None
                        else None,
                    }
                    for m in c.messages.all()
                ],
            }
            for c in conversations
        ],
        # The messages they reported to ZMP's staff, and the reasons they wrote; the
        # conversation named only while they may still read it.
        "message_reports": [
            {
                "conversation": r.message.conversation.subject
                if r.message.conversation_id in conversations_seen
                else None,
                "reported_at": _when(r.created_at),
                "reason": r.reason,
            }
            # visible: the person's own reports (never anyone else's)
            for r in MessageReport.objects.filter(reporter=person)
            .select_related("message__conversation")
            .order_by("created_at", "pk")
        ],
        "blocked_senders": [
            _named(b.blocked)
            for b in Block.objects.filter(blocker=person).select_related("blocked")
        ],
        "notifications": [
            {"title": n.title, "body": n.body, "at": _when(n.created_at), "read": bool(n.read_at)}
            for n in Notification.objects.visible_to(person).order_by("-created_at")
        ],
        "changes_made": [
            {
                "at": _when(e.at),
                "ip": e.ip,
                "action": e.get_action_display(),
                "object": e.object_repr if (e.object_type, e.object_id) in seen else None,
                "kind_of_object": kinds[e.object_type],
            }
            for e in changes
        ],
    }


def _named(person) -> str:
    return person.public_name if person is not None else public_name("", "", is_active=False)


# What the person's own entries of the audit log may name: their account and profile, and
# things anyone sees (networks, cities); everything else only while they may see it.
OWN_OR_PUBLIC = {"accounts.user", "accounts.profile", "networks.network", "cities.city"}


def _named_objects(person, changes) -> tuple[set, dict]:
    """Which objects of these audit entries the person may still see, and each kind's name."""
    from django.apps import apps

    ids_by_type, kinds, seen = {}, {}, set()
    for entry in changes:
        ids_by_type.setdefault(entry.object_type, set()).add(entry.object_id)
    for label, ids in ids_by_type.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            kinds[label], model = label, None
        else:
            kinds[label] = str(model._meta.verbose_name)
        if label in OWN_OR_PUBLIC:
            visible = ids
        elif model is not None and hasattr(model._default_manager, "visible_to"):
            numeric = [number for pk in ids if (number := whole_number(pk)) is not None]
            rows = model._default_manager.visible_to(person).filter(pk__in=numeric)
            visible = {str(pk) for pk in rows.values_list("pk", flat=True)}
        else:
            visible = set()  # a transfer, a moderation: named by their kind alone
        seen |= {(label, pk) for pk in visible}
    return seen, kinds


def erased_email(person: User) -> str:
    return f"usuniete-konto-{person.pk}@anonim.invalid"


def account_erase(*, person: User) -> None:
    """Anonymise the account: no name, e-mail, password, contact or notification is left;
    comments stay as "a former user's"; memberships and attendance stay, nameless."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession

    from api.models import ApiToken
    from audit.models import AuditEntry
    from discussions.models import Post, PostReport, Thread, UsefulMark, Watch
    from invitations.services import invitations_forget
    from meetings.models import CalendarFeed, Certificate, Registration, Reminder
    from networks import activity  # networks build on accounts
    from partners.models import Block, Conversation, Message, MessageReport
    from practices.models import Practice
    from results.models import Comment, CommentReport, Result

    from .services import outbox_forget

    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        label = f"usunięte konto #{person.pk}"
        full_name, email = person.get_full_name(), person.email
        Comment.objects.filter(author=person).update(author=None)
        Result.objects.filter(author=person).update(author=None)
        Practice.objects.filter(author=person).update(author=None)
        CommentReport.objects.filter(reporter=person).delete()
        Post.objects.filter(author=person).update(author=None)
        Thread.objects.filter(author=person).update(author=None)
        # Their posts and comments are nobody's now (updates send no signal): their networks
        # count only their attendance, which stays.
        activity.recount(person_ids=[person.pk])
        PostReport.objects.filter(reporter=person).delete()
        Watch.objects.filter(person=person).delete()
        # Their card goes; their messages stay with the other side, as "a former user's".
        PartnerCard.objects.filter(user=person).delete()
        Block.objects.filter(Q(blocker=person) | Q(blocked=person)).delete()
        MessageReport.objects.filter(reporter=person).delete()
        Message.objects.filter(author=person).update(author=None)
        Conversation.objects.filter(starter=person).update(starter=None)
        Conversation.objects.filter(recipient=person).update(recipient=None)
        Conversation.objects.filter(last_author=person).update(last_author=None)
        UsefulMark.objects.filter(person=person).delete()  # the counts keep their number
        Notification.objects.filter(recipient=person).delete()
        CalendarFeed.objects.filter(person=person).delete()
        Reminder.objects.filter(person=person).delete()
        # Certificates of participation name the person: they go (their codes verify nothing).
        Certificate.objects.filter(registration__person=person).delete()
        # Coming meetings lose a participant; the past ones keep an anonymous attendee.
        Registration.objects.filter(person=person, meeting__starts_at__gt=timezone.now()).delete()
        # The outbox's e-mails to any of their addresses: reset links, their address itself.
        addresses = EmailAddress.objects.filter(user=person).values_list("email", flat=True)
        outbox_forget(addresses=[email, *addresses])
        invitations_forget(addresses=[email, *addresses], erased=erased_email(person))
        EmailAddress.objects.filter(user=person).delete()
        Authenticator.objects.filter(user=person).delete()
        ApiToken.objects.filter(person=person).delete()  # its programs are refused at once
        Profile.objects.filter(user=person).update(
            function_decision_reason="", email_mode=Profile._meta.get_field("email_mode").default
        )
        person.email = erased_email(person)
        person.first_name = person.last_name = ""
        person.is_active = person.is_staff = person.is_superuser = False
        person.set_unusable_password()  # also ends every session (its hash no longer matches)
        person.save()
        # The log keeps what was done, this erasure too, but no longer says by whom.
        AuditEntry.objects.filter(actor=person).update(actor_label=label)
        AuditEntry.objects.filter(object_type="accounts.user", object_id=str(person.pk)).update(
            object_repr=label, changes={}
        )
        # Entries about their memberships or profile name them in the object's description.
        for name in {full_name, email} - {""}:
            AuditEntry.objects.filter(object_repr__contains=name).update(
                object_repr=Replace("object_repr", Value(name), Value(label))
            )
        # Every session the person has goes (from the database and the cache), with the
        # addresses and browsers recorded for it; any other one no longer matches the password.
        for session in UserSession.objects.filter(user=person):
            session.end()
