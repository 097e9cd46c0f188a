"""Writing, reviewing and indexing practices, and recording their transfers."""

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.choices import NotificationKind
from accounts.models import User
from accounts.services import notify
from meetings import files
from meetings.services import sanitised

from . import rules
from .choices import PracticeStatus
from .models import Practice, PracticeAttachment, Transfer
from .search import folded

WEIGHTS = (("title", "A"), ("summary", "B"), ("presentation", "C"))


def search_index(practice: Practice) -> None:
    """Refresh the practice's search vector from its folded texts."""
    vector = None
    for field, weight in WEIGHTS:
        part = SearchVector(Value(folded(getattr(practice, field))), config="simple", weight=weight)
        vector = part if vector is None else vector + part
    Practice.objects.filter(pk=practice.pk).update(search_vector=vector)


def unique_slug(title: str) -> str:
    base = slugify(folded(title))[:250] or "praktyka"
    slug, number = base, 1
    while Practice.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def practice_save(
    *, by: User, practice: Practice | None = None, networks=(), tags=(), contacts=(), **fields
):
    """Create or edit a draft; its city is the author's (administrators may choose)."""
    if practice is None:
        if not rules.can_submit_practices(by):
            raise PermissionDenied
        practice = Practice(author=by, city=by.profile.city, status=PracticeStatus.DRAFT)
    elif not rules.can_edit(by, practice):
        raise PermissionDenied
    for name, value in fields.items():
        setattr(practice, name, value)
    practice.presentation = sanitised(practice.presentation)
    if not practice.slug:
        practice.slug = unique_slug(practice.title)
    practice.save()
    practice.networks.set(networks)
    practice.tags.set(tags)
    practice.contacts.all().delete()
    for contact in contacts:
        practice.contacts.create(**contact)
    search_index(practice)
    return practice


@transaction.atomic
def practice_submit(*, practice: Practice, by: User) -> Practice:
    if not rules.can_edit(by, practice) or practice.author_id != by.pk:
        raise PermissionDenied
    practice.status = PracticeStatus.SUBMITTED
    practice.submitted_at = timezone.now()
    practice.save(update_fields=["status", "submitted_at", "updated_at"])
    return practice


@transaction.atomic
def practice_review(*, practice: Practice, by: User, publish: bool, comment: str = "") -> Practice:
    """A coordinator or administrator publishes the practice or asks for changes; the author hears."""
    if not rules.can_review(by) or practice.author_id == by.pk:
        raise PermissionDenied
    practice = Practice.objects.select_for_update(of=("self",)).get(pk=practice.pk)
    if practice.status != PracticeStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted practice is reviewed."))
    if not publish and not comment.strip():
        raise ValidationError(_("Say what should change; the author will read it."))
    practice.status = PracticeStatus.PUBLISHED if publish else PracticeStatus.CHANGES_REQUESTED
    practice.review_comment = comment.strip()
    if publish:
        practice.published_at = timezone.now()
    practice.save()
    if practice.author:
        with translation.override(settings.LANGUAGE_CODE):
            title = (
                _("Your practice is published: %(title)s")
                if publish
                else _("Changes requested in your practice: %(title)s")
            ) % {"title": practice.title}
        notify(
            recipient=practice.author,
            kind=NotificationKind.PRACTICE_REVIEWED,
            title=title,
            body=practice.review_comment,
            url=reverse("practices:detail", args=[practice.slug]),
        )
    return practice


def transfer_record(*, practice: Practice, by: User, kind: str, note: str) -> Transfer:
    if not rules.can_record_transfer(by, practice):
        raise PermissionDenied
    try:
        with transaction.atomic():
            return Transfer.objects.create(
                practice=practice,
                city=by.profile.city,
                kind=kind,
                note=note.strip(),
                recorded_by=by,
            )
    except IntegrityError as error:
        raise ValidationError(_("Your city has already recorded this practice.")) from error


@transaction.atomic
def attachment_add(*, practice: Practice, by: User, upload, title: str) -> PracticeAttachment:
    """A document checked by its content, kept in private storage."""
    if not rules.can_edit(by, practice):
        raise PermissionDenied
    return files.document_saved(PracticeAttachment(practice=practice), upload, title=title, by=by)


def attachment_delete(*, attachment: PracticeAttachment, by: User) -> None:
    if not rules.can_edit(by, attachment.practice):
        raise PermissionDenied
    files.document_deleted(attachment)
