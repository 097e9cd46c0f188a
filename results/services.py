"""Writing results, moving them to their readers, comments and their moderation."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import NetworkAudience, NotificationKind
from accounts.models import User
from accounts.services import notify, notify_all
from empirie import sanitise, uploads
from empirie.moderation import Moderator
from meetings.models import Meeting
from networks.access import people_of
from networks.editions import check_edition_writable, edition_for_new_work
from networks.models import Network
from practices.models import Practice
from search import analysis
from search.index import save as save_in_search

from . import rules
from .choices import Stage
from .models import Comment, CommentReport, Moderation, Result, ResultAttachment, StageChange


def _tell(people, *, kind, variant, result, audience, summary=""):
    """Tell people of a result's step; `variant` names the step's wording
    (accounts.notification_texts.result_news)."""
    url = reverse("results:detail", args=[result.pk])
    params = {"variant": variant, "network": result.network.name, "title": result.title,
              "summary": summary}  # fmt: skip
    if result.opinions_until and variant == "awaits_opinion":
        params["date"] = result.opinions_until.isoformat()
    notify_all(
        people, kind=kind, params=params, url=url, network=result.network,
        network_audience=audience,
    )  # fmt: skip


def _locked(result_id) -> Result:
    return (
        Result.objects.select_for_update(of=("self",))
        .select_related("network", "edition")
        .get(pk=result_id)
    )


def _links(result, by, meetings, practices, plans=None):
    """Only what the writer may see links a result: the network's meetings, visible practices,
    the plans of the network's member cities (plans None: they stay as they are)."""
    meeting_ids = [m.pk for m in meetings]
    result.meetings.set(
        Meeting.objects.visible_to(by).filter(network=result.network_id, pk__in=meeting_ids)
    )
    result.practices.set(Practice.objects.visible_to(by).filter(pk__in=[p.pk for p in practices]))
    if plans is not None:
        result.plans.set(plans_for(result.network).filter(pk__in=[p.pk for p in plans]))


def plans_for(network):
    """The plans a network's result may serve: those its member cities brought."""
    from cities.selectors import plans_of_cities  # cities' plans build on networks' members
    from networks.selectors import member_cities

    return plans_of_cities(member_cities(network).values("pk"))


RESULT_FIELDS = ("kind", "title", "summary", "body")


@transaction.atomic
def result_draft(
    *, by: User, network_id: int, meetings=(), practices=(), plans=None, **fields
) -> Result:
    """Draft a new result in a network; its people are told."""
    network = Network.objects.get(pk=network_id)
    if not rules.can_draft(by, network):
        raise PermissionDenied
    edition = edition_for_new_work(network.pk)
    result = Result(network=network, edition=edition, author=by, stage=Stage.DRAFT)
    for name in RESULT_FIELDS:
        setattr(result, name, fields[name])
    result.body = sanitise.rich_text(result.body)
    result.save()
    _links(result, by, meetings, practices, plans)
    search_index(result)
    _tell(
        people_of(network, besides=by), kind=NotificationKind.RESULT_NEW, variant="draft",
        result=result, audience=NetworkAudience.INSIDE, summary=result.summary,
    )  # fmt: skip
    return result


@transaction.atomic
def result_edit(
    *, result_id: int, by: User, meetings=(), practices=(), plans=None, **fields
) -> Result:
    """Edit a result's text and links; its stage is not this form's to change, so a page
    loaded before the coordinator opened it further cannot move it back."""
    result = _locked(result_id)
    if not rules.can_edit(by, result):
        raise PermissionDenied
    check_edition_writable(result.edition_id)  # closing it waits for this edit, or refuses it
    for name in RESULT_FIELDS:
        setattr(result, name, fields[name])
    result.body = sanitise.rich_text(result.body)
    result.save(update_fields=[*RESULT_FIELDS, "updated_at"])
    _links(result, by, meetings, practices, plans)
    search_index(result)
    return result


def search_document(result: Result) -> analysis.Document:
    """What the search reads of a result: its title most, its summary, then its text and
    the network that produced it."""
    return analysis.document(
        (result.title, "A"),
        (result.summary, "B"),
        (analysis.text_of(result.body), "C"),
        (result.network.name, "C"),
    )


def search_index(result: Result) -> None:
    save_in_search(Result, result.pk, search_document(result))


@transaction.atomic
def stage_change(*, result_id: int, by: User, to_stage: str, opinions_until=None) -> Result:
    """The coordinator opens the result to the next readers; those who newly may read it hear
    of it, and the network's people hear that it moved."""
    result = _locked(result_id)
    if not rules.can_change_stage(by, result):
        raise PermissionDenied
    check_edition_writable(result.edition_id)
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
    if to_stage == Stage.OBSERVERS:
        result.opinions_until = opinions_until
    result.save(
        update_fields=[
            "stage", "opened_to_observers_at", "published_at", "opinions_until", "updated_at"
        ]
    )  # fmt: skip
    if to_stage == Stage.OBSERVERS:
        for_observers, for_people = "awaits_opinion", "opened_to_observers"
    else:
        for_observers = "public_new" if skipped_observers else "published"
        for_people = "published"
    _tell(
        people_of(result.network, inside=False, observers=True),
        kind=NotificationKind.RESULT_NEW if to_stage == Stage.OBSERVERS or skipped_observers
        else NotificationKind.RESULT_STAGE,
        variant=for_observers, result=result, audience=NetworkAudience.OBSERVERS,
        summary=result.summary,
    )  # fmt: skip
    _tell(
        people_of(result.network, besides=by), kind=NotificationKind.RESULT_STAGE,
        variant=for_people, result=result, audience=NetworkAudience.INSIDE,
    )  # fmt: skip
    return result


@transaction.atomic
def attachment_add(*, result_id: int, by: User, upload, title: str) -> ResultAttachment:
    result = _locked(result_id)
    if not rules.can_edit(by, result):
        raise PermissionDenied
    return uploads.attachment_saved(ResultAttachment(result=result), upload, title=title, by=by)


@transaction.atomic
def attachment_delete(*, attachment_id: int, by: User) -> None:
    """The file goes once the removal commits."""
    attachment = ResultAttachment.objects.select_related("result__network").get(pk=attachment_id)
    result = _locked(attachment.result_id)
    if not rules.can_edit(by, result):
        raise PermissionDenied
    attachment.delete()


# Comments


def _locked_comment(comment_id) -> Comment:
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("result__network", "result__edition")
        .get(pk=comment_id)
    )


@transaction.atomic
def comment_add(*, result_id: int, by: User, body: str, parent_id: int | None = None) -> Comment:
    result = (
        Result.objects.visible_to(by).select_related("network", "edition")
        .filter(pk=result_id).first()
    )  # fmt: skip
    if result is None:
        raise PermissionDenied
    check_edition_writable(result.edition_id)  # an archive's result: the reason, not a refusal
    if not rules.can_comment(by, result):
        raise PermissionDenied
    body = sanitise.visible(body)
    if not body:
        raise ValidationError(_("Write something first."))
    parent = None
    if parent_id is not None:
        parent = Comment.objects.select_related("parent", "author").filter(pk=parent_id).first()
        if parent is None or parent.result_id != result.pk:
            raise ValidationError(_("That comment belongs to another result."))
        parent = parent.parent or parent  # one level of replies: answer the thread
        if parent.is_deleted or parent.is_hidden:
            raise ValidationError(_("That comment is no longer there to reply to."))
    comment = Comment.objects.create(result=result, parent=parent, author=by, body=body)
    told = parent.author if parent is not None else None
    # The reply is news only for an author who may still read the result.
    if (
        told is not None
        and told.pk != by.pk
        and Result.objects.visible_to(told).filter(pk=result.pk).exists()
    ):
        audience = (
            NetworkAudience.INSIDE if result.stage == Stage.DRAFT else NetworkAudience.OBSERVERS
        )
        # The reply's text stays out: a moderator may hide it before the digest goes.
        notify(
            recipient=told, kind=NotificationKind.COMMENT_REPLY,
            params={"person": by.get_full_name(), "title": result.title},
            url=reverse("results:detail", args=[result.pk]) + f"#komentarz-{comment.pk}",
            network=result.network, network_audience=audience,
        )  # fmt: skip
    return comment


@transaction.atomic
def comment_edit(*, comment_id: int, by: User, body: str) -> Comment:
    comment = _locked_comment(comment_id)
    check_edition_writable(comment.result.edition_id)  # closing it waits, or refuses this
    if not rules.can_edit_comment(by, comment):
        raise PermissionDenied(_("A comment may be edited only by its author, for 15 minutes."))
    body = sanitise.visible(body)
    if not body:
        raise ValidationError(_("Write something first."))
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment_id: int, by: User) -> Comment:
    comment = _locked_comment(comment_id)
    check_edition_writable(comment.result.edition_id)
    if not rules.can_delete_comment(by, comment):
        raise PermissionDenied
    comment.body = ""
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["body", "deleted_at"])
    return comment


class CommentModerator(Moderator):
    """A comment is moderated by the coordinator of its result's network (empirie.moderation)."""

    reports, records = CommentReport, Moderation
    already_reported = gettext_lazy("You have already reported this comment.")
    already_hidden = gettext_lazy("This comment is already hidden.")
    not_hidden = gettext_lazy("This comment is not hidden.")

    def readable(self, by):
        return Comment.objects.visible_to(by)

    def locked(self, pk, by):
        return _locked_comment(pk)

    def may_report(self, by, comment):
        return rules.can_report_comment(by, comment)

    def may_moderate(self, by, comment):
        return rules.can_moderate(by, comment.result)


comment_moderator = CommentModerator()


def comment_report(*, comment_id: int, by: User, reason: str) -> CommentReport:
    return comment_moderator.report(comment_id, by=by, reason=reason)


def comment_hide(*, comment_id: int, by: User, reason: str) -> Comment:
    return comment_moderator.hide(comment_id, by=by, reason=reason)


def comment_restore(*, comment_id: int, by: User, reason: str = "") -> Comment:
    return comment_moderator.restore(comment_id, by=by, reason=reason)


def reports_dismiss(*, comment_id: int, by: User, reason: str = "") -> int:
    return comment_moderator.dismiss_reports(comment_id, by=by, reason=reason)
