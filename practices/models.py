from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cities.models import POSTAL_CODE_PATTERN

from .choices import PracticeStatus


class Category(models.Model):
    """A category of the good-practice tree; sub-categories name their parent."""

    name = models.CharField(_("name"), max_length=120)
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
        return self.name


class Practice(models.Model):
    """A tested good practice of a city, as recorded in the good-practice database."""

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
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    post_office = models.CharField(_("post office"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    inhabitants = models.PositiveIntegerField(_("number of inhabitants"), null=True, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    networks = models.ManyToManyField(
        "networks.Network", blank=True, related_name="practices", verbose_name=_("networks")
    )
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

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-entered_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PracticeStatus.values), name="practice_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(postal_code="") | Q(postal_code__regex=POSTAL_CODE_PATTERN),
                name="practice_postal_code_format",
            ),
        ]

    def __str__(self):
        return self.title
