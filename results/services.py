"""Writing results, moving them to their readers, comments and their moderation."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.choices import NetworkAudience, NotificationKind
from accounts.models import User
from accounts.services import notify
from meetings import files
from meetings.services import sanitised
from networks.choices import ParticipationStatus, Role
from networks.rules import INSIDE_ROLES

from . import rules
from .choices import ModerationAction, Stage
from .models import Comment, CommentReport, Moderation, Result, ResultAttachment, StageChange


def _people(network, roles, *, besides=None):
    return (
        User.objects.filter(
            participations__network=network,
            participations__status=ParticipationStatus.ACCEPTED,
            participations__role__in=roles,
            is_active=True,
        )
        .exclude(pk=getattr(besides, "pk", None))
        .distinct()
    )


def _tell(people, *, kind, title, result, audience, body=""):
    url = reverse("results:detail", args=[result.pk])
    for person in people.iterator(chunk_size=500):
        notify(
            recipient=person, kind=kind, title=title, body=body, url=url,
            network=result.network, network_audience=audience,
        )  # fmt: skip


@transaction.atomic
def result_save(
    *, by: User, network=None, result: Result | None = None, meetings=(), practices=(), **fields
) -> Result:
    """Draft a new result in a network (its people are told) or edit one."""
    if result is None:
        if not rules.can_draft(by, network):
            raise PermissionDenied
        result = Result(network=network, author=by, stage=Stage.DRAFT)
    elif not rules.can_edit(by, result):
        raise PermissionDenied
    created = result.pk is None
    for name, value in fields.items():
        setattr(result, name, value)
    result.body = sanitised(result.body)
    result.save()
    result.meetings.set([m for m in meetings if m.network_id == result.network_id])
    result.practices.set(practices)
    if created:
        with translation.override(settings.LANGUAGE_CODE):
            title = _("New draft result in %(network)s: %(title)s") % {
                "network": result.network.name, "title": result.title,
            }  # fmt: skip
        _tell(
            _people(result.network, INSIDE_ROLES, besides=by), kind=NotificationKind.RESULT_NEW,
            title=title, result=result, audience=NetworkAudience.INSIDE, body=result.summary,
        )  # fmt: skip
    return result


@transaction.atomic
def stage_change(*, result: Result, by: User, to_stage: str) -> Result:
    """The coordinator opens the result to the next readers; those who newly may read it hear
    of it, and the network's people hear that it moved."""
    if not rules.can_change_stage(by, result):
        raise PermissionDenied
    result = (
        Result.objects.select_for_update(of=("self",)).select_related("network").get(pk=result.pk)
    )
    if to_stage not in rules.next_stages(result):
        raise ValidationError(
            _("This result cannot go there: results move forward only, and those of a closed "
              "network stay inside it.")
        )  # fmt: skip
    StageChange.objects.create(result=result, from_stage=result.stage, to_stage=to_stage, by=by)
    now = timezone.now()
    skipped_observers = result.stage == Stage.DRAFT and to_stage == Stage.PUBLIC
    result.stage = to_stage
    result.opened_to_observers_at = result.opened_to_observers_at or now
    if to_stage == Stage.PUBLIC:
        result.published_at = now
    result.save()
    names = {"network": result.network.name, "title": result.title}
    with translation.override(settings.LANGUAGE_CODE):
        if to_stage == Stage.OBSERVERS:
            for_observers = _("A result awaits your opinion: %(title)s (%(network)s)") % names
            for_people = _("Opened to observers: %(title)s") % names
        else:
            for_observers = (
                _("New public result in %(network)s: %(title)s")
                if skipped_observers
                else _("Published: %(title)s")
            ) % names
            for_people = _("Published: %(title)s") % names
    _tell(
        _people(result.network, [Role.OBSERVER]),
        kind=NotificationKind.RESULT_NEW if to_stage == Stage.OBSERVERS or skipped_observers
        else NotificationKind.RESULT_STAGE,
        title=for_observers, result=result, audience=NetworkAudience.OBSERVERS,
        body=result.summary,
    )  # fmt: skip
    _tell(
        _people(result.network, INSIDE_ROLES, besides=by), kind=NotificationKind.RESULT_STAGE,
        title=for_people, result=result, audience=NetworkAudience.INSIDE,
    )  # fmt: skip
    return result


@transaction.atomic
def attachment_add(*, result: Result, by: User, upload, title: str) -> ResultAttachment:
    if not rules.can_edit(by, result):
        raise PermissionDenied
    return files.document_saved(ResultAttachment(result=result), upload, title=title, by=by)


def attachment_delete(*, attachment: ResultAttachment, by: User) -> None:
    if not rules.can_edit(by, attachment.result):
        raise PermissionDenied
    files.document_deleted(attachment)


# Comments


@transaction.atomic
def comment_add(*, result: Result, by: User, body: str, parent: Comment | None = None) -> Comment:
    if not rules.can_comment(by, result):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise ValidationError(_("Write something first."))
    if parent is not None:
        parent = parent.parent or parent  # one level of replies: answer the thread
        if parent.result_id != result.pk:
            raise ValidationError(_("That comment belongs to another result."))
        if parent.is_deleted or parent.is_hidden:
            raise ValidationError(_("That comment is no longer there to reply to."))
    comment = Comment.objects.create(result=result, parent=parent, author=by, body=body)
    if parent is not None and parent.author_id not in (None, by.pk) and not parent.is_deleted:
        audience = (
            NetworkAudience.INSIDE if result.stage == Stage.DRAFT else NetworkAudience.OBSERVERS
        )
        with translation.override(settings.LANGUAGE_CODE):
            # The reply's text stays out: a moderator may hide it before the digest goes.
            title = _("%(person)s replied to your comment on %(title)s") % {
                "person": by.get_full_name() or by.email, "title": result.title,
            }  # fmt: skip
        notify(
            recipient=parent.author, kind=NotificationKind.COMMENT_REPLY, title=title,
            url=reverse("results:detail", args=[result.pk]) + f"#komentarz-{comment.pk}",
            network=result.network, network_audience=audience,
        )  # fmt: skip
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, by: User, body: str) -> Comment:
    if not rules.can_edit_comment(by, comment):
        raise PermissionDenied(_("A comment may be edited only by its author, for 15 minutes."))
    body = body.strip()
    if not body:
        raise ValidationError(_("Write something first."))
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, by: User) -> Comment:
    if not rules.can_delete_comment(by, comment):
        raise PermissionDenied
    comment.body = ""
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["body", "deleted_at"])
    return comment


def comment_report(*, comment: Comment, by: User, reason: str) -> CommentReport:
    if not rules.can_report_comment(by, comment):
        raise PermissionDenied
    try:
        with transaction.atomic():
            return CommentReport.objects.create(comment=comment, reporter=by, reason=reason.strip())
    except IntegrityError as error:
        raise ValidationError(_("You have already reported this comment.")) from error


@transaction.atomic
def comment_hide(*, comment: Comment, by: User, reason: str) -> Comment:
    if not rules.can_moderate(by, comment.result):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Give the reason; the author will see it."))
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    comment.hidden_at = timezone.now()
    comment.hidden_reason = reason.strip()
    comment.save(update_fields=["hidden_at", "hidden_reason"])
    Moderation.objects.create(
        comment=comment, action=ModerationAction.HIDDEN, reason=comment.hidden_reason, by=by
    )
    comment.reports.filter(handled_at=None).update(handled_at=comment.hidden_at)
    return comment


@transaction.atomic
def comment_restore(*, comment: Comment, by: User, reason: str = "") -> Comment:
    if not rules.can_moderate(by, comment.result):
        raise PermissionDenied
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not comment.is_hidden:
        raise ValidationError(_("This comment is not hidden."))
    comment.hidden_at = None
    comment.hidden_reason = ""
    comment.save(update_fields=["hidden_at", "hidden_reason"])
    Moderation.objects.create(
        comment=comment, action=ModerationAction.RESTORED, reason=reason.strip(), by=by
    )
    return comment


@transaction.atomic
def reports_dismiss(*, comment: Comment, by: User, reason: str = "") -> int:
    """The coordinator finds the comment fine: its open reports are closed, and that recorded."""
    if not rules.can_moderate(by, comment.result):
        raise PermissionDenied
    handled = comment.reports.filter(handled_at=None).update(handled_at=timezone.now())
    Moderation.objects.create(
        comment=comment, action=ModerationAction.REPORTS_DISMISSED, reason=reason.strip(), by=by
    )
    return handled
