"""Every cached page may name a city: they all go stale when a city changes."""

from empirie.cache import stale_on_change

from .models import City

stale_on_change("portal", City)
