from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from empirie.collation import SORT_KEY_LENGTH, sort_key
from empirie.labels import QuickChoiceLabels

from .choices import PlanKind, ProgrammeStatus, UnitType, Voivodeship

POSTAL_CODE_PATTERN = r"^[0-9]{2}-[0-9]{3}$"
# The years a development plan may cover: the programme was announced in 2019; a plan may
# look far ahead, but not past the century.
PLAN_FIRST_YEAR, PLAN_LAST_YEAR = 2000, 2100


class City(QuickChoiceLabels, models.Model):
    """A Polish municipality taking part in, or observing, the networks."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    # The name in Polish alphabetical order (empirie.collation), for lists sorted in SQL.
    sort_key = models.CharField(
        _("sort key"), max_length=SORT_KEY_LENGTH, db_collation="C", db_index=True, editable=False
    )
    unit_type = models.CharField(_("unit type"), max_length=32, choices=UnitType.choices)
    county = models.CharField(_("county (powiat)"), max_length=100)
    voivodeship = models.CharField(_("voivodeship"), max_length=24, choices=Voivodeship.choices)
    postal_code = models.CharField(
        _("postal code"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(POSTAL_CODE_PATTERN, _("Enter a postal code like 32-700."))],
    )
    population = models.PositiveIntegerField(_("population"))
    website = models.URLField(_("website"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    is_zmp_member = models.BooleanField(_("member of ZMP"), default=False)
    programme_status = models.CharField(
        _("status in the programme"),
        max_length=16,
        choices=ProgrammeStatus.choices,
        default=ProgrammeStatus.NONE,
    )

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "county", "voivodeship"], name="city_unique_name_in_county"
            ),
            models.CheckConstraint(
                condition=Q(unit_type__in=UnitType.values), name="city_unit_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(voivodeship__in=Voivodeship.values), name="city_voivodeship_valid"
            ),
            models.CheckConstraint(
                condition=Q(programme_status__in=ProgrammeStatus.values),
                name="city_programme_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(postal_code="") | Q(postal_code__regex=POSTAL_CODE_PATTERN),
                name="city_postal_code_format",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="city_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="city_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="city_coordinates_both_or_neither",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Derived from the name like a slug, so kept by every path that writes the name (the
        # admin, the imports, the demo); bulk writes set it themselves (national_data).
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "name" in update_fields:
            self.sort_key = sort_key(self.name)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "sort_key"}
        super().save(*args, **kwargs)


class DevelopmentPlan(QuickChoiceLabels, models.Model):
    """A city's local or institutional development plan, as it brought it to the programme."""

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="plans", verbose_name=_("city")
    )
    kind = models.CharField(_("kind of plan"), max_length=16, choices=PlanKind.choices)
    title = models.CharField(_("title"), max_length=255)
    period_from = models.PositiveSmallIntegerField(
        _("from year"),
        validators=[MinValueValidator(PLAN_FIRST_YEAR), MaxValueValidator(PLAN_LAST_YEAR)],
    )
    period_to = models.PositiveSmallIntegerField(
        _("to year"),
        validators=[MinValueValidator(PLAN_FIRST_YEAR), MaxValueValidator(PLAN_LAST_YEAR)],
    )
    goals = models.TextField(_("main goals"), max_length=5000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")
        ordering = ["city", "-period_from", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PlanKind.values), name="plan_kind_valid"),
            models.CheckConstraint(
                condition=Q(period_from__lte=models.F("period_to")), name="plan_period_in_order"
            ),
            models.CheckConstraint(
                condition=Q(period_from__gte=PLAN_FIRST_YEAR, period_to__lte=PLAN_LAST_YEAR),
                name="plan_period_years",
            ),
        ]
        indexes = [models.Index(fields=["city", "kind"], name="plan_city_kind")]

    def __str__(self):
        return f"{self.title} ({self.period_from}–{self.period_to})"

    @property
    def period(self) -> str:
        return f"{self.period_from}–{self.period_to}"
