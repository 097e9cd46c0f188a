"""Writing, reviewing and indexing practices, and recording their transfers."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.choices import NotificationKind
from accounts.models import User
from accounts.services import notify
from cities.models import DevelopmentPlan
from empirie import sanitise, uploads
from empirie.folding import folded
from networks.access import access_of, closed_network_ids
from search import analysis
from search.index import save as save_in_search

from . import rules
from .choices import PracticeStatus
from .models import Practice, PracticeAttachment, Transfer


def search_document(practice: Practice) -> analysis.Document:
    """What the search reads of a practice: its title most, then its summary and what it is
    filed under (category, tags, city), then its parent category and the unit that did it;
    its presentation and where the city lies are matched but not ranked (weight D, left out
    of the rank vector, which stays small enough to be kept in the row)."""
    category, city = practice.category, practice.city
    return analysis.document(
        (practice.title, "A"),
        (practice.summary, "B"),
        (category.name, "B"),
        (category.parent.name if category.parent_id else "", "C"),
        (" ".join(tag.name for tag in practice.tags.all()), "B"),
        (city.name, "B"),
        (analysis.text_of(practice.presentation), "D"),
        (practice.implementing_unit, "C"),
        (f"{city.county} {city.get_voivodeship_display()}", "D"),
    )


def search_index(practice: Practice) -> None:
    """Refresh the practice's search vector, in the write's transaction."""
    save_in_search(Practice, practice.pk, search_document(practice))


def is_free_slug(slug: str) -> bool:
    """Not one of the list's own addresses (mapa, nowa, do-recenzji…), which a practice of
    that title would otherwise hide behind."""
    try:
        return resolve(reverse("practices:detail", args=[slug])).url_name == "detail"
    except NoReverseMatch:
        return False


def unique_slug(title: str) -> str:
    """The title's words and a random tail, the same whatever other practices exist: a
    sequential "-2" would prove that a practice of that title exists, hidden or not."""
    base = slugify(folded(title))[:240] or "praktyka"
    while True:
        slug = f"{base}-{secrets.token_hex(3)}"
        if not Practice.objects.filter(slug=slug).exists():
            return slug


def _locked(practice_id) -> Practice:
    return Practice.objects.select_for_update(of=("self",)).get(pk=practice_id)


# What the author writes; status, review and dates are the review's.
PRACTICE_FIELDS = (
    "title", "category", "summary", "presentation", "implementing_unit", "street_address",
    "postal_code", "post_office", "website", "inhabitants", "restricted_to_networks",
)  # fmt: skip


@transaction.atomic
def practice_save(
    *,
    by: User,
    practice_id: int | None = None,
    networks=(),
    tags=(),
    contacts=(),
    plans=None,
    **fields,
):
    """Create or edit a draft; its city is the author's."""
    if practice_id is None:
        if not rules.can_submit_practices(by):
            raise PermissionDenied
        practice = Practice(author=by, city=by.profile.city, status=PracticeStatus.DRAFT)
    else:
        practice = _locked(practice_id)
        if not rules.can_edit(by, practice):
            raise PermissionDenied
    # Shown only to its networks' people, a practice is restricted to networks its author
    # reads (or that it already names): else it would be hidden from its own author.
    restricted = fields.get("restricted_to_networks", practice.restricted_to_networks)
    linked = set(practice.networks.values_list("pk", flat=True)) if practice.pk else set()
    if restricted and {network.pk for network in networks} - access_of(by).inside - linked:
        raise ValidationError(
            {"networks": _("Only for the people of networks you take part in: untick the "
                           "others, or let everyone see it.")}
        )  # fmt: skip
    # What was restricted to the closed network (a draft made from its discussion holds what
    # its people said there) stays within it: neither its author nor anyone else widens it.
    closed = linked & closed_network_ids() if practice.restricted_to_networks else set()
    if closed and (not restricted or closed - {network.pk for network in networks}):
        raise ValidationError(
            {"restricted_to_networks": _("This practice stays restricted to the leaders' "
                                         "network: what its people wrote is for them only.")}
        )  # fmt: skip
    written = [name for name in PRACTICE_FIELDS if name in fields]
    for name in written:
        setattr(practice, name, fields[name])
    practice.presentation = sanitise.rich_text(practice.presentation)
    if practice.pk is None:
        practice.slug = unique_slug(practice.title)
        practice.save()
    else:
        practice.save(update_fields=[*written, "updated_at"])
    practice.networks.set(networks)
    practice.tags.set(tags)
    if plans is not None:  # None: the caller does not name them, and they stay
        # Only the plans of the practice's own city: those it can serve.
        practice.plans.set(
            DevelopmentPlan.objects.filter(city=practice.city_id, pk__in=[p.pk for p in plans])
        )
    if contacts is not None:  # None: the form was sent without them, and they stay
        practice.contacts.all().delete()
        for contact in contacts:
            practice.contacts.create(**contact)
    search_index(practice)
    return practice


@transaction.atomic
def practice_submit(*, practice_id: int, by: User) -> Practice:
    practice = _locked(practice_id)
    if practice.author_id != by.pk:
        raise PermissionDenied
    if not rules.can_edit(by, practice):
        raise ValidationError(_("This practice has already been submitted."))
    practice.status = PracticeStatus.SUBMITTED
    practice.submitted_at = timezone.now()
    practice.save(update_fields=["status", "submitted_at", "updated_at"])
    return practice


@transaction.atomic
def practice_review(*, practice_id: int, by: User, publish: bool, comment: str = "") -> Practice:
    """A coordinator or administrator publishes the practice or asks for changes; the author
    hears. A practice restricted to networks is reviewed only by their coordinators."""
    practice = _locked(practice_id)
    if not rules.can_review(by, practice):
        if practice.status != PracticeStatus.SUBMITTED and rules.can_review_practices(by):
            raise ValidationError(_("Only a submitted practice is reviewed."))
        raise PermissionDenied
    if not publish and not comment.strip():
        raise ValidationError(_("Say what should change; the author will read it."))
    practice.status = PracticeStatus.PUBLISHED if publish else PracticeStatus.CHANGES_REQUESTED
    practice.review_comment = comment.strip()
    fields = ["status", "review_comment", "updated_at"]
    if publish:
        practice.published_at = timezone.now()
        fields.append("published_at")
    practice.save(update_fields=fields)
    if practice.author_id:
        notify(
            recipient=practice.author,
            kind=NotificationKind.PRACTICE_REVIEWED,
            params={
                "title": practice.title,
                "published": publish,
                "comment": practice.review_comment,
            },
            url=reverse("practices:detail", args=[practice.slug]),
            network=_news_network(practice),
        )
    return practice


def _news_network(practice):
    """Whose news a review is. Changes asked for: the author's own, as the practice still is.
    A published practice restricted to its networks: news of one of them (the one whose
    inside its author sees, if any), read only while its author may read the practice."""
    if not practice.restricted_to_networks or practice.status != PracticeStatus.PUBLISHED:
        return None
    networks = list(practice.networks.order_by("number"))
    inside = access_of(practice.author).inside
    return next((n for n in networks if n.pk in inside), networks[0] if networks else None)


def transfer_record(*, practice_id: int, by: User, kind: str, note: str) -> Transfer:
    practice = Practice.objects.visible_to(by).filter(pk=practice_id).first()
    if practice is None or not rules.can_record_transfer(by, practice):
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
def attachment_add(*, practice_id: int, by: User, upload, title: str) -> PracticeAttachment:
    """A document checked by its content, kept in private storage."""
    practice = _locked(practice_id)
    if not rules.can_edit(by, practice):
        raise PermissionDenied
    return uploads.attachment_saved(
        PracticeAttachment(practice=practice), upload, title=title, by=by
    )


@transaction.atomic
def attachment_delete(*, attachment_id: int, by: User) -> None:
    """The file goes once the removal commits."""
    attachment = PracticeAttachment.objects.get(pk=attachment_id)
    if not rules.can_edit(by, _locked(attachment.practice_id)):
        raise PermissionDenied
    attachment.delete()
