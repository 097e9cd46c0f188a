from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from cities.models import POSTAL_CODE_PATTERN
from empirie import uploads
from empirie.cache import RemembersLoadedValues, cached
from empirie.i18n import localized
from empirie.labels import QuickChoiceLabels
from networks.access import access_of

from .choices import PracticeStatus, TransferKind


class CategoryQuerySet(models.QuerySet):
    def in_tree_order(self):
        """Each top category followed by its sub-categories (the tree has two levels)."""
        return self.select_related("parent").order_by(
            Coalesce("parent__position", "position"),
            Coalesce("parent_id", "id"),
            F("parent_id").asc(nulls_first=True),
            "position",
            "name",
        )


class Category(models.Model):
    """A category of the good-practice tree; sub-categories name their parent."""

    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(
        _("name in English"),
        max_length=120,
        blank=True,
        help_text=_("Shown on the English pages; the Polish name when empty."),
    )
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="category_unique_name"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent__isnull=True), name="category_unique_top_name"
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="category_not_own_parent"),
        ]

    def __str__(self):
        # In the page's language: select choices, filters and pages all show it so.
        return localized(self.name, self.name_en)


class PracticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published practices (one restricted to its networks only to those who see one of
        their insides), the person's own work not yet published, and what they review."""
        from . import rules  # the rules read these models

        access = access_of(user)
        if access.administrator:
            return self.all()
        inside = Practice.networks.through.objects.filter(network_id__in=access.inside)
        # A subquery, not a join, so a practice of several networks stays one row.
        published = Q(status=PracticeStatus.PUBLISHED) & (
            Q(restricted_to_networks=False) | Q(pk__in=inside.values("practice_id"))
        )
        if not access.authenticated:
            return self.filter(published)
        # Once published, even its author reads it as its audience does: the published
        # lists then depend on access alone.
        # A draft restricted to networks is its author's only while they see one's inside
        # (a leader whose verification is withdrawn no longer reads the leaders' drafts).
        own_work = (
            Q(author=user)
            & ~Q(status=PracticeStatus.PUBLISHED)
            & (Q(restricted_to_networks=False) | Q(pk__in=inside.values("practice_id")))
        )
        return self.filter(published | own_work | rules.reviewable_q(user))

    def published_audience(self, user) -> str:
        """Who sees the same published practices as `user`, as a short text: equal for two
        people only when visible_to gives them the same published practices, so the lists,
        searches and map of published practices are shared by all of them rather than kept
        once per access fingerprint. By visible_to above: an administrator sees every one;
        anyone else the unrestricted ones and those of the networks whose inside they see, so
        only the networks that have a restricted practice tell people apart (nearly always
        the leaders' network alone)."""
        access = access_of(user)
        if access.administrator:
            return "all"
        # Any restricted practice's networks, whatever its stage: a practice restricted and
        # published later is counted already. Read again once any practice changes.
        restricting = cached(
            "practices",
            "restricting-networks",
            lambda: sorted(
                Practice.networks.through.objects.filter(practice__restricted_to_networks=True)
                .values_list("network_id", flat=True)
                .distinct()
            ),
            in_process=True,
        )
        return "inside:" + ",".join(map(str, sorted(access.inside.intersection(restricting))))


class Practice(QuickChoiceLabels, RemembersLoadedValues, models.Model):
    """A tested good practice of a city, as recorded in the good-practice database."""

    # What links to a practice show (its title) and which a person finds (published, where,
    # of what, since when): empirie.cache.stale_on_change, practices.selectors.PRACTICE_LINKS.
    remembered_fields = (
        "title", "slug", "status", "restricted_to_networks", "city_id", "category_id",
        "published_at",
    )  # fmt: skip

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=280, unique=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="practices", verbose_name=_("category")
    )
    city = models.ForeignKey(
        "cities.City", on_delete=models.PROTECT, related_name="practices", verbose_name=_("city")
    )
    summary = models.TextField(_("summary (skrót)"))
    presentation = models.TextField(_("full presentation"), blank=True)
    implementing_unit = models.CharField(_("implementing unit"), max_length=255, blank=True)
    street_address = models.CharField(_("street address"), max_length=255, blank=True)
    postal_code = models.CharField(
        _("postal code"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(POSTAL_CODE_PATTERN, _("Enter a postal code like 32-700."))],
    )
    post_office = models.CharField(_("post office"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    inhabitants = models.PositiveIntegerField(_("number of inhabitants"), null=True, blank=True)
    networks = models.ManyToManyField(
        "networks.Network", blank=True, related_name="practices", verbose_name=_("networks")
    )
    restricted_to_networks = models.BooleanField(
        _("only for the people of its networks"),
        default=False,
        help_text=_("For practices of a closed network, such as the leaders' network."),
    )
    tags = models.ManyToManyField(
        "Tag", blank=True, related_name="practices", verbose_name=_("tags")
    )
    plans = models.ManyToManyField(
        "cities.DevelopmentPlan",
        blank=True,
        related_name="practices",
        verbose_name=_("development plans it serves"),
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Every word the search reads (search.index): what the GIN index matches.
    search_vector = SearchVectorField(null=True, editable=False)
    # Only the title's, summary's and filing's words: kept in the row, it ranks the matches.
    rank_vector = SearchVectorField(null=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("author"),
    )
    entered_at = models.DateTimeField(_("date entered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("date updated"), auto_now=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-entered_at"]
        indexes = [
            GinIndex(fields=["search_vector"], name="practice_search"),
            # The published practices' own: with only the index above, PostgreSQL reached a
            # common word's matches through the status indexes below and tested the match on
            # every published row, each reading its vector from TOAST (49 ms; this: 12).
            GinIndex(
                fields=["search_vector"],
                condition=Q(status=PracticeStatus.PUBLISHED),
                name="practice_published_search",
            ),
            # The list's newest-first page reads the first rows of this, not the whole table.
            models.Index(
                F("published_at").desc(),
                condition=Q(status=PracticeStatus.PUBLISHED),
                name="practice_published_newest",
            ),
            # The lists count what they show, and the map groups it by city, from this alone,
            # not from the wide rows (with what visible_to asks of a logged-in person: the id
            # and the author); the statistics group it by category, city and dates too.
            models.Index(
                fields=["status", "restricted_to_networks"],
                include=[
                    "id",
                    "author_id",
                    "city_id",
                    "category_id",
                    "published_at",
                    "submitted_at",
                ],
                name="practice_status_restriction",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PracticeStatus.values), name="practice_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(postal_code="") | Q(postal_code__regex=POSTAL_CODE_PATTERN),
                name="practice_postal_code_format",
                violation_error_message=_("Enter a postal code like 32-700."),
            ),
        ]

    def __str__(self):
        return self.title


class Tag(models.Model):
    """A free keyword of practices."""

    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PracticeContact(models.Model):
    """A person to ask about a practice."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("practice")
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class Transfer(QuickChoiceLabels, models.Model):
    """A city took up another city's practice, as it was or adapted: "one project into many"."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="transfers", verbose_name=_("practice")
    )
    city = models.ForeignKey(
        "cities.City",
        on_delete=models.PROTECT,
        related_name="adopted_practices",
        verbose_name=_("city"),
    )
    kind = models.CharField(_("how"), max_length=10, choices=TransferKind.choices)
    note = models.TextField(_("what the city changed"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-recorded_at"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "city"], name="transfer_once_per_city"),
            models.CheckConstraint(
                condition=Q(kind__in=TransferKind.values), name="transfer_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.practice} → {self.city}"


class PracticeAttachment(uploads.Attachment):
    """A document of a practice (PDF, DOCX, XLSX or PPTX), served only to those who see it."""

    owner_field = "practice"

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("practice")
    )
