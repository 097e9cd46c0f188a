"""Cached views of practices go stale whenever a practice, its parts, its networks or a city
change, however the change is made (portal, admin, import)."""

from audit.registry import track
from cities.models import City
from empirie.cache import stale_on_change

from .models import Category, Practice, PracticeAttachment, PracticeContact, Tag, Transfer

stale_on_change(
    "practices", Practice, Category, Tag, PracticeContact, Transfer, PracticeAttachment, City
)
track(Practice)
track(Transfer)
