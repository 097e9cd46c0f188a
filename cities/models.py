from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from empirie.labels import QuickChoiceLabels

from .choices import ProgrammeStatus, UnitType, Voivodeship

POSTAL_CODE_PATTERN = r"^[0-9]{2}-[0-9]{3}$"


class City(QuickChoiceLabels, models.Model):
    """A Polish municipality taking part in, or observing, the networks."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
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
        ordering = ["name"]
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
