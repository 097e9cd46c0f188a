from django.db import models
from django.utils.translation import gettext_lazy as _


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for review")
    CHANGES_REQUESTED = "changes", _("changes requested")
    PUBLISHED = "published", _("published")


class PopulationBand(models.TextChoices):
    """Cities by size, for finding practices of cities like one's own."""

    SMALL = "small", _("under 20,000 inhabitants")
    MEDIUM = "medium", _("20,000–50,000")
    LARGE = "large", _("50,000–100,000")
    BIG = "big", _("100,000–200,000")
    METROPOLIS = "metropolis", _("over 200,000")


BAND_LIMITS = {
    PopulationBand.SMALL: (0, 20_000),
    PopulationBand.MEDIUM: (20_000, 50_000),
    PopulationBand.LARGE: (50_000, 100_000),
    PopulationBand.BIG: (100_000, 200_000),
    PopulationBand.METROPOLIS: (200_000, None),
}


def band_of(population: int) -> str:
    for band, (low, high) in BAND_LIMITS.items():
        if population >= low and (high is None or population < high):
            return band
    return PopulationBand.SMALL


class TransferKind(models.TextChoices):
    ADOPTED = "adopted", _("adopted as it was")
    ADAPTED = "adapted", _("adapted")
